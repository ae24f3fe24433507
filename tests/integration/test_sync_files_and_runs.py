"""Photos and files, escalation, cancelling a sync, and one sync per profile."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync import attachments, file_vault, outbox
from sync.engine import Progress, SyncEngine
from sync.lock import ProfileLock, SyncBusy
from sync.pullers import tickets as ticket_puller
from sync.store import kb
from sync.store import tickets as ticket_store
from sync.store.files import files_of
from tests.integration.helpers import Technician, connector, server_ticket

pytestmark = pytest.mark.rt

# A real (tiny) PNG: 1x1 pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cf000000030101004d0a2db40000000049454e44ae426082"
)


def todays_visit(laptop: Technician) -> ticket_store.Visit:
    today = datetime.now(UTC).date().isoformat()
    return next(
        v
        for v in ticket_store.list_visits(laptop.db)
        if (v.visit_start or "").startswith(today) and v.status == "open"
    )


def test_photo_reaches_rt_and_comes_down_to_another_laptop(rt: RunningRT, tmp_path: Path) -> None:
    laptop = Technician(rt, "alice", tmp_path / "one")
    assert laptop.sync().ok
    visit = todays_visit(laptop)
    photo = tmp_path / "printer back.png"
    photo.write_bytes(PNG)
    item = attachments.import_file(tmp_path / "files", photo)
    outbox.add_note(
        laptop.db, visit.id, "Photo of the rear door.", author="alice", attachments=[item]
    )
    assert laptop.sync().ok

    history = connector(rt, "supervisor").fetch_history(visit.id, 0)
    [note] = [t for t in history if (t.body or "").strip() == "Photo of the rear door."]
    assert [(a.filename, a.content_type) for a in note.attachments] == [
        ("printer back.png", "image/png")
    ]

    # A second laptop (a fresh install) gets the file for today's visit on disk.
    second = Technician(rt, "alice", tmp_path / "two")
    engine = SyncEngine(second.db, second.connector, attachments_dir=tmp_path / "two-files")
    report = engine.run()
    assert report.ok and report.files_fetched >= 1
    [path] = second.db.execute(
        "SELECT path FROM attachments WHERE filename = 'printer back.png'"
    ).fetchone()
    assert file_vault.read_plain(Path(path)) == PNG


def test_a_photo_sent_from_this_laptop_is_listed_once_and_not_downloaded_back(
    rt: RunningRT, tmp_path: Path
) -> None:
    """It was listed twice after the sync, once "not yet sent" for ever, and the
    sync downloaded the technician's own photo back over the mobile link."""
    laptop = Technician(rt, "alice", tmp_path / "one")
    assert laptop.sync().ok
    visit = todays_visit(laptop)
    photo = tmp_path / "IMG_0043.png"
    photo.write_bytes(PNG)
    item = attachments.import_file(tmp_path / "files", photo)
    outbox.add_note(laptop.db, visit.id, "The fuser, before.", author="alice", attachments=[item])
    engine = SyncEngine(laptop.db, laptop.connector, attachments_dir=tmp_path / "files")
    assert engine.run().ok
    report = engine.run()  # the next sync, as ten minutes later
    assert report.ok and report.files_fetched == 0

    [listed] = [f for f in files_of(laptop.db, visit.id) if f.filename == "IMG_0043.png"]
    assert not listed.unsent and listed.path is not None
    assert file_vault.read_plain(Path(listed.path)) == PNG


def test_a_huge_file_is_refused_with_its_size(tmp_path: Path) -> None:
    big = tmp_path / "scan.pdf"
    big.write_bytes(b"0" * 2_000_000)
    with pytest.raises(
        attachments.AttachmentTooLarge, match=r"scan.pdf is 1.9 MB; the limit is 1 MB"
    ):
        attachments.import_file(tmp_path / "files", big, max_bytes=1_048_576)


def test_escalation_tells_the_supervisor_why_and_raises_priority(
    rt: RunningRT, tmp_path: Path
) -> None:
    laptop = Technician(rt, "alice", tmp_path)
    assert laptop.sync().ok
    visit = next(v for v in ticket_store.list_visits(laptop.db) if v.priority < 90)
    outbox.escalate(
        laptop.db, visit.id, "Mainboard fault, needs a replacement unit", author="alice"
    )
    assert laptop.sync().ok
    remote = server_ticket(rt, visit.id)
    assert remote.fields["priority"] == "90"
    bodies = [t.body for t in connector(rt, "supervisor").fetch_history(visit.id, 0)]
    assert any("ESCALATION: Mainboard fault" in (b or "") for b in bodies)


def test_a_cancelled_sync_resumes_where_it_stopped(
    rt: RunningRT, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A cancel takes effect between batches of tickets (a hundred at a time): batches of
    # one here, so that bob's few tickets span several.
    monkeypatch.setattr(ticket_puller, "TICKETS_PER_BATCH", 1)
    laptop = Technician(rt, "bob", tmp_path)
    cancel = threading.Event()

    def stop_after_two(progress: Progress) -> None:
        if progress.phase == "pull" and progress.done == 1:  # the second batch starts
            cancel.set()

    report = SyncEngine(laptop.db, laptop.connector, progress=stop_after_two, cancel=cancel).run()
    assert report.cancelled and report.tickets_pulled == 2
    assert len(ticket_store.list_visits(laptop.db)) == 2  # what was fetched is kept

    report = laptop.sync()
    assert report.ok
    owned = connector(rt, "bob").owned_ticket_ids()
    assert {v.id for v in ticket_store.list_visits(laptop.db)} == owned
    assert report.tickets_pulled == len(owned) - 2  # nothing fetched twice


def test_only_one_sync_per_profile(tmp_path: Path) -> None:
    with ProfileLock(tmp_path / "sync.lock"), pytest.raises(SyncBusy, match="another FieldDesk"):
        ProfileLock(tmp_path / "sync.lock").__enter__()
    with ProfileLock(tmp_path / "sync.lock"):
        pass  # released when the first sync ends


def test_serial_number_and_kb_draft_reach_rt(rt: RunningRT, tmp_path: Path) -> None:
    laptop = Technician(rt, "alice", tmp_path)
    assert laptop.sync().ok
    asset_id, old_serial = laptop.db.execute("SELECT id, serial FROM assets LIMIT 1").fetchone()
    outbox.set_asset_serial(laptop.db, asset_id, "CN-4F2-88X1")
    local_id = outbox.draft_article(
        laptop.db,
        name="Elmgrove phones: PoE budget after adding the sidecar",
        summary="The switch ran out of PoE budget; what to check.",
        content="Symptom: handsets reboot when a sidecar module is plugged in.",
    )
    # Searchable before it is published:
    assert (local_id, True) in [(h.id, h.is_draft) for h in kb.search(laptop.db, "sidecar")]

    report = laptop.sync()
    assert report.ok and report.pushed == 2
    supervisor = connector(rt, "supervisor")
    assets = supervisor.http.get(f"asset/{asset_id}").body
    serials = [cf["values"] for cf in assets["CustomFields"] if cf["name"] == "Serial Number"]
    assert serials == [["CN-4F2-88X1"]] and old_serial != "CN-4F2-88X1"
    published = supervisor.find_article("Elmgrove phones: PoE budget after adding the sidecar")
    assert published is not None
    hits = kb.search(laptop.db, "sidecar")
    assert (published, False) in [(h.id, h.is_draft) for h in hits]
    assert not any(h.is_draft for h in hits)  # the draft became the published article
    assert kb.get_article(laptop.db, local_id) is None
