"""A note whose server copy a pull brought before its delivery was recorded (its answer
was lost, the lookup found it later) keeps the time it was written, as any other."""

from __future__ import annotations

import pytest

import sync.changes.note as note_module
from sync import outbox
from sync.changes.note import KIND
from sync.connectors.base import RemoteTransaction
from sync.store import open_database
from sync.store import outbox as outbox_store
from sync.store import tickets as ticket_store
from sync.store.database import transaction

WRITTEN = "2026-12-05T22:55:00Z"
SENT = "2026-12-06T07:10:00Z"


def test_the_pulled_copy_of_a_note_written_here_takes_its_written_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = open_database(None)
    with transaction(db):
        db.execute("INSERT INTO tickets (id, subject) VALUES (5, 'Printer')")
    monkeypatch.setattr(note_module, "now_iso", lambda: WRITTEN)
    uuid = outbox.add_note(db, 5, "Replaced the fuser.", author="alice", minutes=40)
    copy = RemoteTransaction(
        id=900,
        ticket_id=5,
        type="Comment",
        created=SENT,
        creator="alice",
        time_taken=40,
        body="Replaced the fuser.",
        body_type="text/plain",
    )
    with transaction(db):
        ticket_store.apply_remote_history(db, 5, [copy])  # the pull, before the lookup
    [row] = [r for r in outbox_store.rows(db) if r.uuid == uuid]

    KIND._delivered(db, row, 900)
    with transaction(db):
        ticket_store.apply_remote_history(db, 5, [copy])  # pulled again (a merge, a resync)

    [entry] = [e for e in ticket_store.history(db, 5) if e.body == "Replaced the fuser."]
    assert (entry.id, entry.created, entry.client_uuid) == (900, WRITTEN, uuid)
