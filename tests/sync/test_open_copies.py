"""Decrypted copies for other programs: private, and gone when FieldDesk is."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from sync import attachments, open_copies, retention
from sync.file_vault import FileUnreadable
from sync.open_copies import OpenCopies, copies_home, remove_leftovers
from sync.profile import Profile
from sync.profiles import sign_out

REPORT = b"%PDF-1.4 service report for Julie Marsh"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "copies"
    folder.mkdir(mode=0o700)
    return folder


def stored_report(profile: Profile) -> Path:
    return Path(attachments.import_bytes(profile.attachments_dir, REPORT, "report.pdf")["path"])


def test_a_copy_is_plaintext_in_a_private_folder_removed_at_exit(
    profile: Profile, home: Path
) -> None:
    copies = OpenCopies(home)
    copy = copies.copy_of(stored_report(profile), "report.pdf")
    assert copy.name == "report.pdf" and copy.read_bytes() == REPORT
    assert copy.is_relative_to(home)
    if os.name != "nt":
        assert stat.S_IMODE(copy.parent.parent.stat().st_mode) == 0o700
    second = copies.copy_of(stored_report(profile), "report.pdf")
    assert second != copy and second.read_bytes() == REPORT  # one name twice: both kept
    copies.remove()
    assert not copy.exists() and list(home.iterdir()) == []


def test_an_unreadable_file_leaves_no_copy(profile: Profile, home: Path) -> None:
    stored = stored_report(profile)
    stored.write_bytes(stored.read_bytes()[:-3])
    copies = OpenCopies(home)
    with pytest.raises(FileUnreadable):
        copies.copy_of(stored, "report.pdf")
    assert [p for p in home.rglob("*") if p.is_file() and p.name != "in-use.lock"] == []
    copies.remove()


def test_copies_of_a_crashed_fieldesk_go_at_the_next_start(tmp_path: Path, home: Path) -> None:
    legacy = tmp_path / "attachments" / "7" / "3-report.pdf"  # plaintext: no key needed
    legacy.parent.mkdir(parents=True)
    legacy.write_bytes(REPORT)
    crashing = textwrap.dedent(
        f"""
        import os, signal
        from pathlib import Path
        from sync.open_copies import OpenCopies
        OpenCopies(Path({str(home)!r})).copy_of(Path({str(legacy)!r}), "report.pdf")
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    subprocess.run([sys.executable, "-c", crashing], cwd=ROOT, check=False, timeout=60)
    [left] = list(home.iterdir())
    assert (left / "1" / "report.pdf").read_bytes() == REPORT

    running = OpenCopies(home)
    mine = running.copy_of(legacy, "report.pdf")
    assert remove_leftovers(home) == 1  # the dead one's, not this running one's
    assert not left.exists() and mine.read_bytes() == REPORT
    running.remove()


def test_the_copies_folder_is_the_users_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    home = copies_home()
    assert home.is_relative_to(tmp_path)
    if os.name != "nt":
        assert stat.S_IMODE(home.stat().st_mode) == 0o700
        home.chmod(0o755)
        assert stat.S_IMODE(copies_home().stat().st_mode) == 0o700


def test_signing_out_with_wipe_removes_the_opened_copies_too(
    profile: Profile, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copies = OpenCopies(home)
    monkeypatch.setattr(open_copies, "_process_copies", copies)
    copy = open_copies.process_copies().copy_of(stored_report(profile), "report.pdf")
    sign_out(profile, wipe=True)
    assert not copy.exists() and not profile.root.exists()


def test_a_planted_link_in_the_shared_temp_folder_is_not_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another local user may make /tmp/fielddesk-open-<name> first, pointing elsewhere."""
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (tmp_path / f"fielddesk-open-{open_copies._user_tag()}").symlink_to(theirs)
    home = copies_home()
    assert home.parent == tmp_path and home.name.startswith("fielddesk-open-")
    assert not home.is_symlink() and home.resolve() != theirs


def test_a_file_opened_again_and_again_has_one_copy(profile: Profile, home: Path) -> None:
    """A window open all week: a photo opened twenty times is one plaintext copy."""
    copies = OpenCopies(home)
    stored = stored_report(profile)
    made = {copies.copy_of(stored, "report.pdf") for _ in range(20)}
    assert len(made) == 1
    assert [p.name for p in home.rglob("report.pdf")] == ["report.pdf"]
    copies.remove()


def test_a_copy_goes_after_its_hour_and_when_its_visit_leaves_the_laptop(
    profile: Profile, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copies = OpenCopies(home)
    monkeypatch.setattr(open_copies, "_process_copies", copies)
    old = copies.copy_of(stored_report(profile), "report.pdf")
    assert copies.sweep(lifetime_s=3600) == 0 and old.exists()
    assert copies.sweep(lifetime_s=0) == 1 and not old.exists()

    stored = stored_report(profile)
    copy = copies.copy_of(stored, "report.pdf")
    retention.remove_visit_files(None, 7, [stored])  # retention removes the visit's files
    assert not copy.exists()
    assert [p for p in home.rglob("*") if p.is_file() and p.name != "in-use.lock"] == []
    copies.remove()


def test_a_copy_is_made_again_when_either_file_changed(profile: Profile, home: Path) -> None:
    """A stored file damaged on disk is checked again (not handed out from an old copy),
    and a copy a viewer saved over is not handed out as the file."""
    copies = OpenCopies(home)
    stored = stored_report(profile)
    first = copies.copy_of(stored, "report.pdf")
    first.write_bytes(b"%PDF-1.4 annotated in the viewer")
    second = copies.copy_of(stored, "report.pdf")
    assert second != first and second.read_bytes() == REPORT
    copies.sweep()  # the replaced copy goes at once, not an hour after
    assert not first.exists() and second.exists()

    blob = stored.read_bytes()
    stored.write_bytes(blob[:-1] + bytes([blob[-1] ^ 0x01]))
    with pytest.raises(FileUnreadable):
        copies.copy_of(stored, "report.pdf")
    copies.remove()
