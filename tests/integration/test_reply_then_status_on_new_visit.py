"""A reply written offline on a new visit, then its status changed: one sync, no conflict.

RT opens a new ticket by itself when a reply lands (its scrip "On Correspond Open
Inactive Tickets").  The reply goes first, so the status change met "open" where
the technician saw "new" and became a conflict with nobody: RT stayed open, the
resolve never reached it.  A status someone else set is still a conflict.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync import conflicts, outbox
from sync.connectors.rt import FIELD_QUEUE
from sync.workflow import resolve, set_status
from tests.integration.helpers import Technician, connector, server_ticket, supervisor_update

pytestmark = pytest.mark.rt


def new_visit_on_laptop(rt: RunningRT, tmp_path: Path, user: str) -> tuple[Technician, int]:
    """A visit the supervisor just made for user (RT status "new"), on user's laptop."""
    made = connector(rt, "supervisor").http.post(
        "ticket",
        {
            "Queue": FIELD_QUEUE,
            "Subject": "Printer offline since the move",
            "Owner": user,
            "Requestor": "office@westbrook.example",
            "Content": "The printer in room 4 shows offline.",
            "CustomFields": {"Site": "Westbrook Primary School"},
        },
    )
    ticket_id = int(made.body["id"])
    laptop = Technician(rt, user, tmp_path)
    assert laptop.sync().ok
    assert server_ticket(rt, ticket_id).fields["status"] == "new"
    return laptop, ticket_id


def reply_then(laptop: Technician, ticket_id: int, status: str) -> None:
    """Offline: a reply to the customer, then the status (resolved: as the app resolves)."""
    outbox.add_note(laptop.db, ticket_id, "Fixed, see you.", author=laptop.user, public=True)
    if status == "resolved":
        resolve(laptop.db, ticket_id, "Replaced the fuser", minutes=10, author=laptop.user)
    else:
        set_status(laptop.db, ticket_id, status)


@pytest.mark.parametrize("status", ["resolved", "stalled"])
def test_a_reply_then_a_status_reach_rt_in_one_sync(
    rt: RunningRT, tmp_path: Path, status: str
) -> None:
    laptop, ticket_id = new_visit_on_laptop(rt, tmp_path, "bob")
    reply_then(laptop, ticket_id, status)

    report = laptop.sync()

    assert report.ok and report.conflicts == 0
    assert server_ticket(rt, ticket_id).fields["status"] == status
    assert not conflicts.open_conflicts(laptop.db, ticket_id)
    assert not [row for row in outbox.rows(laptop.db) if row.ticket_ref == ticket_id]  # all sent


def test_a_supervisor_opening_the_visit_first_is_still_a_conflict(
    rt: RunningRT, tmp_path: Path
) -> None:
    laptop, ticket_id = new_visit_on_laptop(rt, tmp_path, "carol")
    reply_then(laptop, ticket_id, "resolved")
    supervisor_update(rt, ticket_id, {"status": "open"})

    report = laptop.sync()

    assert report.conflicts == 1
    (conflict,) = conflicts.open_conflicts(laptop.db, ticket_id)
    assert (conflict.field, conflict.base, conflict.mine, conflict.theirs) == (
        "status",
        "new",
        "resolved",
        "open",
    )
    assert server_ticket(rt, ticket_id).fields["status"] == "open"
