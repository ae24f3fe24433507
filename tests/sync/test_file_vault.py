"""A profile's stored files: encrypted with its key, read back, old plaintext ones migrated."""

from __future__ import annotations

import base64
import os
import signal
import subprocess
import sys
import textwrap
import time
import tracemalloc
from pathlib import Path

import keyring
import pytest

from sync import attachments, file_vault, sealed_files
from sync.changes.note import stored_files
from sync.errors import Cause, RejectedError
from sync.file_vault import PARTIAL_SUFFIX, FileUnreadable, Sealing, seal_legacy_files
from sync.profile import Profile
from sync.profile_key import KeyMissing, create_key, forget_key, key_entry, load_key
from sync.secrets import SERVICE
from sync.session import seal_files_of_older_versions
from sync.store import open_database

ROOT = Path(__file__).resolve().parents[2]
PHOTO = b"\xff\xd8\xff\xe0JFIF rear door of the HP M607 at ACME Dental" * 50


def raw_bytes_of_profile(profile: Profile) -> bytes:
    return b"".join(p.read_bytes() for p in profile.root.rglob("*") if p.is_file())


def test_a_stored_photo_is_encrypted_on_disk_and_read_back(
    profile: Profile, tmp_path: Path
) -> None:
    picked = tmp_path / "rear door.jpg"
    picked.write_bytes(PHOTO)
    item = attachments.import_file(profile.attachments_dir, picked)
    stored = Path(item["path"])
    assert item["size"] == len(PHOTO)
    assert b"ACME Dental" not in raw_bytes_of_profile(profile)
    assert file_vault.read_plain(stored) == PHOTO
    assert file_vault.plain_size(stored) == len(PHOTO)
    assert load_key(profile.root) is not None  # the key came from the keyring, made once
    assert not list(profile.root.rglob(f"*{PARTIAL_SUFFIX}"))


def test_files_made_here_and_downloads_are_encrypted(profile: Profile) -> None:
    item = attachments.import_bytes(profile.attachments_dir, b"%PDF-1.4 Julie Marsh", "r.pdf")
    assert b"Julie Marsh" not in raw_bytes_of_profile(profile)
    assert file_vault.read_plain(Path(item["path"])) == b"%PDF-1.4 Julie Marsh"


