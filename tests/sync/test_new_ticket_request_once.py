"""Once RT has made a ticket opened offline, its request and time are RT's alone.

Over a double of our Connector, with no pull: what the visit shows between the push
and the pull (or when the pull fails), and for a ticket opened before the request
carried its outbox row's uuid.  The real RT, with the pull, is in
tests/integration/test_new_ticket_synced_once.py.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import sqlite_utils

from sync import outbox
from sync.connectors.base import NewTicketRequest
from sync.store import open_database
from sync.store import tickets as ticket_store
from tests.sync.test_new_ticket_base import HelpdeskDouble, push


class TimeKeepingHelpdesk(HelpdeskDouble):
    """Keeps the time given with a new ticket, as RT does."""

    def create_ticket(self, request: NewTicketRequest) -> int:
        ticket_id = super().create_ticket(request)
        made = self.tickets[ticket_id]
        self.tickets[ticket_id] = dataclasses.replace(made, time_worked=request.time_worked)
        return ticket_id


def opened_offline(db: sqlite_utils.Database) -> int:
    return outbox.create_ticket(
        db, subject="Card reader offline", content="Since Monday.", owner="alice", minutes=30
    )


def unsent_entries(db: sqlite_utils.Database, ticket_id: int) -> list[str | None]:
    return [e.body for e in ticket_store.history(db, ticket_id) if e.id is None]


def test_once_made_its_time_is_counted_once_and_nothing_is_left_unsent(tmp_path: Path) -> None:
    db = open_database(tmp_path / "fd.db")
    opened_offline(db)

    assert push(db, TimeKeepingHelpdesk()).ok
    (visit,) = ticket_store.list_visits(db)

    assert visit.time_worked == 30
    assert unsent_entries(db, visit.id) == [], "shown as not yet sent for good"


def test_a_ticket_opened_before_the_update_shows_its_request_once(tmp_path: Path) -> None:
    db = open_database(tmp_path / "fd.db")
    local_id = opened_offline(db)
    db.execute("UPDATE history SET client_uuid = NULL WHERE ticket_id = ?", [local_id])

    assert push(db, TimeKeepingHelpdesk()).ok
    (visit,) = ticket_store.list_visits(db)

    assert (visit.time_worked, unsent_entries(db, visit.id)) == (30, [])
