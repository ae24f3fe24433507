"""What the user may do to a change in the outbox, one rule for the window and the
command line (sync.outbox): a change never sent is edited or discarded; one that may
already be on the helpdesk is not; and no edit slips between a sync's read and its send."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from sync import outbox
from sync.lock import ProfileLock
from sync.outbox import InvalidChange
from sync.store import kb, open_database, transaction
from sync.store import tickets as ticket_store
from tests.sync.test_store import remote_ticket


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    database = open_database(tmp_path / "fielddesk.db")
    with transaction(database):
        ticket_store.apply_remote_ticket(database, remote_ticket(7))
    yield database
    database.close()


def draft(db: sqlite_utils.Database) -> outbox.OutboxRow:
    outbox.draft_article(db, name="Fuser at Acme, pw hunter2", summary="", content="Swap it.")
    (row,) = outbox.rows(db)
    return row


def test_a_pending_draft_is_edited_with_its_local_copy(db: sqlite_utils.Database) -> None:
    row = draft(db)
    assert outbox.can_edit(row) and outbox.can_discard(row) and not outbox.can_retry(row)
    outbox.edit(db, row.seq, {"name": "Fuser error 50.4"})
    edited = outbox.get_row(db, row.seq)
    assert edited is not None and edited.state == "pending"
    assert edited.payload["name"] == "Fuser error 50.4"
    assert [hit.name for hit in kb.search(db, "fuser")] == ["Fuser error 50.4"]


def test_a_change_in_flight_is_neither_edited_nor_discarded(db: sqlite_utils.Database) -> None:
    row = draft(db)
    outbox.mark_in_flight(db, row)
    sent = outbox.get_row(db, row.seq)
    assert sent is not None and not outbox.can_edit(sent) and not outbox.can_discard(sent)
    with pytest.raises(InvalidChange, match="may already be on the helpdesk"):
        outbox.edit(db, row.seq, {"name": "Fuser error 50.4"})
    with pytest.raises(InvalidChange, match="may already be on the helpdesk"):
        outbox.discard(db, row.seq)
    assert outbox.get_row(db, row.seq) == sent
    assert [hit.name for hit in kb.search(db, "fuser")] == [row.payload["name"]]


def test_a_pending_change_waits_for_a_running_sync(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    """A sync may hold the row between its read and its sending: no edit in between."""
    row = draft(db)
    with ProfileLock(tmp_path / "sync.lock"):  # as Session.sync holds it for its run
        with pytest.raises(InvalidChange, match="a sync is sending"):
            outbox.edit(db, row.seq, {"name": "Fuser error 50.4"})
        with pytest.raises(InvalidChange, match="a sync is sending"):
            outbox.discard(db, row.seq)
    assert outbox.get_row(db, row.seq) == row
    outbox.discard(db, row.seq)  # the sync ended
    assert outbox.rows(db) == [] and kb.search(db, "fuser") == []


def test_a_refused_change_is_still_edited_while_a_sync_runs(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    row = draft(db)
    outbox.mark_rejected(db, row.seq, "no CreateArticle right", "no_right")
    with ProfileLock(tmp_path / "sync.lock"):  # the engine never sends a refused row
        outbox.edit(db, row.seq, {"name": "Fuser error 50.4"})
    edited = outbox.get_row(db, row.seq)
    assert edited is not None and edited.state == "rejected"
    assert edited.payload["name"] == "Fuser error 50.4"
