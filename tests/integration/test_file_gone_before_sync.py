"""A change whose stored file vanished before the sync (its folder deleted, a disk cleaner).

Against the real RT: the change is refused here, naming the file and what to do, before
anything of it is sent; the rest of the sync goes on (other changes, the pull), and the
change can be discarded, leaving nothing in flight.
"""

from __future__ import annotations

import shutil
import time
import uuid
from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync import attachments, outbox
from sync.errors import Cause
from sync.store import tickets as ticket_store
from sync.store.outbox import mark_in_flight
from tests.integration.helpers import Technician, comments_with, connector, supervisor_update

pytestmark = pytest.mark.rt

GONE = "photo.jpg is no longer on this laptop: attach it again or discard the note"


def open_visits(laptop: Technician) -> list[int]:
    return [v.id for v in ticket_store.list_visits(laptop.db) if v.status in ("new", "open")]


def photo_in(folder: Path, tmp_path: Path) -> dict[str, object]:
    """A photo stored under folder as the app stores one (encrypted, durable)."""
    taken = tmp_path / "photo.jpg"
    taken.write_bytes(b"\xff\xd8\xff\xe0" + uuid.uuid4().bytes * 500)
    return attachments.import_file(folder, taken)


def test_a_note_whose_photo_vanished_is_refused_and_the_sync_goes_on(
    rt: RunningRT, tmp_path: Path
) -> None:
    laptop = Technician(rt, "alice", tmp_path)
    assert laptop.sync().ok
    with_photo, other, changed = open_visits(laptop)[:3]
    files = tmp_path / "profile" / "attachments"
    text = f"Photo of the docking station. {uuid.uuid4().hex[:8]}"
    outbox.add_note(
        laptop.db, with_photo, text, author="alice", attachments=[photo_in(files, tmp_path)]
    )
    other_text = f"Reseated the dock's power lead. {uuid.uuid4().hex[:8]}"
    outbox.add_note(laptop.db, other, other_text, author="alice")
    [seq, _] = [r.seq for r in outbox.rows(laptop.db)]
    shutil.rmtree(files)  # the attachments folder deleted before the sync
    supervisor_update(rt, changed, {"contact": "Front desk, ext. 4411"})

    report = laptop.sync()

    assert report.ok and report.pushed == 1  # the other note went
    assert report.rejected == [f"#{with_photo}: note: {text}: {GONE}"]
    assert len(comments_with(rt, other, other_text)) == 1
    assert comments_with(rt, with_photo, text) == []  # nothing of it left the laptop
    assert ticket_store.working_values(laptop.db, changed)["contact"] == "Front desk, ext. 4411"
    row = outbox.get_row(laptop.db, seq)
    assert row is not None and row.state == "rejected" and row.error_cause == Cause.INVALID
    assert row.last_error == GONE and row.sent_at is None and row.attempts == 0  # never went
    assert outbox.can_edit(row) and outbox.can_discard(row)

    outbox.discard(laptop.db, seq)

    assert outbox.rows(laptop.db) == []  # nothing left in flight, nothing waiting
    assert not any(e.body == text for e in ticket_store.history(laptop.db, with_photo))
    assert laptop.sync().ok and comments_with(rt, with_photo, text) == []


def test_a_note_left_in_flight_by_the_old_crash_is_refused_once_it_may_go_again(
    rt: RunningRT, tmp_path: Path
) -> None:
    """A laptop updated with a note the old FieldDesk marked in flight, then crashed on."""
    laptop = Technician(rt, "alice", tmp_path)
    assert laptop.sync().ok
    visit = open_visits(laptop)[3]
    files = tmp_path / "profile" / "attachments"
    text = f"Photo of the patch panel. {uuid.uuid4().hex[:8]}"
    outbox.add_note(laptop.db, visit, text, author="alice", attachments=[photo_in(files, tmp_path)])
    [row] = outbox.rows(laptop.db)
    mark_in_flight(laptop.db, row)  # then FileNotFoundError: nothing went
    laptop.db.execute("UPDATE outbox SET sent_at = ? WHERE seq = ?", [time.time() - 600, row.seq])
    shutil.rmtree(files)

    report = laptop.sync()  # looked up first (not there), then refused: not sent

    assert report.ok and report.rejected == [f"#{visit}: note: {text}: {GONE}"]
    assert comments_with(rt, visit, text) == []
    outbox.discard(laptop.db, row.seq)
    assert outbox.rows(laptop.db) == []


def test_a_new_ticket_whose_file_vanished_is_refused_and_not_made(
    rt: RunningRT, tmp_path: Path
) -> None:
    laptop = Technician(rt, "alice", tmp_path)
    assert laptop.sync().ok
    files = tmp_path / "profile" / "attachments"
    subject = f"Dock replaced at reception {uuid.uuid4().hex[:8]}"
    outbox.create_ticket(
        laptop.db,
        subject=subject,
        content="The old dock is in the van.",
        owner="alice",
        attachments=[photo_in(files, tmp_path)],
    )
    [row] = outbox.rows(laptop.db)
    shutil.rmtree(files)

    report = laptop.sync()

    gone = "photo.jpg is no longer on this laptop: attach it again or discard the new ticket"
    assert report.ok and report.rejected == [f"new ticket: {subject}: {gone}"]
    assert connector(rt, "alice").find_ticket(row.uuid) is None
    outbox.discard(laptop.db, row.seq)
    assert outbox.rows(laptop.db) == []
