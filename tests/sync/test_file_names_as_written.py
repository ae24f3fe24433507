"""A file the technician sends reaches RT, and the customer, under the name she gave it,
in any script; only what no folder can take is left out (i18n review, s31).

Before, anything but letters, digits, "._- " became "_": an accent typed as a mark
(macOS names files so), a Devanagari vowel sign, an emoji, "(März) #3", the narrow
space of a macOS screenshot's "10.15.03 AM".  The names stay safe to write on any
laptop: no folder, device or hidden file, nothing invisible, not too long for the disk.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
import sqlite_utils

from sync import attachments, outbox
from sync.changes.note import stored_files
from sync.changes.refused_note import export_all
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from tests.sync.test_store import remote_ticket


def sent_as(tmp_path: Path, name: str) -> str:
    """The name RT receives for a file the technician adds under ``name``."""
    added = attachments.import_bytes(tmp_path / "files", b"\x89PNG meter", name)
    [sent] = stored_files([added])
    return sent.filename


@pytest.mark.parametrize(
    ("given", "sent"),
    [
        ("Фото счётчика – été 📷.png", "Фото счётчика – été 📷.png"),
        ("cafe\u0301 nfd.txt", "caf\u00e9 nfd.txt"),  # decomposed, as macOS gives it
        ("नमस्ते.pdf", "नमस्ते.pdf"),
        ("Rechnung (März) #3.pdf", "Rechnung (März) #3.pdf"),
        (
            "Screenshot 2026-12-06 at 10.15.03\u202fAM.png",
            "Screenshot 2026-12-06 at 10.15.03 AM.png",
        ),
        ("写真\u3000プリンター.jpg", "写真 プリンター.jpg"),
        ("Ελλάδα σχέδιο, v2 [final] & co; 100%.png", "Ελλάδα σχέδιο, v2 [final] & co; 100%.png"),
    ],
)
def test_a_file_reaches_rt_under_the_name_it_was_given(
    tmp_path: Path, given: str, sent: str
) -> None:
    assert sent_as(tmp_path, given) == sent


@pytest.mark.parametrize(
    ("given", "sent"),
    [
        ("../../.ssh/authorized_keys", "authorized_keys"),
        ("C:\\Users\\alice\\.bashrc", "bashrc"),
        (".hidden.png", "hidden.png"),
        ("\u3000.hidden.png", "hidden.png"),  # an odd space is a space, stripped too
        ("report. . ", "report"),
        ("CON.txt", "_CON.txt"),
        ("lpt1.tar.gz", "_lpt1.tar.gz"),
        ("com9", "_com9"),
        ('a<b>c:d"e|f?g*h.pdf', "a_b_c_d_e_f_g_h.pdf"),
        ("invoice\u202egnp.exe", "invoicegnp.exe"),  # no right-to-left override
        ("line\nbreak\x00\x07.txt", "linebreak.txt"),
        ("\u200b..", "file"),
    ],
)
def test_a_hostile_name_stays_harmless(tmp_path: Path, given: str, sent: str) -> None:
    assert sent_as(tmp_path, given) == sent


@pytest.mark.skipif(sys.platform != "linux", reason="a name in bytes that are not UTF-8")
def test_a_file_named_in_bytes_that_are_not_utf8_is_sent_under_a_name_rt_can_store(
    tmp_path: Path,
) -> None:
    taken = tmp_path / os.fsdecode(b"caf\xe9 \xff.jpg")  # Latin-1, from an old USB stick
    taken.write_bytes(b"\xff\xd8 photo")

    added = attachments.import_file(tmp_path / "files", taken)

    [sent] = stored_files([added])
    assert sent.filename == "caf_ _.jpg"


@pytest.fixture
def replica(tmp_path: Path) -> sqlite_utils.Database:
    db = open_database(tmp_path / "fd.db")
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket(7))
    return db


def exported_files(db: sqlite_utils.Database, tmp_path: Path, *names: str) -> list[str]:
    """The files written beside an unsent note exported with files named ``names``."""
    files = [attachments.import_bytes(tmp_path / "files", b"\xff\xd8", n) for n in names]
    outbox.add_note(db, 7, "Meter read.", author="alice", attachments=files)
    [(_note, error)] = export_all(db, tmp_path / "notes")
    assert error is None
    return sorted(p.name for p in (tmp_path / "notes" / "note-7-1-files").iterdir())


def test_an_exported_note_keeps_its_files_names(
    replica: sqlite_utils.Database, tmp_path: Path
) -> None:
    written = exported_files(replica, tmp_path, "Rechnung (März) #3.pdf", "Фото – 📷.png")

    assert written == ["1-Rechnung (März) #3.pdf", "2-Фото – 📷.png"]


def test_a_file_named_in_120_chinese_letters_is_exported_too(
    replica: sqlite_utils.Database, tmp_path: Path
) -> None:
    # 360 bytes of UTF-8: more than a Linux or macOS disk takes for a name (255).
    long_name = "北京办公室打印机维修记录" * 10 + ".pdf"

    [written] = exported_files(replica, tmp_path, long_name)

    assert written.startswith("1-北京办公室") and written.endswith(".pdf")
    assert len(written.encode("utf-8")) <= 255
