"""An idle sync costs two requests however many visits the laptop holds, and still
notices visits reassigned away, deleted or given to the technician at the next sync."""

from __future__ import annotations

import math
import time

import pytest

from devrt.instance import RunningRT
from sync import outbox
from sync.pullers.tickets import ROLL_CALL_EVERY_S, ROLL_CALL_SETTING
from sync.store import tickets as ticket_store
from sync.store.settings import set_setting
from tests.integration import rt_admin
from tests.integration.helpers import Technician, supervisor_update

pytestmark = pytest.mark.rt


@pytest.fixture(scope="module")
def alice(rt: RunningRT, tmp_path_factory: pytest.TempPathFactory) -> Technician:
    laptop = Technician(rt, "alice", tmp_path_factory.mktemp("alice"))
    report = laptop.sync()
    assert report.ok, report
    return laptop


def settle(laptop: Technician) -> None:
    """Sync until nothing comes: a ticket stamped in the second a listing ran in comes
    again at the next sync (the next syncs of a test can all fall in that second)."""
    for _ in range(5):
        if laptop.sync().tickets_pulled == 0:
            return
        time.sleep(1)
    raise AssertionError("the same tickets keep coming back")


def held(laptop: Technician) -> set[int]:
    return {v.id for v in ticket_store.list_visits(laptop.db) if v.gone is None}


def test_idle_sync_is_two_requests_with_few_and_with_many_visits(
    rt: RunningRT, alice: Technician
) -> None:
    few = alice.sync()
    assert few.ok and few.tickets_pulled == 0
    assert few.requests <= 2  # what changed (and how many are in scope) + KB/checklists

    added = rt_admin.create_tickets(rt, "alice", 250)
    report = alice.sync()
    assert report.ok and report.tickets_pulled == 250
    assert set(added) <= held(alice) and len(held(alice)) > 250
    settle(alice)

    many = alice.sync()
    assert many.ok and many.tickets_pulled == 0 and many.tickets_removed == 0
    assert many.requests == few.requests


def test_reassigned_away_deleted_and_given_are_noticed_at_the_next_sync(
    rt: RunningRT, alice: Technician
) -> None:
    mine = sorted(held(alice))
    away, deleted = mine[0], mine[1]
    given = rt_admin.create_tickets(rt, "bob", 1)[0]
    supervisor_update(rt, away, {"owner": "bob"})
    rt_admin.delete_ticket(rt, deleted)
    supervisor_update(rt, given, {"owner": "alice"})

    report = alice.sync()
    assert report.ok
    assert report.tickets_removed == 2
    assert away not in held(alice) and deleted not in held(alice)
    assert given in held(alice)
    # Settled: nothing more leaves, and the sync is idle again.
    settle(alice)
    assert len(held(alice)) == len(mine) - 1
    assert alice.sync().requests <= 2


def test_a_swap_of_one_visit_for_another_is_noticed_at_the_next_sync(
    rt: RunningRT, alice: Technician
) -> None:
    """The scope's size stays the same: the one given joins, the one taken leaves."""
    away = sorted(held(alice))[0]
    given = rt_admin.create_tickets(rt, "bob", 1)[0]
    supervisor_update(rt, away, {"owner": "bob"})
    supervisor_update(rt, given, {"owner": "alice"})

    report = alice.sync()
    assert report.ok and report.tickets_removed == 1
    assert away not in held(alice) and given in held(alice)


def test_the_full_roll_call_still_runs_once_an_hour(alice: Technician) -> None:
    """The safety net for a change the scope's size cannot show (see docs/performance.md)."""
    settle(alice)
    set_setting(alice.db, ROLL_CALL_SETTING, str(time.time() - ROLL_CALL_EVERY_S - 1))
    due = alice.sync()
    assert due.ok and due.requests == 2 + math.ceil(len(held(alice)) / 100)
    assert alice.sync().requests <= 2


def test_reassigned_away_with_unsent_work_stays_until_sent_then_leaves(
    rt: RunningRT, alice: Technician
) -> None:
    visit = sorted(held(alice))[0]
    supervisor_update(rt, visit, {"owner": "bob"})
    outbox.add_note(alice.db, visit, "Left the spare toner in the cupboard.", author="alice")

    report = alice.sync()
    assert visit in report.kept_with_unsent_changes
    assert visit not in held(alice) and ticket_store.get_visit(alice.db, visit) is not None
    # The note cannot go (the ticket is bob's now): the visit stays, marked, sync after sync.
    alice.sync()
    kept = ticket_store.get_visit(alice.db, visit)
    assert kept is not None and kept.gone
