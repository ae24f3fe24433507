"""A profile is readable by its technician only: folders 0700, files 0600, whatever the umask."""

from __future__ import annotations

import logging
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sync import attachments
from sync.account import Account, save_account
from sync.lock import ProfileLock
from sync.profile import Profile
from sync.session import Session
from sync.store import transaction
from sync.store.settings import set_setting

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")


@pytest.fixture
def loose_umask() -> Iterator[None]:
    previous = os.umask(0o022)  # the usual default: 0755 folders, 0644 files
    yield
    os.umask(previous)


def modes(root: Path) -> dict[str, int]:
    """Every path under root (root included) with its permission bits."""
    found = {".": stat.S_IMODE(root.stat().st_mode)}
    for path in root.rglob("*"):
        found[str(path.relative_to(root))] = stat.S_IMODE(path.lstat().st_mode)
    return found


def loose(root: Path) -> dict[str, int]:
    """What another local user could read or enter."""
    return {name: mode for name, mode in modes(root).items() if mode & 0o077}


def test_everything_fielddesk_creates_in_a_profile_is_private(
    tmp_path: Path, loose_umask: None
) -> None:
    profile = Profile(tmp_path / "alice")
    save_account(profile, Account("https://rt.example.com", "alice", "token"), "secret")
    session = Session(profile)
    try:
        set_setting(session.db, "user", "alice")  # the database, its -wal and -shm written
        with transaction(session.db):
            session.db.execute("INSERT INTO settings(key, value) VALUES ('x', 'y')")
        attachments.import_bytes(profile.attachments_dir, b"%PDF-1.4", "report.pdf")
        logging.getLogger("sync.test").warning("a line in the profile's log")
        with ProfileLock(profile.root / "sync.lock"):
            pass
        names = set(modes(profile.root))
        assert {"fielddesk.db", "fielddesk.db-wal", "account.json", "sync.lock"} <= names
        assert any(n.startswith("logs/") for n in names)
        assert any(n.startswith("attachments/outgoing/") for n in names)
        assert loose(profile.root) == {}
    finally:
        session.close()


def test_a_profile_made_before_is_tightened_when_it_is_opened(
    tmp_path: Path, loose_umask: None
) -> None:
    root = tmp_path / "old"
    (root / "attachments" / "7").mkdir(parents=True)
    (root / "attachments" / "7" / "12-photo.jpg").write_bytes(b"\xff\xd8")
    (root / "exports").mkdir()
    (root / "exports" / "note.txt").write_text("Mrs Example, 555-0100")
    root.chmod(0o755)
    assert loose(root)  # as an older FieldDesk left it

    Session(Profile(root)).close()

    assert loose(root) == {}
    assert modes(root)["."] == 0o700
    assert modes(root)["attachments/7/12-photo.jpg"] == 0o600
