"""What retention used to leave behind: the text of every change sent (notes, checklist
tables) after their visit left, and files no row names any more (a discarded note's
photos, a checklist photo retaken).  Store-level: no helpdesk is involved."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from sync import attachments, outbox
from sync.changes import note as note_change
from sync.changes.checklist import send_checklists
from sync.connectors.base import RemoteArticle
from sync.retention import purge_resolved
from sync.store import checklists as checklist_store
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from sync.store.outbox import enqueue
from tests.sync.test_store import remote_ticket

NOW = datetime(2026, 12, 20, 12, 0, tzinfo=UTC)
OLD = "2026-12-01T10:00:00Z"  # 19 days before NOW
RECENT = "2026-12-15T10:00:00Z"  # 5 days before NOW
TEMPLATE = "Page count [value: pages]\nClean the rollers\nInspect the fuser\n"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    database = open_database(tmp_path / "fd.db")
    with transaction(database):
        checklist_store.apply_remote_templates(
            database, [RemoteArticle(40, "Printer check", "", TEMPLATE, OLD, disabled=False)]
        )
    yield database
    database.close()


@pytest.fixture
def files_dir(tmp_path: Path) -> Path:
    return tmp_path / "attachments"


def visit(db: sqlite_utils.Database, ticket_id: int, status: str, last_updated: str) -> None:
    remote = dataclasses.replace(remote_ticket(ticket_id, status=status), last_updated=last_updated)
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote)


def delivered(db: sqlite_utils.Database, when: str = OLD) -> None:
    """A sync took every open change to RT (as ``NoteKind._delivered`` records it)."""
    with transaction(db):
        for row in outbox.rows(db):
            db.execute(
                "UPDATE attachments SET transaction_id = ? WHERE client_uuid = ?",
                [1000 + row.seq, row.uuid],
            )
            db.execute(
                "UPDATE outbox SET state = 'done', updated = ? WHERE seq = ?", [when, row.seq]
            )


def outbox_text(db: sqlite_utils.Database) -> str:
    return "\n".join(str(r[0]) for r in db.execute("SELECT payload FROM outbox"))


# Stored name -> the name the technician picked: a stored name carries none.
PICKED: dict[str, str] = {}


def photo(files_dir: Path, tmp_path: Path, name: str) -> dict[str, Any]:
    source = tmp_path / name
    source.write_bytes(b"\xff\xd8 " + name.encode())
    item = attachments.import_file(files_dir, source)
    PICKED[Path(item["path"]).name] = item["filename"]
    return item


def stored(files_dir: Path) -> set[str]:
    """The names of the files made here, as the technician picked them (an older
    FieldDesk's "<uuid>-<name>": the name after the uuid)."""
    return {
        PICKED.get(p.name) or p.name.partition("-")[2] for p in (files_dir / "outgoing").iterdir()
    }


# -- the changes sent ---------------------------------------------------------------------


def test_a_visit_that_leaves_takes_the_text_of_its_sent_changes_with_it(
    db: sqlite_utils.Database, files_dir: Path
) -> None:
    visit(db, 1, "open", OLD)
    note_change.add_note(db, 1, "Replaced fuser; customer Jane Doe", author="alice")
    checklist_store.add_checklist(db, 1, "Printer check")
    checklist_store.set_value(db, 1, 1, "48210", by="alice")
    send_checklists(db, 1, author="alice")
    visit(db, 2, "resolved", RECENT)  # within the retention period: stays, its changes too
    note_change.add_note(db, 2, "Toner for customer John Roe", author="alice")
    visit(db, 3, "open", OLD)
    note_change.add_note(db, 3, "Waiting for the part", author="alice")
    delivered(db)
    visit(db, 1, "resolved", OLD)

    assert purge_resolved(db, files_dir, 14, NOW) == 1

    text = outbox_text(db)
    assert "Jane Doe" not in text and "Checklist: Printer check" not in text
    assert "John Roe" in text and "Waiting for the part" in text
    refs = [r[0] for r in db.execute("SELECT ticket_ref FROM outbox ORDER BY seq")]
    assert refs == [2, 3]


def test_changes_not_delivered_stay_whatever_their_age(
    db: sqlite_utils.Database, files_dir: Path
) -> None:
    """A visit whose change the helpdesk refused stays with every change of it; a change
    of no visit that waits to be sent stays however old."""
    visit(db, 4, "open", OLD)
    note_change.add_note(db, 4, "Sent before the refusal", author="alice")
    delivered(db)
    note_change.add_note(db, 4, "Refused by the helpdesk", author="alice")
    with transaction(db):
        db.execute("UPDATE outbox SET state = 'rejected' WHERE state = 'pending'")
        waiting = enqueue(db, "site_targets", None, {"site": "Acme", "lines": ["printer:9100"]})
        db.execute("UPDATE outbox SET updated = ? WHERE uuid = ?", [OLD, waiting])
    visit(db, 4, "resolved", OLD)

    assert purge_resolved(db, files_dir, 14, NOW + timedelta(days=300)) == 0

    assert [r.state for r in outbox.rows(db, include_done=True)] == ["done", "rejected", "pending"]


def test_sent_changes_of_no_visit_go_once_older_than_the_retention_period(
    db: sqlite_utils.Database, files_dir: Path
) -> None:
    """A KB article's or a site's targets (no ticket), or of a visit that left before its
    changes went with it: gone when done longer ago than IT keeps a visit."""
    with transaction(db):
        enqueue(db, "site_targets", None, {"site": "Acme", "lines": ["old-printer:9100"]})
        enqueue(db, "note", 99, {"content": "Visit 99 left long ago; customer Jane Doe"})
    delivered(db, when=OLD)
    with transaction(db):
        enqueue(db, "article", None, {"name": "Fuser replacement, recent"})
    delivered(db, when=RECENT)

    purge_resolved(db, files_dir, 14, NOW)

    text = outbox_text(db)
    assert "Fuser replacement, recent" in text
    assert "old-printer" not in text and "Jane Doe" not in text


def test_a_network_check_attached_to_a_sent_note_stays_attached_after_its_visit_left(
    db: sqlite_utils.Database, files_dir: Path
) -> None:
    visit(db, 5, "open", OLD)
    uuid = note_change.add_note(db, 5, "Network check: all targets reachable", author="alice")
    with transaction(db):
        db.execute(
            "INSERT INTO netcheck_runs (id, ticket_id, site_key, started, run, note_uuid)"
            " VALUES (1, 5, 'acme', ?, '{}', ?)",
            [OLD, uuid],
        )
    delivered(db)
    visit(db, 5, "resolved", OLD)

    assert purge_resolved(db, files_dir, 14, NOW) == 1

    row = db.execute("SELECT ticket_id, note_uuid FROM netcheck_runs WHERE id = 1").fetchone()
    assert row == (None, uuid), "still attached: it is not offered to attach again"


# -- files no row names -------------------------------------------------------------------


def test_a_checklist_photo_retaken_or_removed_leaves_only_the_photo_kept(
    db: sqlite_utils.Database, files_dir: Path, tmp_path: Path
) -> None:
    visit(db, 6, "open", OLD)
    checklist_store.add_checklist(db, 6, "Printer check")
    for take in ("take1.jpg", "take2.jpg", "take3.jpg"):
        checklist_store.set_photo(db, 6, 2, photo(files_dir, tmp_path, take), by="alice")
    checklist_store.set_photo(db, 6, 3, photo(files_dir, tmp_path, "fuser.jpg"), by="alice")
    checklist_store.set_photo(db, 6, 3, None, by="alice")  # taken away again

    assert stored(files_dir) == {"take3.jpg"}
    assert checklist_store.item(db, 6, 2).photo_name == "take3.jpg"


def test_a_retaken_photo_a_queued_revision_still_sends_is_kept(
    db: sqlite_utils.Database, files_dir: Path, tmp_path: Path
) -> None:
    visit(db, 7, "open", OLD)
    checklist_store.add_checklist(db, 7, "Printer check")
    checklist_store.set_photo(db, 7, 2, photo(files_dir, tmp_path, "before.jpg"), by="alice")
    send_checklists(db, 7, author="alice")  # "Send to helpdesk" mid-visit: not sent yet
    checklist_store.set_photo(db, 7, 2, photo(files_dir, tmp_path, "after.jpg"), by="alice")

    assert stored(files_dir) == {"before.jpg", "after.jpg"}
    (revision,) = outbox.rows(db)
    assert all(Path(f["path"]).exists() for f in revision.payload["attachments"])


def test_files_no_row_names_go_a_day_after_they_were_written(
    db: sqlite_utils.Database, files_dir: Path, tmp_path: Path
) -> None:
    visit(db, 8, "open", OLD)
    wrong_visit = [photo(files_dir, tmp_path, n) for n in ("IMG_1.jpg", "IMG_2.jpg")]
    note_change.add_note(db, 8, "wrong visit", author="alice", attachments=wrong_visit)
    outbox.discard(db, outbox.rows(db)[0].seq)  # the note, not its files
    sent = photo(files_dir, tmp_path, "sent.jpg")
    note_change.add_note(db, 8, "Sent", author="alice", attachments=[sent])
    delivered(db)
    waiting = photo(files_dir, tmp_path, "waiting.jpg")
    note_change.add_note(db, 8, "Not sent yet", author="alice", attachments=[waiting])
    # Named only by a change's payload, its name spelt by JSON's escapes (a new ticket's).
    schrank = photo(files_dir, tmp_path, "Schrank-Ü.jpg")
    with transaction(db):
        enqueue(db, "new_ticket", -1, {"subject": "Cabinet", "attachments": [schrank]})
    checklist_store.add_checklist(db, 8, "Printer check")
    checklist_store.set_photo(db, 8, 2, photo(files_dir, tmp_path, "rollers.jpg"), by="alice")
    (files_dir / "outgoing" / "not-ours.txt").write_text("another program's")
    elsewhere = tmp_path / "elsewhere.jpg"
    elsewhere.write_bytes(b"not FieldDesk's")
    (files_dir / "outgoing" / f"{'0' * 32}-link.jpg").symlink_to(elsewhere)
    before = stored(files_dir)

    purge_resolved(db, files_dir, 14, datetime.now(UTC))  # just written: maybe being added
    assert stored(files_dir) == before

    purge_resolved(db, files_dir, 14, datetime.now(UTC) + timedelta(days=2))
    assert stored(files_dir) == before - {"IMG_1.jpg", "IMG_2.jpg"}
    assert "sent.jpg" in before and "Schrank-Ü.jpg" in before and "link.jpg" in before
    assert elsewhere.exists()  # nothing reached through a link


def test_files_stay_while_a_replica_set_aside_may_still_name_them(
    db: sqlite_utils.Database, files_dir: Path, tmp_path: Path
) -> None:
    """After a repair the new replica names none of the damaged one's photos: they are
    what support recovers the unsent work with, so none goes for a month."""
    visit(db, 8, "open", OLD)
    orphan = photo(files_dir, tmp_path, "IMG_9.jpg")
    assert orphan  # named by no row of this replica
    (files_dir.parent / "damaged-20261205-101500").mkdir()

    purge_resolved(db, files_dir, 14, datetime.now(UTC) + timedelta(days=2))
    assert stored(files_dir) == {"IMG_9.jpg"}

    purge_resolved(db, files_dir, 14, datetime.now(UTC) + timedelta(days=31))
    assert stored(files_dir) == set()
