"""Resolved visits leave the laptop after IT's days, files too, unless they hold unsent work."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlite_utils

from sync.changes import note as note_change
from sync.connectors.base import RemoteArticle
from sync.retention import purge_resolved
from sync.store import kb, open_database, transaction
from sync.store import tickets as ticket_store
from tests.sync.test_store import remote_ticket

NOW = datetime(2026, 12, 20, 12, 0, tzinfo=UTC)
OLD = "2026-12-01T10:00:00Z"  # 19 days before NOW
RECENT = "2026-12-15T10:00:00Z"  # 5 days before NOW


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    database = open_database(tmp_path / "fd.db")
    yield database
    database.close()


def visit(db: sqlite_utils.Database, ticket_id: int, status: str, last_updated: str) -> None:
    remote = dataclasses.replace(remote_ticket(ticket_id, status=status), last_updated=last_updated)
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote)


def downloaded(db: sqlite_utils.Database, attachments: Path, ticket_id: int) -> Path:
    path = attachments / str(ticket_id) / f"{ticket_id}00-photo.jpg"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xff\xd8 the customer's server room")
    with transaction(db):
        db.execute(
            "INSERT INTO attachments (id, ticket_id, filename, content_type, size, path)"
            " VALUES (?, ?, 'photo.jpg', 'image/jpeg', 10, ?)",
            [ticket_id * 100, ticket_id, str(path)],
        )
    return path


def test_old_resolved_visits_and_their_files_leave_recent_and_open_ones_stay(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    attachments = tmp_path / "attachments"
    visit(db, 1, "resolved", OLD)
    visit(db, 2, "rejected", OLD)
    visit(db, 3, "resolved", RECENT)
    visit(db, 4, "open", OLD)
    photo = downloaded(db, attachments, 1)
    with transaction(db):
        kb.apply_remote_articles(db, [RemoteArticle(9, "Fuser replacement", "", "x", OLD, False)])

    assert purge_resolved(db, attachments, 14, NOW) == 2

    assert ticket_store.ticket_ids(db) == {3, 4}
    assert not photo.exists() and not (attachments / "1").exists()
    assert db.execute("SELECT COUNT(*) FROM attachments").fetchone()[0] == 0
    assert [a.id for a in kb.search(db, "fuser")] == [9]  # the KB stays
    assert purge_resolved(db, attachments, 0, NOW) == 1  # 0 days: gone at once


def test_a_resolved_visit_with_unsent_work_stays_until_it_is_sent(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    visit(db, 5, "resolved", OLD)
    visit(db, 6, "resolved", OLD)
    note_change.add_note(db, 5, "Left the spare toner with reception", author="alice")
    with transaction(db):
        db.execute(
            "INSERT INTO conflicts (ticket_id, field, base, mine, theirs, created)"
            " VALUES (6, 'status', 'open', 'resolved', 'stalled', ?)",
            [OLD],
        )

    assert purge_resolved(db, tmp_path, 14, NOW) == 0
    with transaction(db):
        db.execute("UPDATE outbox SET state = 'done'")
        db.execute("UPDATE conflicts SET resolved = 'mine'")
    assert purge_resolved(db, tmp_path, 14, NOW) == 2


def test_time_on_a_visit_timer_keeps_the_visit(db: sqlite_utils.Database, tmp_path: Path) -> None:
    visit(db, 7, "resolved", OLD)
    with transaction(db):
        db.execute(
            "INSERT INTO visit_timers (ticket_id, kind, elapsed_s) VALUES (7, 'on_site', 60)"
        )
    assert purge_resolved(db, tmp_path, 14, NOW + timedelta(days=300)) == 0
