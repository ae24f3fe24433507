"""A refused note's other ways out, on a replica (no helpdesk needed)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from sync import outbox
from sync.attachments import import_bytes
from sync.errors import Cause
from sync.outbox import InvalidChange
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from tests.sync.test_store import remote_ticket


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    replica = open_database(tmp_path / "fd.db")
    with transaction(replica):
        ticket_store.apply_remote_ticket(
            replica, remote_ticket(contact="Mia, ext. 12", address="Dock 4")
        )
    return replica


def refused(
    db: sqlite_utils.Database, cause: Cause, *, public: bool = False, **extra: object
) -> int:
    outbox.add_note(db, 7, "Fuser swapped.", author="alice", minutes=25, public=public, **extra)  # type: ignore[arg-type]
    seq = outbox.rows(db)[-1].seq
    outbox.mark_rejected(db, seq, "ticket #7 is no longer yours: it is assigned to bob", cause)
    return seq


def choices(db: sqlite_utils.Database, seq: int) -> tuple[str, ...]:
    row = outbox.get_row(db, seq)
    assert row is not None
    return outbox.choices_for(row)


def test_other_ways_are_offered_only_where_they_can_help(db: sqlite_utils.Database) -> None:
    assert choices(db, refused(db, Cause.REASSIGNED)) == ("as_comment", "to_new_ticket", "export")
    # No right to comment: a comment again is pointless; a reply may still go as one.
    assert choices(db, refused(db, Cause.NO_RIGHT)) == ("to_new_ticket", "export")
    assert choices(db, refused(db, Cause.NO_RIGHT, public=True))[0] == "as_comment"
    assert choices(db, refused(db, Cause.INVALID)) == ()
    outbox.add_note(db, 7, "Pending.", author="alice")
    assert choices(db, outbox.rows(db)[-1].seq) == ()
    with pytest.raises(InvalidChange, match="only a note refused because"):
        outbox.move_to_new_ticket(db, outbox.rows(db)[-1].seq)


def test_sent_anyway_it_becomes_an_internal_comment_waiting_to_go(
    db: sqlite_utils.Database,
) -> None:
    seq = refused(db, Cause.REASSIGNED, public=True)

    outbox.send_as_comment(db, seq)

    row = outbox.get_row(db, seq)
    assert row is not None and row.state == "pending" and row.error_cause is None
    assert row.payload["public"] is False and row.payload["sent_anyway"] == "alice"
    [entry] = [e for e in ticket_store.history(db, 7) if e.client_uuid == row.uuid]
    assert entry.type == "Comment"
    # Refused as a comment too: no third try is offered.
    outbox.mark_rejected(db, seq, "RT refused it as a comment too", Cause.REASSIGNED)
    assert choices(db, seq) == ("to_new_ticket", "export")


def test_moved_to_a_new_ticket_it_leaves_the_old_one_in_the_same_transaction(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    photo = import_bytes(tmp_path / "files", b"photo", "fuser.jpg")
    seq = refused(db, Cause.REASSIGNED, attachments=[photo])
    note_uuid = outbox.get_row(db, seq).uuid  # type: ignore[union-attr]

    local_id = outbox.move_to_new_ticket(db, seq)

    assert outbox.get_row(db, seq) is None
    assert not [e for e in ticket_store.history(db, 7) if e.client_uuid == note_uuid]
    [row] = outbox.rows(db)
    assert row.kind == "create_ticket" and row.ticket_ref == local_id
    p = row.payload
    assert p["subject"] == "Follow-up of #7: Printer jams"
    assert p["refers_to"] == 7 and p["time_worked"] == 25 and p["attachments"] == [photo]
    assert p["owner"] == "alice" and p["content"].startswith("Fuser swapped.")
    assert p["fields"] == {"site": "Acme", "address": "Dock 4", "contact": "Mia, ext. 12"}
    visit = ticket_store.get_visit(db, local_id)
    assert visit is not None and visit.subject == p["subject"]


def test_exported_with_its_ticket_time_author_reason_and_files(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    photo = import_bytes(tmp_path / "files", b"\xff\xd8photo", "fuser 1.jpg")
    seq = refused(db, Cause.REASSIGNED, attachments=[photo])
    target = tmp_path / "out" / "note-7.md"

    files = outbox.export_note(db, seq, target)

    text = target.read_text(encoding="utf-8")
    for expected in (
        "# Internal note for ticket #7: Printer jams",
        "Written by: alice",
        "Time worked: 25 min",
        "assigned to bob",
        "Fuser swapped.",
        "note-7-files/1-fuser 1.jpg",
    ):
        assert expected in text
    assert files == tmp_path / "out" / "note-7-files"
    assert (files / "1-fuser 1.jpg").read_bytes() == b"\xff\xd8photo"
    assert outbox.get_row(db, seq) is not None  # kept until the user discards it
    with pytest.raises(InvalidChange, match="is a folder"):
        outbox.export_note(db, seq, tmp_path)
