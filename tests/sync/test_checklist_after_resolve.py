"""A checklist changed after the visit was closed out: the change is queued by itself (so
every "unsent" count sees it), a revision attaches only photos RT has not got, and
retention keeps a visit whose checklist work no revision carries."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlite_utils

from sync import attachments, outbox, workflow
from sync.changes.checklist import send_checklists
from sync.connectors.base import RemoteArticle
from sync.retention import purge_resolved, unsent_work
from sync.store import checklists as store
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from tests.sync.test_store import remote_ticket

TEMPLATE = "Page count [value: pages] [required]\nClean the rollers\nInspect the fuser\n"
NOW = datetime(2026, 12, 20, 12, 0, tzinfo=UTC)
OLD = "2026-12-01T10:00:00Z"  # 19 days before NOW


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    database = open_database(tmp_path / "fd.db")
    with transaction(database):
        ticket_store.apply_remote_ticket(database, remote_ticket(7))
        store.remember_visit_types(database, 7, ("printer check",))
        store.apply_remote_templates(
            database, [RemoteArticle(40, "Printer check", "", TEMPLATE, OLD, disabled=False)]
        )
    store.ensure_checklists(database, 7)
    return database


def closed_out(db: sqlite_utils.Database, status: str = "resolved") -> None:
    """The visit as the helpdesk has it after the resolution: closed, last changed OLD."""
    remote = dataclasses.replace(remote_ticket(7, status=status), last_updated=OLD)
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote)


def delivered(db: sqlite_utils.Database) -> None:
    """A sync took every open change to RT (as ``NoteKind._delivered`` records it)."""
    with transaction(db):
        for row in outbox.rows(db):
            db.execute(
                "UPDATE attachments SET transaction_id = ? WHERE client_uuid = ?",
                [1000 + row.seq, row.uuid],
            )
            db.execute("UPDATE outbox SET state = 'done' WHERE seq = ?", [row.seq])


def photo(tmp_path: Path, name: str, content: bytes) -> dict[str, object]:
    source = tmp_path / name
    source.write_bytes(content)
    return attachments.import_file(tmp_path / "attachments", source)


def test_a_tick_after_resolving_is_queued_by_itself_and_counted_as_unsent(
    db: sqlite_utils.Database,
) -> None:
    store.set_value(db, 7, 1, "48210", by="alice")
    assert len(send_checklists(db, 7, author="alice")) == 1  # "Send to helpdesk" mid-visit
    delivered(db)
    store.tick(db, 7, 2, True, by="alice")  # the visit is open: no note per tick
    assert outbox.unsent_count(db) == 0
    assert len(send_checklists(db, 7, author="alice")) == 1  # at the resolution
    closed_out(db)
    store.tick(db, 7, 3, True, by="alice")  # before the sync: the revision is replaced
    (row,) = outbox.rows(db)
    assert row.payload["revision"] == 2
    assert "| 3 | Inspect the fuser | done |" in row.payload["content"]
    assert "Progress: 3/3 done" in row.payload["content"]

    delivered(db)
    assert outbox.unsent_count(db) == 0
    store.set_comment(db, 7, 3, "Fuser scored, replaced", by="alice")  # after the sync
    assert outbox.unsent_count(db) == 1, "the unsent total shows the correction"
    (row,) = outbox.rows(db)
    assert row.payload["revision"] == 3
    assert "(revision 3, replaces revision 2)" in row.payload["content"]
    assert "Fuser scored, replaced" in row.payload["content"]
    (checklist,) = store.checklists(db, 7)
    assert checklist.delivery == "waiting" and not checklist.not_queued


def test_a_revision_attaches_only_photos_rt_has_not_got(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    store.set_value(db, 7, 1, "48210", by="alice")
    rollers = photo(tmp_path, "rollers.jpg", b"\xff\xd8 glazed rollers")
    store.set_photo(db, 7, 2, rollers, by="alice")
    send_checklists(db, 7, author="alice")
    closed_out(db)
    delivered(db)

    store.tick(db, 7, 3, True, by="alice")
    (second,) = outbox.rows(db)
    assert second.payload["attachments"] == []
    assert f"[photo: item02-{rollers['filename']}, attached with revision 1]" in str(
        second.payload["content"]
    )

    delivered(db)
    retake = photo(tmp_path, "rollers.jpg", b"\xff\xd8 the new rollers")  # same name
    store.set_photo(db, 7, 2, retake, by="alice")
    (third,) = outbox.rows(db)
    assert [f["path"] for f in third.payload["attachments"]] == [retake["path"]]


def test_retention_keeps_a_visit_whose_checklist_change_is_not_queued(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    store.set_value(db, 7, 1, "48210", by="alice")
    send_checklists(db, 7, author="alice")
    closed_out(db)
    delivered(db)
    # A required item unticked after the resolution, no reason given yet: not queued.
    store.tick(db, 7, 1, False, by="alice")
    assert outbox.rows(db) == []

    assert purge_resolved(db, tmp_path, 14, NOW) == 0
    assert ticket_store.ticket_ids(db) == {7}
    (checklist,) = store.checklists(db, 7)
    assert checklist.not_queued

    send_checklists(db, 7, author="alice", reason="counter unreadable")
    delivered(db)
    assert purge_resolved(db, tmp_path, 14, NOW) == 1


def test_retention_keeps_a_closed_visit_with_checklist_work_never_sent(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    store.tick(db, 7, 2, True, by="alice")
    closed_out(db, "rejected")  # closed on the helpdesk before anything was sent
    assert purge_resolved(db, tmp_path, 14, NOW) == 0


def test_a_tick_after_an_offline_resolve_keeps_the_checklist_ahead_of_the_status(
    db: sqlite_utils.Database,
) -> None:
    """Replacing the unsent revision put it at the end of the outbox: RT saw the visit
    resolved before its checklist state, against the order resolve sends them in."""
    store.set_value(db, 7, 1, "48210", by="alice")
    workflow.resolve(db, 7, "Fixed.", minutes=5, author="alice", reason="no time")
    queued = [r.kind for r in outbox.rows(db)]
    store.tick(db, 7, 2, True, by="alice")  # still offline: nothing sent yet
    assert [r.kind for r in outbox.rows(db)] == queued
    assert queued.index("checklist") < queued.index("set_fields")


def test_a_discarded_checklist_revision_does_not_keep_the_visit_for_ever(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    """Discarding its note (a visit given away, its checklist refused) left the work
    'not sent' for good: the visit outlived IT's retention with nothing to send."""
    store.set_value(db, 7, 1, "48210", by="alice")
    send_checklists(db, 7, author="alice")
    closed_out(db)
    (row,) = outbox.rows(db)
    outbox.discard(db, row.seq)
    assert unsent_work(db, 7) == []
    assert purge_resolved(db, tmp_path, 14, NOW) == 1
