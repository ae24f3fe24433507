"""A visit given to someone else while its file was still to come down.

The supervisor's internal comment carries a file; the link drops as the file
comes down; the visit goes to bob while alice's note on it waits.  Alice's
laptop keeps the visit for her note, but RT no longer shows her its internal
comments: the file is refused (HTTP 403).  Her syncs must go on working (the
note's choices offered, other visits' news coming down) without asking for
the refused file again on every sync; given back to her, the file comes down.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync import attachments, file_vault, outbox
from sync.connectors.base import NewAttachment, NoteRequest
from sync.errors import Cause, NotFoundError
from sync.report import SyncReport
from sync.store import tickets as ticket_store
from tests.faults.proxy import FaultProxy
from tests.integration.helpers import Technician, connector, supervisor_update
from tests.integration.test_sync_files_and_runs import todays_visit

pytestmark = pytest.mark.rt

PLAN = b"%PDF-1.4\n% wiring plan, rack B\n"


def file_download(method: str, path: str) -> bool:
    return method == "GET" and "/attachment/" in path


def downloads_in_a_sync(rt: RunningRT, laptop: Technician, files: Path) -> tuple[SyncReport, int]:
    """A sync's report and how many file downloads it asked RT for."""
    with FaultProxy(rt.url) as proxy:
        report = laptop.sync(proxy.url, files=files)
        asked = [s for s in proxy.seen() if file_download(s.method, s.path)]
    return report, len(asked)


def test_a_refused_file_of_a_visit_given_away_does_not_stop_the_sync(
    rt: RunningRT, tmp_path: Path
) -> None:
    alice = Technician(rt, "alice", tmp_path)
    files = tmp_path / "files"
    assert alice.sync(files=files).ok
    visit = todays_visit(alice)
    boss = connector(rt, "supervisor")
    plan = NewAttachment("rack-b.pdf", "application/pdf", PLAN)
    boss.add_note(NoteRequest(visit.id, str(uuid.uuid4()), "Rack plan.", attachments=(plan,)))
    with FaultProxy(rt.url) as proxy:
        proxy.drop_reply_for(file_download)
        assert not alice.sync(proxy.url, files=files).ok  # the link dropped on the file
    [(attachment_id, path)] = alice.db.execute(
        "SELECT id, path FROM attachments WHERE filename = 'rack-b.pdf'"
    ).fetchall()
    assert path is None

    outbox.add_note(alice.db, visit.id, "Patched bay 3.", author="alice", minutes=10)
    seq = outbox.rows(alice.db)[-1].seq
    supervisor_update(rt, visit.id, {"owner": "bob"})
    other = next(
        v.id
        for v in ticket_store.list_visits(alice.db)
        if v.id != visit.id and v.status in ("new", "open")
    )
    news = f"Bring a spare PSU {uuid.uuid4().hex[:6]}"
    boss.add_note(NoteRequest(other, str(uuid.uuid4()), news))

    report, asked = downloads_in_a_sync(rt, alice, files)

    assert report.ok, report.error
    row = outbox.get_row(alice.db, seq)
    assert row is not None and row.state == "rejected" and row.error_cause == Cause.REASSIGNED
    assert ticket_store.is_gone(alice.db, visit.id)  # kept for the note, shown as given away
    assert any(news in (e.body or "") for e in ticket_store.history(alice.db, other))
    assert asked <= 1  # the visit's file: refused once at most
    report, asked = downloads_in_a_sync(rt, alice, files)
    assert report.ok, report.error
    assert asked == 0  # not asked for again on every sync

    # Opened by hand, the refusal says why in words.
    with pytest.raises(NotFoundError, match=r"no longer lets you open rack-b\.pdf"):
        attachments.fetch_attachment(alice.db, alice.connector, files, attachment_id)

    # Given back to her, the visit's file comes down with the next sync.
    supervisor_update(rt, visit.id, {"owner": "alice"})
    assert alice.sync(files=files).ok
    [path] = alice.db.execute("SELECT path FROM attachments WHERE id = ?", [attachment_id])
    assert path[0] is not None and file_vault.read_plain(Path(path[0])) == PLAN
