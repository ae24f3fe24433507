"""A link planted in the profile's files folder never lets FieldDesk touch what it points to.

A link as ``attachments`` (or as a visit's folder in it) used to make the first sync
encrypt every plain file of the folder it pointed to -- a stand-in ``~/.ssh`` lost
``authorized_keys`` and ``id_ed25519`` to encryption --, sign-in chmod-ed that folder
to 0700, and downloads and photos landed in it.  Now the link is refused with a clear
message, passed over while the folder is looked through, and nothing goes through it.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest
import sqlite_utils

from sync import attachments, file_vault
from sync.account import Account, save_account
from sync.file_vault import LinkRefused, seal_legacy_files
from sync.profile import Profile
from sync.session import Session, seal_files_of_older_versions
from sync.store import open_database

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX links and modes")

KEYS = {
    "authorized_keys": b"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBq alice@laptop\n",
    "id_ed25519": b"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n",
    "known_hosts": b"rt.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHk\n",
    # Named as FieldDesk names its files: still not FieldDesk's, being behind a link.
    "70-plan.pdf": b"%PDF-1.4 someone else's plan",
}


@pytest.fixture
def ssh(tmp_path: Path) -> Path:
    """A stand-in ~/.ssh: plain files, the folder readable by others (0755)."""
    folder = tmp_path / "home" / ".ssh"
    folder.mkdir(parents=True)
    for name, data in KEYS.items():
        (folder / name).write_bytes(data)
    folder.chmod(0o755)
    return folder


def as_it_was(folder: Path) -> dict[str, tuple[int, bytes]]:
    """The folder's mode and each file's mode and bytes."""
    found = {".": (stat.S_IMODE(folder.stat().st_mode), b"")}
    for path in folder.iterdir():
        found[path.name] = (stat.S_IMODE(path.stat().st_mode), path.read_bytes())
    return found


class FileHelpdesk:
    """The one connector call a download makes."""

    def fetch_attachment(self, attachment_id: int, max_bytes: int) -> bytes:
        return b"%PDF-1.4 site plan of ACME Dental"


def replica_with_a_file_of_visit_1() -> sqlite_utils.Database:
    db = open_database(None)
    db["tickets"].insert(
        {"id": 1, "subject": "Printer jams", "status": "open", "queue": "Field",
         "last_updated": "2026-12-02T09:00:00Z"},
        alter=False,
    )  # fmt: skip
    db["attachments"].insert(
        {"id": 70, "ticket_id": 1, "filename": "plan.pdf", "content_type": "application/pdf",
         "size": 40, "path": None},
        alter=False,
    )  # fmt: skip
    return db


def signed_in_with_linked_files(root: Path, target: Path) -> Profile:
    """A profile whose attachments folder is a link to target, signed in as sign-in does
    it here (the folders made private, the account saved; the helpdesk is not asked)."""
    profile = Profile(root)
    profile.root.mkdir()
    profile.attachments_dir.symlink_to(target)
    save_account(profile.ensure(), Account("http://127.0.0.1:9", "alice", "token"), "t")
    return profile


def test_a_linked_attachments_folder_is_refused_and_what_it_points_to_is_left_alone(
    tmp_path: Path, ssh: Path
) -> None:
    before = as_it_was(ssh)
    profile = signed_in_with_linked_files(tmp_path / "alice", ssh)
    assert as_it_was(ssh) == before  # signing in made the profile private, not ~/.ssh

    # The sync's first step refuses, naming the link and what fixes it.
    db = open_database(profile.database_path)
    try:
        with pytest.raises(LinkRefused) as refused:
            seal_files_of_older_versions(db, profile.attachments_dir)
    finally:
        db.close()
    said = str(refused.value)
    assert said.startswith(f"{profile.attachments_dir} is a link to {ssh}: ")
    assert "Remove the link (what it points to stays as it is) and try again" in said
    with pytest.raises(LinkRefused):
        seal_legacy_files(profile.attachments_dir)
    with pytest.raises(LinkRefused):  # a photo taken now
        attachments.import_bytes(profile.attachments_dir, b"\xff\xd8 photo", "photo.jpg")
    with pytest.raises(LinkRefused):  # a download
        attachments.fetch_attachment(
            replica_with_a_file_of_visit_1(), FileHelpdesk(), profile.attachments_dir, 70
        )
    assert as_it_was(ssh) == before


def test_a_sync_on_a_linked_attachments_folder_stops_before_touching_anything(
    tmp_path: Path, ssh: Path
) -> None:
    before = as_it_was(ssh)
    session = Session(signed_in_with_linked_files(tmp_path / "alice", ssh))
    try:
        with pytest.raises(LinkRefused, match="is a link to"):
            session.sync()  # refused before the helpdesk is asked anything
    finally:
        session.close()
    assert as_it_was(ssh) == before


def test_linked_folders_of_a_visit_and_of_new_photos_take_no_file(
    profile: Profile, ssh: Path, tmp_path: Path
) -> None:
    before = as_it_was(ssh)
    profile.attachments_dir.mkdir(exist_ok=True)
    (profile.attachments_dir / "1").symlink_to(ssh)  # where visit #1's files go
    (profile.attachments_dir / "outgoing").symlink_to(ssh)  # where new photos go
    db = replica_with_a_file_of_visit_1()

    with pytest.raises(LinkRefused, match=r"attachments/1 is a link to "):
        attachments.fetch_attachment(db, FileHelpdesk(), profile.attachments_dir, 70)
    assert db.execute("SELECT path FROM attachments WHERE id = 70").fetchone() == (None,)
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"\xff\xd8 the printer's rear door")
    with pytest.raises(LinkRefused, match=r"attachments/outgoing is a link to "):
        attachments.import_file(profile.attachments_dir, photo)
    with pytest.raises(LinkRefused):
        attachments.import_bytes(profile.attachments_dir, b"%PDF-1.4 report", "report.pdf")

    assert seal_legacy_files(profile.attachments_dir).sealed == 0  # passed over
    assert as_it_was(ssh) == before


def test_only_the_files_fielddesk_stored_are_sealed_and_no_link_is_followed(
    profile: Profile, ssh: Path
) -> None:
    before = as_it_was(ssh)
    folder = profile.attachments_dir
    (folder / "7").mkdir()
    (folder / "outgoing").mkdir(exist_ok=True)
    ours = {
        folder / "7" / "71-manual.pdf": b"%PDF-1.4 Julie Marsh 555-0142",
        folder / "outgoing" / f"{'b' * 32}-fuser.jpg": b"\xff\xd8 fuser unit",
    }
    not_ours = {
        folder / "notes.txt": b"kept by hand",
        folder / "7" / "readme.txt": b"not a name FieldDesk gives",
        folder / "backup" / "12-old.pdf": b"a folder FieldDesk does not make",
        folder / "outgoing" / "photo.jpg": b"no uuid: not FieldDesk's",
    }
    for path, data in {**ours, **not_ours}.items():
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
    (folder / "7" / "70-plan.pdf").symlink_to(ssh / "id_ed25519")  # a file behind a link
    (folder / "8").symlink_to(ssh)  # a visit's folder behind a link

    assert seal_legacy_files(folder).sealed == len(ours)
    for path, data in ours.items():
        assert path.read_bytes() != data and file_vault.read_plain(path) == data
    for path, data in not_ours.items():
        assert path.read_bytes() == data
    assert as_it_was(ssh) == before


def test_a_stored_file_behind_a_link_is_not_read(profile: Profile, ssh: Path) -> None:
    """A note's photo replaced by a link to a private key: the key is never sent."""
    stored = profile.attachments_dir / "outgoing" / f"{'a' * 32}-photo.jpg"
    stored.parent.mkdir(parents=True, exist_ok=True)
    stored.symlink_to(ssh / "id_ed25519")
    with pytest.raises(LinkRefused, match="is a link to "):
        file_vault.read_plain(stored)
    with pytest.raises(LinkRefused):
        file_vault.plain_size(stored)

    # The same photo, its folder made a link: not read either.
    os.unlink(stored)
    stored.parent.rmdir()
    stored.parent.symlink_to(ssh)
    (ssh / stored.name).write_bytes(b"-----BEGIN OPENSSH PRIVATE KEY-----")
    with pytest.raises(LinkRefused, match="outgoing is a link to "):
        file_vault.read_plain(stored)
