"""A profile on a read-only disk: one line that says so, never a traceback.

Every command used to stop with a traceback from ``os.chmod`` (EROFS) as it made the
profile's folders private, and the window never opened.  A mode is now changed only
when it differs, a mode that cannot be changed is said in the log, and what does
stop a command is one line naming the read-only disk.

SQLite cannot open the replica (WAL) on a read-only disk without its ``-shm``
beside it, so a listing says so rather than showing the visits.
"""

from __future__ import annotations

import io
import logging
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sync.private_files import private_dir
from sync.profile import Profile
from sync.session import SignInResult
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from tests.cli.runner import run
from tests.small_disk import make_read_only, small_disk
from tests.sync.test_store import remote_ticket

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes and mounts")


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    with small_disk(tmp_path / "disk", "4m") as mount:
        yield mount


def profile_with_a_visit(root: Path) -> Profile:
    profile = Profile(root).ensure()
    db = open_database(profile.database_path)
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket(7, site="ACME Dental"))
    db.close()
    return profile


def test_a_command_on_a_read_only_profile_says_so_in_one_line(
    disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = profile_with_a_visit(disk / "alice")
    make_read_only(disk)

    for command in (["visits"], ["show", "7"], ["outbox"], ["note", "7", "Replaced the fuser"]):
        code, out, err = run(capsys, profile.root, *command)
        assert (code, out) == (1, ""), command
        assert err == (
            f"fielddesk: the profile {profile.root} is on a read-only disk, and FieldDesk "
            "cannot open its data there: its database writes beside itself even to be read. "
            "Make the disk writable (or copy the profile to a disk that is) and try again\n"
        )


def test_a_profile_that_cannot_be_made_on_a_read_only_disk_is_said_in_one_line(
    disk: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Signing in is what makes a profile (other commands refuse a folder that is none);
    the helpdesk's answer is stood in for: the disk is what is tested."""
    make_read_only(disk)
    monkeypatch.setattr(
        "sync.session.check_sign_in", lambda *_args: SignInResult("bob", "Bob", warnings=[])
    )
    monkeypatch.setattr("sys.stdin", io.StringIO("a-token\n"))
    login = ("login", "--url", "https://helpdesk.example", "--user", "bob", "--token-stdin")
    code, out, err = run(capsys, disk / "bob", *login)
    assert (code, out) == (1, "")
    assert err == (
        f"fielddesk: {disk / 'bob'} is on a read-only disk: make it writable, then try again\n"
    )


def test_folders_already_private_are_not_touched_and_others_are_said_in_the_log(
    disk: Path, caplog: pytest.LogCaptureFixture
) -> None:
    profile = Profile(disk / "alice").ensure()
    profile.log_dir.chmod(0o755)  # as an older FieldDesk, or a copy, left it
    make_read_only(disk)

    with caplog.at_level(logging.WARNING, logger="sync.private_files"):
        assert profile.ensure() is profile  # what every command and the window do first
        private_dir(profile.attachments_dir)

    assert stat.S_IMODE(profile.log_dir.stat().st_mode) == 0o755
    [said] = [r.getMessage() for r in caplog.records if r.name == "sync.private_files"]
    assert said == f"{profile.log_dir} stays readable by others: Read-only file system"
