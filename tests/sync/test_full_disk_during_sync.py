"""A disk that fills during a sync stops the downloads, not the sync, and says so.

A full disk while a file came down, or while the sync lock was taken, used to print a
traceback and skip the rest of the sync (and the lock stayed held as long as the
error lived).  Now a file that does not fit is ``DiskFull`` with nothing left behind,
the files puller stops fetching and the report says how many stayed behind, later
pullers run, and the lock is taken whether or not its process id fits in the file.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from sync import attachments, file_vault
from sync.engine import SyncEngine
from sync.lock import ProfileLock, wait_until_free
from sync.pullers.base import PullContext
from sync.pullers.files import FilesPuller
from sync.report import SyncReport
from sync.store import open_database
from sync.store.database import DiskFull
from sync.store.health import DISK_FULL
from tests.small_disk import fill_up, small_disk

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="a tmpfs to fill")

MB = 1024 * 1024
FILE_BYTES = 1_200_000  # one fits on the 2 MB disk, two do not
FILE_IDS = (71, 72, 73)


@pytest.fixture
def files_disk(tmp_path: Path) -> Iterator[Path]:
    """The profile's attachments folder on a 2 MB disk of its own (the replica is not)."""
    with small_disk(tmp_path / "profile" / "attachments", "2m") as mount:
        yield mount


class FilesHelpdesk:
    """What a run asks of the helpdesk here: files, and the run's bookkeeping."""

    def __init__(self) -> None:
        self.request_count = 0

    def set_run_limits(self, *_limits: Any) -> None:
        pass

    def fetch_attachment(self, attachment_id: int, max_bytes: int) -> bytes:
        self.request_count += 1
        return bytes([attachment_id]) * FILE_BYTES


def replica_with_todays_files() -> sqlite_utils.Database:
    """A visit starting now, with three files of 1.2 MB to download."""
    db = open_database(None)
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    db["tickets"].insert(
        {"id": 7, "subject": "Visit 7", "status": "open", "queue": "Field",
         "visit_start": now, "last_updated": now},
        alter=False,
    )  # fmt: skip
    for attachment_id in FILE_IDS:
        db["attachments"].insert(
            {"id": attachment_id, "ticket_id": 7, "filename": f"scan-{attachment_id}.pdf",
             "content_type": "application/pdf", "size": FILE_BYTES, "path": None},
            alter=False,
        )  # fmt: skip
    return db


def pull_files(db: sqlite_utils.Database, files: Path) -> SyncReport:
    report = SyncReport()
    context = PullContext(
        db,
        FilesHelpdesk(),
        report,
        lambda _p: None,
        attachments_dir=files,
        max_attachment_bytes=20 * MB,
    )  # type: ignore[arg-type]
    FilesPuller().pull(context)
    return report


def stored(db: sqlite_utils.Database) -> dict[int, str | None]:
    return dict(db.execute("SELECT id, path FROM attachments ORDER BY id").fetchall())


def partials(folder: Path) -> list[Path]:
    return list(folder.rglob(f"*{file_vault.PARTIAL_SUFFIX}"))


def test_downloads_stop_at_a_full_disk_say_how_many_stayed_and_come_later(
    files_disk: Path,
) -> None:
    db = replica_with_todays_files()

    report = pull_files(db, files_disk)  # returns: the sync goes on

    assert report.files_fetched == 1
    assert report.notices == ["2 files not downloaded: the disk is full"]
    paths = stored(db)
    # A visit's newest file first: the customer's latest scan is the one on the laptop.
    assert paths[73] is not None and paths[72] is None and paths[71] is None
    assert file_vault.read_plain(Path(paths[73])) == bytes([73]) * FILE_BYTES
    assert partials(files_disk) == []  # the file that did not fit left nothing behind

    subprocess.run(["mount", "-o", "remount,size=8m", str(files_disk)], check=True)
    report = pull_files(db, files_disk)  # the next sync, with room again
    assert (report.files_fetched, report.notices) == (2, [])
    assert all(stored(db).values())


class AfterTheFiles:
    """A puller after the files (the names): it runs whatever the disk did."""

    name = "after"

    def __init__(self) -> None:
        self.ran = False

    def pull(self, ctx: PullContext) -> None:
        self.ran = True


def test_a_run_whose_downloads_hit_a_full_disk_goes_on_and_is_complete(
    files_disk: Path,
) -> None:
    db = replica_with_todays_files()
    after = AfterTheFiles()
    engine = SyncEngine(
        db,
        FilesHelpdesk(),  # type: ignore[arg-type]
        attachments_dir=files_disk,
        max_attachment_bytes=20 * MB,
        pullers=[FilesPuller(), after],
    )
    report = engine.run()
    assert report.ok and report.error is None
    assert report.notices == ["2 files not downloaded: the disk is full"]
    assert after.ran


def test_a_file_that_does_not_fit_is_disk_full_and_leaves_nothing(files_disk: Path) -> None:
    fill_up(files_disk)
    with pytest.raises(DiskFull) as full:
        attachments.import_bytes(files_disk, os.urandom(200_000), "photo.jpg")
    assert str(full.value) == DISK_FULL
    assert partials(files_disk) == []


def test_the_sync_lock_is_taken_on_a_full_disk_and_let_go(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", "2m") as disk:
        lock = disk / "alice" / "sync.lock"
        lock.parent.mkdir()
        fill_up(disk)
        with ProfileLock(lock):  # no room for its process id: taken all the same
            assert not wait_until_free(lock, 0)
        assert wait_until_free(lock, 0)


def test_a_lock_that_fails_while_it_is_taken_is_let_go_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whoever keeps the error (a crash report), the lock does not stay with it."""

    def interrupted(_handle: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("sync.lock._note_pid", interrupted, raising=False)
    lock = tmp_path / "sync.lock"
    with pytest.raises(KeyboardInterrupt) as kept:
        ProfileLock(lock).__enter__()
    assert kept.value is not None
    assert wait_until_free(lock, 0)