def test_a_changed_file_gives_one_clear_line_naming_it(profile: Profile) -> None:
    item = attachments.import_bytes(profile.attachments_dir, PHOTO, "fuser.jpg")
    stored = Path(item["path"])
    blob = bytearray(stored.read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    stored.write_bytes(bytes(blob))
    with pytest.raises(FileUnreadable) as raised:
        file_vault.read_plain(stored, name=item["filename"])  # a stored name carries none
    assert str(raised.value) == "fuser.jpg: this file was changed on disk or the key is wrong"


def test_a_wrong_key_reads_nothing_and_exports_nothing(profile: Profile, tmp_path: Path) -> None:
    item = attachments.import_bytes(profile.attachments_dir, PHOTO, "fuser.jpg")
    keyring.set_password(
        SERVICE, key_entry(profile.root), base64.b64encode(os.urandom(32)).decode()
    )
    target = tmp_path / "Downloads" / "fuser.jpg"
    with pytest.raises(FileUnreadable, match="the key is wrong"):
        file_vault.export_plain(Path(item["path"]), target)
    assert not target.parent.exists() or not list(target.parent.iterdir())


def test_a_lost_key_is_said_and_never_replaced_by_a_new_one(profile: Profile) -> None:
    item = attachments.import_bytes(profile.attachments_dir, PHOTO, "fuser.jpg")
    forget_key(profile.root)
    with pytest.raises(KeyMissing):
        file_vault.read_plain(Path(item["path"]))
    with pytest.raises(KeyMissing):  # a new file would be sealed with a key that hides the loss
        attachments.import_bytes(profile.attachments_dir, b"more", "more.txt")
    assert load_key(profile.root) is None


def test_no_new_key_beside_an_encrypted_replica(profile: Profile) -> None:
    profile.database_path.write_bytes(os.urandom(4096))  # not "SQLite format 3": encrypted
    with pytest.raises(KeyMissing):
        attachments.import_bytes(profile.attachments_dir, b"x", "x.txt")


def test_the_replica_key_is_the_files_key(profile: Profile) -> None:
    key = create_key(profile.root)
    item = attachments.import_bytes(profile.attachments_dir, PHOTO, "fuser.jpg")
    with Path(item["path"]).open("rb") as handle:
        assert b"".join(sealed_files.unseal(key, handle)) == PHOTO


def legacy_profile(profile: Profile) -> dict[Path, bytes]:
    """Files as an older FieldDesk stored them: in plain."""
    files = {
        profile.attachments_dir / "outgoing" / f"{'a' * 32}-fuser.jpg": PHOTO,
        profile.attachments_dir / "1042" / "7-manual.pdf": b"%PDF-1.4 Julie Marsh 555-0142",
        profile.attachments_dir / "1042" / "8-empty.txt": b"",
        # An older FieldDesk's unfinished write, or a file really named so: kept, sealed.
        profile.attachments_dir / "1042" / "9-notes.txt.part": b"Julie Marsh's notes",
    }
    for path, data in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return files


def test_plaintext_files_of_an_older_profile_are_encrypted_in_place(profile: Profile) -> None:
    files = legacy_profile(profile)
    assert file_vault.read_plain(next(iter(files))) == PHOTO  # readable before, as they are
    assert seal_legacy_files(profile.attachments_dir).sealed == len(files)
    raw = raw_bytes_of_profile(profile)
    assert b"Julie Marsh" not in raw and b"ACME Dental" not in raw
    for path, data in files.items():
        assert file_vault.read_plain(path) == data
    assert seal_legacy_files(profile.attachments_dir).sealed == 0  # once only
    assert sorted(profile.attachments_dir.rglob("*")) == sorted(
        [*files, *{p.parent for p in files}]
    )


def test_a_full_disk_while_encrypting_keeps_that_file_plain_and_goes_on(
    profile: Profile, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = legacy_profile(profile)
    real_seal = sealed_files.seal
    calls = 0

    def disk_full_on_the_second_file(key: bytes, source: object, target: object) -> int:
        nonlocal calls
        calls += 1
        if calls == 2:
            target.write(b"FDSEAL half written")  # type: ignore[attr-defined]
            raise OSError(28, "No space left on device")
        return real_seal(key, source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(sealed_files, "seal", disk_full_on_the_second_file)
    assert seal_legacy_files(profile.attachments_dir) == Sealing(
        sealed=len(files) - 1, left_plain=1
    )
    for path, data in files.items():
        assert file_vault.read_plain(path) == data
    monkeypatch.undo()
    assert seal_legacy_files(profile.attachments_dir).sealed == 1
    assert b"Julie Marsh" not in raw_bytes_of_profile(profile)


def write_killed_two_hours_ago(stored: Path) -> Path:
    """The unfinished sealed copy of ``stored`` that a run killed two hours ago left."""
    killed = stored.with_name(stored.name + f".1234abcd{PARTIAL_SUFFIX}")
    killed.write_bytes(b"FDSEAL\x01 half of a sealed copy")
    hour_ago = time.time() - 2 * 3600
    os.utime(killed, (hour_ago, hour_ago))
    return killed


def test_a_write_killed_midway_is_cleaned_up_at_the_next_start(profile: Profile) -> None:
    files = legacy_profile(profile)
    stored = next(iter(files))
    killed = write_killed_two_hours_ago(stored)
    under_way = stored.with_name(stored.name + f".5678abcd{PARTIAL_SUFFIX}")
    under_way.write_bytes(b"FDSEAL\x01 another thread writing now")
    seal_legacy_files(profile.attachments_dir)
    assert not killed.exists() and under_way.exists()
    assert file_vault.read_plain(stored) == PHOTO


def test_syncs_stop_opening_stored_files_once_none_is_left_plain(
    profile: Profile, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = legacy_profile(profile)
    db = open_database(None)
    opened: list[Path] = []
    real_sealed = file_vault._sealed

    def looked_at(path: Path) -> bool:
        opened.append(path)
        return real_sealed(path)

    monkeypatch.setattr(file_vault, "_sealed", looked_at)
    seal_files_of_older_versions(db, profile.attachments_dir)  # the first sync seals them
    assert set(files) <= set(opened)
    assert b"Julie Marsh" not in raw_bytes_of_profile(profile)

    stored = next(iter(files))
    killed = write_killed_two_hours_ago(stored)
    opened.clear()
    seal_files_of_older_versions(db, profile.attachments_dir)  # every later sync
    assert opened == []  # no stored file read again...
    assert not killed.exists()  # ...but a write a crash cut short is still removed
    for path, data in files.items():
        assert file_vault.read_plain(path) == data


def test_syncs_look_again_while_a_plain_file_could_not_be_sealed(
    profile: Profile, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = legacy_profile(profile)
    db = open_database(None)
    real_seal = sealed_files.seal

    def disk_full(key: bytes, source: object, target: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sealed_files, "seal", disk_full)
    seal_files_of_older_versions(db, profile.attachments_dir)
    monkeypatch.setattr(sealed_files, "seal", real_seal)
    seal_files_of_older_versions(db, profile.attachments_dir)  # the next sync finishes it
    assert b"Julie Marsh" not in raw_bytes_of_profile(profile)
    for path, data in files.items():
        assert file_vault.read_plain(path) == data


def test_a_note_whose_file_was_changed_stays_in_the_outbox_saying_why(profile: Profile) -> None:
    item = attachments.import_bytes(profile.attachments_dir, PHOTO, "fuser.jpg")
    stored = Path(item["path"])
    stored.write_bytes(stored.read_bytes()[:-1])
    with pytest.raises(RejectedError) as raised:
        stored_files([item])
    assert "fuser.jpg: this file was changed on disk or the key is wrong" in str(raised.value)
    assert raised.value.cause == Cause.INVALID


def test_a_big_file_is_stored_streaming_and_read_into_memory_once(
    profile: Profile, tmp_path: Path
) -> None:
    size = 48 * 1024 * 1024
    video = tmp_path / "site walk.mp4"
    with video.open("wb") as handle:
        for index in range(48):
            handle.write(bytes([index]) * (1024 * 1024))
    tracemalloc.start()
    try:
        item = attachments.import_file(profile.attachments_dir, video, max_bytes=size)
        _, storing_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        content = file_vault.read_plain(Path(item["path"]))
        _, reading_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert item["size"] == size and len(content) == size and content[-1] == 47
    assert storing_peak < 8 * 1024 * 1024  # a chunk or two, never the file
    assert reading_peak < size + 8 * 1024 * 1024  # the content once, plus a chunk or two


def test_a_kill_in_the_middle_of_encrypting_leaves_the_plaintext_readable(
    profile: Profile,
) -> None:
    files = legacy_profile(profile)
    killed_midway = textwrap.dedent(
        f"""
        import os, signal
        from pathlib import Path
        import keyring
        from sync.secrets import MemoryKeyring
        keyring.set_keyring(MemoryKeyring())
        from sync import file_vault, sealed_files

        def dies_after_a_chunk(key, source, target, **_):
            target.write(b"FDSEAL" + bytes(5000))
            target.flush()
            os.kill(os.getpid(), signal.SIGKILL)

        sealed_files.seal = dies_after_a_chunk
        file_vault.seal_legacy_files(Path({str(profile.attachments_dir)!r}))
        """
    )
    done = subprocess.run([sys.executable, "-c", killed_midway], cwd=ROOT, check=False)
    assert done.returncode == -signal.SIGKILL
    [partial] = profile.attachments_dir.rglob(f"*{PARTIAL_SUFFIX}")
    for path, data in files.items():
        assert path.read_bytes() == data  # each file still the old one, whole

    hour_ago = time.time() - 2 * 3600  # the next start, later
    os.utime(partial, (hour_ago, hour_ago))
    assert seal_legacy_files(profile.attachments_dir).sealed == len(files)
    assert not partial.exists()
    for path, data in files.items():
        assert file_vault.read_plain(path) == data
