"""Which fields the helpdesk did not send for a visit is kept in the replica, from an
update on: the sync reads such visits again once the helpdesk sends them."""

from __future__ import annotations

from pathlib import Path

from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from tests.sync.older_replica import replica_before
from tests.sync.test_store import remote_ticket

WINDOW = frozenset({"visit_start", "visit_end"})


def test_a_visit_stored_without_fields_is_marked_until_they_come(tmp_path: Path) -> None:
    db = open_database(tmp_path / "replica.db")
    with transaction(db):
        for ticket_id in (7, 8):
            ticket_store.apply_remote_ticket(db, remote_ticket(ticket_id))
            ticket_store.remember_fields_not_sent(db, ticket_id, WINDOW)
        ticket_store.mark_gone(db, 8, "no longer assigned to you")  # not read again
    assert ticket_store.fields_not_sent(db) == {7: WINDOW}
    with transaction(db):
        ticket_store.remember_fields_not_sent(db, 7, frozenset())
    assert ticket_store.fields_not_sent(db) == {}


def test_an_update_keeps_the_visits_and_marks_none(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with replica_before(path, "fields_not_sent") as old, transaction(old):
        ticket_store.apply_remote_ticket(old, remote_ticket())

    db = open_database(path)
    assert ticket_store.get_visit(db, 7) is not None
    assert ticket_store.fields_not_sent(db) == {}
