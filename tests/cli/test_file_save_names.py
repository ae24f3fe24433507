"""What ``fielddesk file save`` writes into a folder: the name the window's "Save as…"
would propose (the real extension kept, never a Windows device), marked as downloaded
from the internet as the window marks it.

No helpdesk needed: the replica and its files are made here (``tests.hostile_replica``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sync.account import Account, save_account
from sync.profile import Profile
from sync.store.settings import set_setting
from tests.cli.runner import run
from tests.hostile_replica import HELPDESK, HostileVisit, hostile_replica

DISGUISED = "A" * 116 + ".exe.pdf"  # 124 characters: longer than a saved name may be


@pytest.fixture
def profile(tmp_path: Path) -> Profile:
    profile = Profile(tmp_path / "profile").ensure()
    save_account(profile, Account(HELPDESK, "alice", "token"), "1-40-x")
    return profile


@pytest.fixture
def visit(profile: Profile) -> HostileVisit:
    """One visit with files from the helpdesk already on this laptop."""
    visit = hostile_replica(profile.database_path, profile.attachments_dir)
    set_setting(visit.db, "user", "alice")
    return visit


def _save_into_folder(
    capsys: pytest.CaptureFixture[str], profile: Profile, key: int, folder: Path
) -> Path:
    folder.mkdir(exist_ok=True)
    code, _, err = run(capsys, profile.root, "file", "save", str(key), str(folder))
    assert code == 0, err
    [saved] = folder.iterdir()
    return saved


def test_a_long_name_keeps_its_real_extension(
    profile: Profile, visit: HostileVisit, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = visit.with_file(DISGUISED)
    visit.db.close()

    saved = _save_into_folder(capsys, profile, key, tmp_path / "Downloads")

    assert saved.suffix == ".pdf" and not saved.name.endswith(".exe")
    assert saved.name.startswith("AAAA") and len(saved.name) <= 120


@pytest.mark.parametrize("device_name", ["CON.pdf", "nul.txt", "COM1.tar.gz", "aux .pdf"])
def test_a_windows_device_name_is_saved_under_a_file_name(
    profile: Profile,
    visit: HostileVisit,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    device_name: str,
) -> None:
    key = visit.with_file(device_name)
    visit.db.close()

    saved = _save_into_folder(capsys, profile, key, tmp_path / "Downloads")

    assert saved.name == f"_{device_name}"  # Windows would open the device, not a file


@pytest.mark.skipif(not hasattr(os, "setxattr"), reason="the Linux mark: a user attribute")
def test_a_saved_file_is_marked_as_downloaded_from_the_helpdesk(
    profile: Profile, visit: HostileVisit, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = visit.with_file("scan-0042.pdf")
    visit.db.close()
    folder = tmp_path / "Downloads"
    folder.mkdir()
    probe = tmp_path / "probe"
    probe.touch()
    try:
        os.setxattr(probe, "user.probe", b"1")
    except OSError as error:  # a file system without user attributes (tmpfs before 6.6)
        pytest.skip(f"no extended attributes here: {error.strerror}")

    saved = _save_into_folder(capsys, profile, key, folder)

    assert os.getxattr(saved, "user.xdg.origin.url") == HELPDESK.encode()
