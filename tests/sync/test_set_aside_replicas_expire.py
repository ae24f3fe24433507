"""A replica set aside (damaged, or its key lost) is kept for support for 30 days, then
goes: the visits in it must not outlive IT's retention period there."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlite_utils

from sync.retention import purge_resolved
from tests.sync.test_retention_leftovers import db, files_dir, photo, stored, visit  # noqa: F401

OLD = "2020-01-01T00:00:00Z"


def set_aside(profile_root: Path, name: str, days_ago: float, now: datetime) -> Path:
    """A folder as sync.replica / sync.locked_replica leave it, set aside days_ago."""
    folder = profile_root / name
    folder.mkdir()
    (folder / "fielddesk.db").write_text("Julie Marsh, Acme Dental, alarm code 4321")
    (folder / "README.txt").write_text("Kept for support")
    when = (now - timedelta(days=days_ago)).timestamp()
    os.utime(folder, (when, when))
    return folder


def test_replicas_set_aside_go_after_30_days(
    db: sqlite_utils.Database,  # noqa: F811
    files_dir: Path,  # noqa: F811
) -> None:
    now = datetime.now(UTC)
    visit(db, 8, "open", OLD)
    profile_root = files_dir.parent
    damaged = set_aside(profile_root, "damaged-20250101-101500", 45, now)
    locked = set_aside(profile_root, "locked-20250301-090000", 5, now)
    elsewhere = profile_root / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("not FieldDesk's")
    (profile_root / "damaged-link").symlink_to(elsewhere)

    purge_resolved(db, files_dir, 14, now)

    assert not damaged.exists()  # 45 days: support had its month
    assert (locked / "fielddesk.db").exists()  # 5 days: still support's
    assert (elsewhere / "keep.txt").exists()  # nothing reached through a link


def test_the_files_it_may_name_go_with_the_last_replica_set_aside(
    db: sqlite_utils.Database,  # noqa: F811
    files_dir: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    """The two 30-day rules agree: while a set-aside replica is kept, the photos no row
    of the new replica names are kept; once it goes, they go in the same pass."""
    now = datetime.now(UTC)
    visit(db, 8, "open", OLD)
    photo(files_dir, tmp_path, "IMG_9.jpg")  # named by no row of this replica
    locked = set_aside(files_dir.parent, "locked-20250301-090000", 0, now)

    purge_resolved(db, files_dir, 14, now + timedelta(days=29))
    assert locked.exists() and stored(files_dir) == {"IMG_9.jpg"}

    purge_resolved(db, files_dir, 14, now + timedelta(days=31))
    assert not locked.exists() and stored(files_dir) == set()
