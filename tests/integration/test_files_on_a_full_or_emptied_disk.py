"""Today's files against the real RT when the disk fills, or the files folder is deleted.

A sync whose download did not fit used to stop with a traceback, skipping the names,
the retention purge and the record of a complete sync; and a deleted attachments
folder was never filled again (its rows still named the files).  Both are a sync as
usual now: the files that did not fit are counted in the report and come with a
later sync, and the files that went are fetched again.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync import file_vault
from sync.connectors.base import NewAttachment, NoteRequest
from sync.profile import Profile
from sync.session import Session, sign_in
from sync.store.settings import last_successful_sync
from tests.cli.runner import run
from tests.integration.helpers import Technician, connector
from tests.integration.test_sync_files_and_runs import todays_visit
from tests.small_disk import small_disk

pytestmark = pytest.mark.rt

SCAN_BYTES = 3 * 1024 * 1024  # more than the 2 MB disk holds


def attach_to_todays_visit(rt: RunningRT, tmp_path: Path, name: str, data: bytes) -> int:
    """The supervisor adds a file to alice's visit of today; its ticket number."""
    scout = Technician(rt, "alice", tmp_path / "scout")
    assert scout.sync().ok
    visit = todays_visit(scout)
    scout.db.close()
    note = NoteRequest(
        visit.id,
        str(uuid.uuid4()),
        f"{name} attached.",
        attachments=(NewAttachment(name, "application/octet-stream", data),),
    )
    connector(rt, "supervisor").add_note(note)
    return visit.id


def signed_in(rt: RunningRT, root: Path) -> Profile:
    profile = Profile(root).ensure()
    sign_in(profile, rt.url, "alice", rt.token("alice"), "token")
    return profile


def stored_path(session: Session, name: str) -> Path | None:
    row = session.db.execute("SELECT path FROM attachments WHERE filename = ?", [name]).fetchone()
    return Path(row[0]) if row and row[0] else None


def test_a_sync_whose_downloads_fill_the_disk_goes_on_and_says_so(
    rt: RunningRT, tmp_path: Path
) -> None:
    scan = os.urandom(SCAN_BYTES)
    attach_to_todays_visit(rt, tmp_path, "rack-scan.bin", scan)
    profile = signed_in(rt, tmp_path / "alice")
    with small_disk(profile.attachments_dir, "2m") as files:
        session = Session(profile)
        try:
            report = session.sync()

            assert report.ok, report.error  # complete: recorded as the last sync
            [notice] = [n for n in report.notices if "disk is full" in n]
            assert re.fullmatch(r"\d+ files? not downloaded: the disk is full", notice)
            assert report.tickets_pulled > 0
            assert last_successful_sync(session.db) is not None
            # The names came down after the files (the people puller runs last).
            asked = session.db.execute("SELECT count(*) FROM users WHERE asked IS NOT NULL")
            assert asked.fetchone()[0] > 0
            assert stored_path(session, "rack-scan.bin") is None
            assert not list(files.rglob(f"*{file_vault.PARTIAL_SUFFIX}"))

            subprocess.run(["mount", "-o", "remount,size=40m", str(files)], check=True)
            report = session.sync()  # room again: the next sync brings what stayed
            assert report.ok and not report.notices and report.files_fetched >= 1
            path = stored_path(session, "rack-scan.bin")
            assert path is not None and file_vault.read_plain(path) == scan
        finally:
            session.close()


def test_a_deleted_files_folder_is_filled_again_by_the_next_sync(
    rt: RunningRT, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wiring = b"Patch panel B: ports 1-12 to switch 2, 13-24 to switch 3\n"
    visit = attach_to_todays_visit(rt, tmp_path, "wiring.txt", wiring)
    profile = signed_in(rt, tmp_path / "alice")
    session = Session(profile)
    try:
        assert session.sync().ok
        assert stored_path(session, "wiring.txt") is not None
    finally:
        session.close()

    shutil.rmtree(profile.attachments_dir)  # by hand, or a disk cleaner
    code, out, _ = run(capsys, profile.root, "files", str(visit))
    assert code == 0
    assert f"wiring.txt  ({len(wiring)} bytes, no longer on this laptop: " in out

    session = Session(profile)
    try:
        report = session.sync()
        assert report.ok and report.files_fetched >= 1
        path = stored_path(session, "wiring.txt")
        assert path is not None and file_vault.read_plain(path) == wiring
    finally:
        session.close()
    code, out, _ = run(capsys, profile.root, "files", str(visit))
    assert f"wiring.txt  ({len(wiring)} bytes, on this laptop)" in out
