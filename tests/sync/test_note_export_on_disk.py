"""Exporting unsent notes writes only what it names, in folders of this user's own.

The user's folder (``~/Documents``) holds their own files: an export replaces none of
them, writes through no link waiting there, and leaves that folder's mode as it is;
the folders FieldDesk makes for it are 0700 (their names carry ticket numbers).
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import sqlite_utils

from sync import outbox
from sync.attachments import import_bytes
from sync.changes.refused_note import export_all, exportable_note, write_export
from sync.outbox import InvalidChange
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from tests.sync.test_store import remote_ticket

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes and links")


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    """Visit #7 with one unsent note (outbox 1) carrying a photo."""
    replica = open_database(tmp_path / "fd.db")
    with transaction(replica):
        ticket_store.apply_remote_ticket(replica, remote_ticket(7))
    photo = import_bytes(tmp_path / "files", b"\xff\xd8rack", "rack.jpg")
    outbox.add_note(replica, 7, "Rack rewired.", author="alice", attachments=[photo])
    return replica


@pytest.fixture
def usual_umask() -> Iterator[None]:
    before = os.umask(0o022)
    yield
    os.umask(before)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_export_all_replaces_no_file_of_an_earlier_export_in_the_folder(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    folder = tmp_path / "notes"
    own_copy = folder / "note-7-1-files" / "1-rack.jpg"
    own_copy.parent.mkdir(parents=True)
    own_copy.write_text("the technician's own earlier copy")

    with pytest.raises(InvalidChange, match="note-7-1-files exists; export into another"):
        export_all(db, folder)

    assert own_copy.read_text() == "the technician's own earlier copy"
    assert not (folder / "note-7-1.md").exists()


@posix_only
def test_a_link_waiting_beside_the_export_is_not_written_through(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("important file of this user")
    victim.chmod(0o644)
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "note-7-1.md.part").symlink_to(victim)

    [(path, error)] = export_all(db, folder)

    assert error is None and "Rack rewired." in path.read_text(encoding="utf-8")
    assert victim.read_text() == "important file of this user" and mode(victim) == 0o644


def test_a_failed_export_leaves_no_half_written_file(
    db: sqlite_utils.Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    note = exportable_note(db, 1)

    def disk_fails(descriptor: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", disk_fails)
    with pytest.raises(InvalidChange, match="could not write"):
        write_export(replace(note, files=[]), folder / "note.md")

    assert list(folder.iterdir()) == []


@posix_only
@pytest.mark.usefixtures("usual_umask")
def test_folders_made_for_an_export_are_private_and_the_chosen_one_keeps_its_mode(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    documents = tmp_path / "Documents"
    documents.mkdir(mode=0o755)

    export_all(db, documents / "fielddesk" / "alice")
    files = outbox.export_note(db, 1, documents / "note.md")
    without_files = replace(exportable_note(db, 1), files=[])
    write_export(without_files, documents / "text only" / "note.md")

    assert mode(documents) == 0o755  # the user's own: left as it was
    alice = documents / "fielddesk" / "alice"
    made = [alice.parent, alice, alice / "note-7-1-files", files, documents / "text only"]
    assert {str(folder.relative_to(documents)): mode(folder) for folder in made} == {
        str(folder.relative_to(documents)): 0o700 for folder in made
    }
