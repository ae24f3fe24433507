"""A visit stored while the helpdesk sent none of some of its fields comes right once
the RT administrator fixes the field, though the visit itself did not change.

A rename (or a change of rights) does not move a ticket's LastUpdated, and the pull
only read tickets whose LastUpdated moved: the visit kept the window it had before
(or none, if it first came down that way) for ever, and every sync was clean.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync.store import tickets as ticket_store
from tests.integration.helpers import Technician, server_ticket, supervisor_update
from tests.integration.test_ticket_field_renamed import ticket_field_renamed

pytestmark = pytest.mark.rt

NOT_SENT = "the helpdesk sent no 'Visit end', 'Visit start' for"


@contextmanager
def visit_window_renamed(rt: RunningRT) -> Iterator[None]:
    """'Visit Start' and 'Visit End' under other names, as in the reviewer's repro."""
    with ExitStack() as stack:
        stack.enter_context(ticket_field_renamed(rt, "Visit Start", "Visit Begin"))
        stack.enter_context(ticket_field_renamed(rt, "Visit End", "Visit Finish"))
        yield


def window(laptop: Technician, ticket_id: int) -> tuple[str | None, str | None]:
    visit = ticket_store.get_visit(laptop.db, ticket_id)
    assert visit is not None
    return visit.visit_start, visit.visit_end


def rt_window(rt: RunningRT, ticket_id: int) -> tuple[str | None, str | None]:
    fields = server_ticket(rt, ticket_id).fields
    return fields["visit_start"], fields["visit_end"]


def test_a_visit_rescheduled_while_its_window_was_renamed_shows_rts_window_once_named_back(
    rt: RunningRT, tmp_path: Path
) -> None:
    laptop = Technician(rt, "alice", tmp_path)
    assert laptop.sync().ok
    visit = next(v for v in ticket_store.list_visits(laptop.db) if v.visit_start)
    moved = ("2026-12-08T15:00:00Z", "2026-12-08T16:30:00Z")
    assert window(laptop, visit.id) != moved
    supervisor_update(rt, visit.id, {"visit_start": moved[0], "visit_end": moved[1]})

    with visit_window_renamed(rt):
        report = laptop.sync()  # reads the rescheduled visit, without its window
        assert report.error is not None and NOT_SENT in report.error
        assert window(laptop, visit.id) == (visit.visit_start, visit.visit_end)  # kept
        idle = laptop.sync()  # nothing changed: not read again, still said
        assert idle.tickets_pulled == 0
        assert idle.error is not None and NOT_SENT in idle.error
        assert idle.requests <= 3  # the idle sync's two, and one visit asked

    fixed = laptop.sync()
    assert fixed.ok, fixed.error
    assert window(laptop, visit.id) == moved == rt_window(rt, visit.id)
    # Nothing left to fetch again: the idle sync is two requests again.
    after = laptop.sync()
    assert after.ok and after.tickets_pulled == 0 and after.requests <= 2


def test_a_first_sign_in_with_the_window_renamed_shows_rts_windows_once_named_back(
    rt: RunningRT, tmp_path: Path
) -> None:
    with visit_window_renamed(rt):
        laptop = Technician(rt, "alice", tmp_path)
        report = laptop.sync()
        assert report.error is not None and NOT_SENT in report.error
        held = [v.id for v in ticket_store.list_visits(laptop.db)]
        assert all(window(laptop, t) == (None, None) for t in held)  # "not booked"
        again = laptop.sync()
        assert again.tickets_pulled == 0 and again.requests <= 3
        assert again.error is not None and NOT_SENT in again.error

    booked = {t: rt_window(rt, t) for t in held}
    assert any(start for start, _ in booked.values())
    fixed = laptop.sync()
    assert fixed.ok, fixed.error
    assert {t: window(laptop, t) for t in held} == booked
    after = laptop.sync()
    assert after.ok and after.tickets_pulled == 0 and after.requests <= 2
