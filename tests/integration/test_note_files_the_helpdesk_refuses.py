"""A note's files the helpdesk refuses the whole note for, against the real RT.

A proxy's size limit (nginx's client_max_body_size, as docs/compatibility.md sets it
up) answers HTTP 413: said as files too large together, with the way out (smaller
notes), not "edit it and retry" (an edit cannot drop files).  An empty file, which RT
refuses ("FileContent is a required field"), queued by an older build: the note goes
out without it, and the sync says so.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from devrt.instance import RunningRT
from sync import attachments, file_vault, outbox
from sync.store import tickets as ticket_store
from tests.faults.proxy import FaultProxy, comment_on
from tests.integration.helpers import Technician, comments_with

pytestmark = pytest.mark.rt

MB = 1024 * 1024
NGINX_413 = b"<html><head><title>413 Request Entity Too Large</title></head></html>"


def open_visit(laptop: Technician) -> int:
    return next(v.id for v in ticket_store.list_visits(laptop.db) if v.status in ("new", "open"))


def photo(tmp_path: Path, name: str, size: int) -> dict[str, Any]:
    """A photo stored as the window stores one (encrypted, durable)."""
    taken = tmp_path / name
    taken.write_bytes(b"\xff\xd8\xff\xe0" + uuid.uuid4().bytes * (size // 16))
    return attachments.import_file(tmp_path / "profile" / "attachments", taken)


def test_a_413_says_the_files_are_too_large_together(rt: RunningRT, tmp_path: Path) -> None:
    laptop = Technician(rt, "alice", tmp_path)
    assert laptop.sync().ok
    visit = open_visit(laptop)
    text = f"Rack photos before the move. {uuid.uuid4().hex[:8]}"
    files = [photo(tmp_path, "rack-1.jpg", 2 * MB), photo(tmp_path, "rack-2.jpg", 2 * MB)]
    outbox.add_note(laptop.db, visit, text, author="alice", attachments=files)

    with FaultProxy(rt.url) as proxy:
        proxy.replace_status(comment_on(visit), status=413, body=NGINX_413)
        report = laptop.sync(proxy.url)

    assert report.rejected == [
        f"#{visit}: note: {text}: the files are too large together for the helpdesk "
        "(4 MB): send them in smaller notes"
    ]
    [row] = outbox.rows(laptop.db)
    assert outbox.can_discard(row)  # nothing of it reached the helpdesk
    assert not comments_with(rt, visit, text)


def test_an_empty_file_queued_by_an_older_build_is_left_out_and_said(
    rt: RunningRT, tmp_path: Path
) -> None:
    laptop = Technician(rt, "alice", tmp_path)
    assert laptop.sync().ok
    visit = open_visit(laptop)
    text = f"Fuser swapped, photo attached. {uuid.uuid4().hex[:8]}"
    # What an older build stored for a 0-byte file picked in the tray.
    empty_path = tmp_path / "profile" / "attachments" / file_vault.MADE_HERE_DIR / "e0"
    file_vault.store_bytes(empty_path, b"")
    empty = {"path": str(empty_path), "filename": "IMG_0042.jpg", "size": 0,
             "content_type": "image/jpeg"}  # fmt: skip
    good = photo(tmp_path, "fuser.jpg", 64 * 1024)
    outbox.add_note(laptop.db, visit, text, author="alice", minutes=25, attachments=[good, empty])

    report = laptop.sync()

    assert report.ok and report.pushed == 1 and not report.rejected
    assert (
        f"#{visit}: note (25 min): {text}: sent without IMG_0042.jpg: empty (0 bytes), "
        "which the helpdesk refuses"
    ) in report.notices
    [sent] = comments_with(rt, visit, text)
    assert [a.filename for a in sent.attachments] == ["fuser.jpg"]
    assert sent.time_taken == 25
