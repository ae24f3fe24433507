"""Files named in any script reach RT under their own names (against the real RT).

RT 5.0.3 answered HTTP 500 ("Wide character") to a comment, a reply or a new ticket
carrying a file named with a letter above U+00FF ("Фото принтера.jpg", "写真.jpg"): the
note was resent every few minutes and held the visit's later changes.  The name goes
RFC 2047-encoded; RT keeps it as written, the history lists it so, and the pull
recognises the photo sent from this laptop (listed once, not downloaded back).
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync import attachments, outbox
from sync.changes.checklist import send_checklists
from sync.engine import SyncEngine
from sync.store import checklists
from sync.store import tickets as ticket_store
from sync.store.files import files_of
from tests.integration.helpers import Technician, connector

pytestmark = pytest.mark.rt

NAMES = (
    "Фото принтера.jpg",
    "写真 プリンター.jpg",
    "Ελλάδα σχέδιο.png",
    "صورة הדפסה.png",
    "café façade.jpg",
    # As people name files: sent as named (before, "Rechnung _März_ _3.pdf").
    "Фото счётчика – été 📷.png",
    "नमस्ते.pdf",
    "Rechnung (März) #3.pdf",
)


def stored(tmp_path: Path, name: str) -> dict[str, object]:
    """A photo under name, stored as the window stores one."""
    taken = tmp_path / "taken" / name
    taken.parent.mkdir(exist_ok=True)
    taken.write_bytes(b"\xff\xd8\xff\xe0" + uuid.uuid4().bytes * 64)
    return attachments.import_file(tmp_path / "files", taken)


def open_visit(laptop: Technician) -> int:
    return next(v.id for v in ticket_store.list_visits(laptop.db) if v.status in ("new", "open"))


def names_on_rt(rt: RunningRT, ticket_id: int, text: str) -> list[str]:
    history = connector(rt, "supervisor").fetch_history(ticket_id, 0)
    return [a.filename for t in history if (t.body or "").strip() == text for a in t.attachments]


@pytest.mark.parametrize("public", [False, True], ids=["comment", "reply"])
def test_a_note_with_files_named_in_any_script_reaches_rt_as_named(
    rt: RunningRT, tmp_path: Path, public: bool
) -> None:
    laptop = Technician(rt, "alice", tmp_path)
    assert laptop.sync().ok
    visit = open_visit(laptop)
    text = f"The printer, front and back {uuid.uuid4().hex[:8]}"
    files = [stored(tmp_path, name) for name in NAMES]
    outbox.add_note(laptop.db, visit, text, author="alice", public=public, attachments=files)
    outbox.set_fields(laptop.db, visit, {"status": "stalled"})  # a later change of the visit

    engine = SyncEngine(laptop.db, laptop.connector, attachments_dir=tmp_path / "files")
    report = engine.run()

    assert report.ok and report.rejected == [] and outbox.rows(laptop.db) == []
    assert sorted(names_on_rt(rt, visit, text)) == sorted(NAMES)
    assert connector(rt, "alice").fetch_ticket(visit).fields["status"] == "stalled"
    # The next sync pulls RT's record of them: each listed once, by name, sent, and
    # not downloaded back (its bytes are on this laptop already).
    again = engine.run()
    assert again.ok and again.files_fetched == 0
    listed = [f for f in files_of(laptop.db, visit) if f.filename in NAMES]
    assert sorted(f.filename for f in listed) == sorted(NAMES)
    assert all(not f.unsent and f.path is not None for f in listed)


def test_a_new_ticket_with_a_file_named_in_cyrillic_is_made_with_it(
    rt: RunningRT, tmp_path: Path
) -> None:
    laptop = Technician(rt, "alice", tmp_path)
    assert laptop.sync().ok
    subject = f"Принтер в приёмной {uuid.uuid4().hex[:8]}"
    outbox.create_ticket(
        laptop.db,
        subject=subject,
        content="Замятие бумаги, фото приложено.",
        owner="alice",
        attachments=[stored(tmp_path, "Фото принтера.jpg")],
    )
    [row] = outbox.rows(laptop.db)

    engine = SyncEngine(laptop.db, laptop.connector, attachments_dir=tmp_path / "files")
    report = engine.run()

    assert report.ok and report.rejected == [] and outbox.rows(laptop.db) == []
    made = connector(rt, "alice").find_ticket(row.uuid)
    assert made is not None
    history = connector(rt, "supervisor").fetch_history(made, 0)
    assert [a.filename for t in history for a in t.attachments] == ["Фото принтера.jpg"]
    assert engine.run().files_fetched == 0
    [listed] = files_of(laptop.db, made)
    assert listed.filename == "Фото принтера.jpg" and not listed.unsent


def test_a_checklist_photo_named_in_greek_reaches_rt_as_named(
    rt: RunningRT, tmp_path: Path
) -> None:
    laptop = Technician(rt, "alice", tmp_path)
    assert laptop.sync().ok
    visit, checklist = next(
        (v.id, found[0])
        for v in ticket_store.list_visits(laptop.db)
        if v.status in ("new", "open") and (found := checklists.checklists(laptop.db, v.id))
    )
    item = checklist.items[0].number
    checklists.set_photo(laptop.db, visit, item, stored(tmp_path, "Ελλάδα σχέδιο.png"), by="alice")
    assert send_checklists(laptop.db, visit, author="alice", reason="a test of its photo")

    report = laptop.sync()

    assert report.ok and report.rejected == [] and outbox.rows(laptop.db) == []
    history = connector(rt, "supervisor").fetch_history(visit, 0)
    names = [a.filename for t in history for a in t.attachments]
    assert f"item{item:02d}-Ελλάδα σχέδιο.png" in names
