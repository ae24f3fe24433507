"""The names of the i18n review (s31) reach the real RT as the technician gave them:
an emoji, an accent macOS typed as a mark, a Devanagari vowel sign, "(März) #3", and
a macOS screenshot's narrow space (sent as a plain space)."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync import outbox
from sync.engine import SyncEngine
from tests.integration.helpers import Technician
from tests.integration.test_file_names_in_any_script import names_on_rt, open_visit, stored

pytestmark = pytest.mark.rt

GIVEN_AND_ON_RT = {
    "Фото счётчика – été 📷.png": "Фото счётчика – été 📷.png",
    "cafe\u0301 nfd.txt": "caf\u00e9 nfd.txt",
    "नमस्ते.pdf": "नमस्ते.pdf",
    "Rechnung (März) #3.pdf": "Rechnung (März) #3.pdf",
    "Screenshot 2026-12-06 at 10.15.03\u202fAM.png": "Screenshot 2026-12-06 at 10.15.03 AM.png",
}


def test_a_note_with_files_named_as_people_name_them_reaches_rt_so(
    rt: RunningRT, tmp_path: Path
) -> None:
    laptop = Technician(rt, "alice", tmp_path)
    assert laptop.sync().ok
    visit = open_visit(laptop)
    text = f"Meter and invoice {uuid.uuid4().hex[:8]}"
    files = [stored(tmp_path, name) for name in GIVEN_AND_ON_RT]
    outbox.add_note(laptop.db, visit, text, author="alice", public=True, attachments=files)

    report = SyncEngine(laptop.db, laptop.connector, attachments_dir=tmp_path / "files").run()

    assert report.ok and report.rejected == [] and outbox.rows(laptop.db) == []
    assert sorted(names_on_rt(rt, visit, text)) == sorted(GIVEN_AND_ON_RT.values())
