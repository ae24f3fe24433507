"""A ticket opened here whose RT copy the pull stored first: renumbering joins them."""

from __future__ import annotations

from pathlib import Path

from sync import outbox
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from tests.sync.test_store import remote_ticket


def test_renumbering_onto_a_ticket_the_pull_stored_joins_them(tmp_path: Path) -> None:
    """RT dropped the Client Ticket Id, so the pull did not know RT's copy for ours."""
    db = open_database(tmp_path / "replica.db")
    local = outbox.create_ticket(db, subject="Badge reader dead", content="No LED.", owner="alice")
    outbox.add_note(db, local, "Power cycled the controller.", author="alice", minutes=10)
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket(70))

    ticket_store.renumber_ticket(db, local, 70)

    assert ticket_store.get_visit(db, local) is None
    assert ticket_store.get_visit(db, 70) is not None
    assert {row.ticket_ref for row in outbox.rows(db)} == {70}
