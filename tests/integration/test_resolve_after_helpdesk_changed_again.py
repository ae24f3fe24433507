"""A conflict settled after the helpdesk changed the field once more: the laptop catches up.

Found by the fleet soak: the technician's change met the supervisor's value (a
conflict), the helpdesk changed the field again, a sync pulled the ticket while
the conflict was open (the field kept its unsent edit, the ticket took the new
LastUpdated), and "take theirs" then put the conflict's older value on the
laptop for good: the next sync saw an unchanged LastUpdated and fetched nothing.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync import conflicts, outbox
from sync.store import tickets as ticket_store
from tests.integration.helpers import Technician, server_ticket, supervisor_update

pytestmark = pytest.mark.rt
FIRST, AGAIN = "1 x PSU (supervisor)", "1 x PSU, 1 x fan (supervisor, later)"


def conflict_then_changed_again(rt: RunningRT, tmp_path: Path, user: str) -> tuple[Technician, int]:
    laptop = Technician(rt, user, tmp_path)
    assert laptop.sync().ok
    ticket_id = ticket_store.list_visits(laptop.db)[0].id
    outbox.set_fields(laptop.db, ticket_id, {"parts_used": "2 x RJ45"})
    supervisor_update(rt, ticket_id, {"parts_used": FIRST})
    assert laptop.sync().conflicts == 1
    supervisor_update(rt, ticket_id, {"parts_used": AGAIN})
    time.sleep(1.1)  # RT stamps to the second: a stamp of this second would be fetched again anyway
    laptop.sync()  # pulls the ticket while its conflict is still open
    pulled = ticket_store.ticket_stamps(laptop.db)[ticket_id]
    assert pulled == server_ticket(rt, ticket_id).last_updated
    return laptop, ticket_id


def test_taking_theirs_ends_with_what_the_helpdesk_holds_now(rt: RunningRT, tmp_path: Path) -> None:
    laptop, ticket_id = conflict_then_changed_again(rt, tmp_path, "carol")
    conflicts.resolve(laptop.db, ticket_id, "parts_used", "theirs")
    assert laptop.sync().ok
    shown = ticket_store.get_visit(laptop.db, ticket_id)
    assert shown is not None and shown.parts_used == AGAIN
    assert server_ticket(rt, ticket_id).fields["parts_used"] == AGAIN


def test_the_conflict_offers_the_newer_value_and_mine_replaces_it_knowingly(
    rt: RunningRT, tmp_path: Path
) -> None:
    laptop, ticket_id = conflict_then_changed_again(rt, tmp_path, "alice")
    (offered,) = conflicts.open_conflicts(laptop.db, ticket_id)
    assert (offered.mine, offered.theirs) == ("2 x RJ45", AGAIN)
    conflicts.resolve(laptop.db, ticket_id, "parts_used", "mine")
    assert laptop.sync().ok
    assert server_ticket(rt, ticket_id).fields["parts_used"] == "2 x RJ45"
    assert not conflicts.open_conflicts(laptop.db)
