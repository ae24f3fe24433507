"""A visit that left the technician's list is said as RT tells it, against the real RT.

Merged by the office into another of her visits while she was offline, with a note
and a status change queued on it: the note (and its time) stays in the surviving
visit's history, sync after sync, and the sync says "merged into #B".  Deleted,
shredded, or moved to a queue she cannot see: the sync says that, not "no longer
assigned to you".
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync import attachments, outbox
from sync.connectors.base import RemoteTicket
from sync.store import tickets as ticket_store
from sync.store.files import files_of
from tests.integration import rt_admin
from tests.integration.helpers import Technician, connector

pytestmark = pytest.mark.rt


@pytest.fixture
def alice(rt: RunningRT, tmp_path: Path) -> Iterator[Technician]:
    laptop = Technician(rt, "alice", tmp_path)
    yield laptop
    laptop.db.close()


def merge(rt: RunningRT, merged: int, survivor: int) -> None:
    rt_admin.run_perl(
        rt,
        f"my $t = RT::Ticket->new(RT->SystemUser); $t->Load({merged}) or die;"
        f" my ($ok, $m) = $t->MergeInto({survivor}); die $m unless $ok;",
    )


def move_out_of_sight(rt: RunningRT, ticket_id: int) -> None:
    """The office moves the ticket to a queue no field technician has a right on."""
    rt_admin.run_perl(
        rt,
        f"""
my $queue = RT::Queue->new(RT->SystemUser);
unless ($queue->Load('Back Office')) {{
    my ($ok, $msg) = $queue->Create(Name => 'Back Office');
    die "$msg\\n" unless $ok;
}}
my $ticket = RT::Ticket->new(RT->SystemUser);
$ticket->Load({int(ticket_id)}) or die "no ticket";
my ($ok, $msg) = $ticket->SetQueue('Back Office');
die "$msg\\n" unless $ok;
""",
    )


def test_a_note_sent_to_a_visit_rt_merged_stays_in_the_surviving_visit(
    rt: RunningRT, alice: Technician
) -> None:
    duplicate, original = rt_admin.create_tickets(rt, "alice", 2)
    assert alice.sync().ok
    text = f"Fixed the cable. {uuid.uuid4().hex[:8]}"
    outbox.add_note(alice.db, duplicate, text, author="alice", minutes=40)
    outbox.set_fields(alice.db, duplicate, {"status": "stalled"})
    merge(rt, duplicate, original)

    report = alice.sync()

    assert report.ok and report.pushed == 2 and not report.rejected, report
    assert ticket_store.get_visit(alice.db, duplicate) is None
    for _ in range(2):  # and later syncs keep it
        notes = [h for h in ticket_store.history(alice.db, original) if h.body == text]
        assert [(n.type, n.time_taken) for n in notes] == [("Comment", 40)]
        assert alice.sync().ok
    assert report.visits_left == [f"#{duplicate} was merged into #{original} on the helpdesk."]
    # The surviving visit shows what RT shows of it, the merged ticket's history included.
    on_rt = {t.id for t in connector(rt, "supervisor").fetch_history(original, 0)}
    here = {h.id for h in ticket_store.history(alice.db, original)}
    assert on_rt <= here


def test_a_photo_sent_to_a_visit_rt_merged_is_listed_once_in_the_surviving_visit(
    rt: RunningRT, alice: Technician, tmp_path: Path
) -> None:
    duplicate, original = rt_admin.create_tickets(rt, "alice", 2)
    assert alice.sync().ok
    taken = tmp_path / "photo.jpg"
    taken.write_bytes(b"\xff\xd8\xff\xe0" + uuid.uuid4().bytes * 500)
    photo = attachments.import_file(tmp_path / "profile" / "attachments", taken)
    outbox.add_note(alice.db, duplicate, "Cable photo", author="alice", attachments=[photo])
    merge(rt, duplicate, original)

    assert alice.sync().ok and alice.sync().ok

    files = [f for f in files_of(alice.db, original) if f.filename == "photo.jpg"]
    assert len(files) == 1 and files[0].id is not None, files
    assert files[0].path is not None and Path(files[0].path).exists()  # never downloaded back


def reads_of_one_ticket(laptop: Technician, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The tickets the laptop reads one by one from now on."""
    read: list[int] = []
    fetch = laptop.connector.fetch_ticket

    def recorded(ticket_id: int) -> RemoteTicket:
        read.append(ticket_id)
        return fetch(ticket_id)

    monkeypatch.setattr(laptop.connector, "fetch_ticket", recorded)
    return read


def test_a_visit_deleted_shredded_or_moved_out_of_sight_is_said_so(
    rt: RunningRT, alice: Technician, monkeypatch: pytest.MonkeyPatch
) -> None:
    deleted, shredded, hidden, given = rt_admin.create_tickets(rt, "alice", 4)
    assert alice.sync().ok
    rt_admin.delete_ticket(rt, deleted)
    rt_admin.shred_ticket(rt, shredded)
    move_out_of_sight(rt, hidden)
    boss = connector(rt, "supervisor")
    boss.update_ticket(given, boss.fetch_ticket(given).etag, {"owner": "bob"})
    read = reads_of_one_ticket(alice, monkeypatch)

    report = alice.sync()

    assert report.ok and report.tickets_removed == 4, report
    assert report.visits_left == [
        f"#{deleted} was deleted on the helpdesk.",
        f"#{shredded} was deleted on the helpdesk.",
        f"#{hidden} is no longer visible to you on the helpdesk: reassigned or moved to a "
        "queue you cannot see.",
    ]  # the fourth is bob's now: "no longer yours", as before
    assert not {deleted, shredded, hidden, given} & ticket_store.ticket_ids(alice.db)
    # One read of each visit that left, none of the others; a sync with nothing new, none.
    assert sorted(read) == [deleted, shredded, hidden, given]
    read.clear()
    assert alice.sync().ok and read == []


def test_a_visit_deleted_with_work_unsent_says_it_was_deleted(
    rt: RunningRT, alice: Technician
) -> None:
    (deleted,) = rt_admin.create_tickets(rt, "alice", 1)
    assert alice.sync().ok
    alice.db.execute("INSERT INTO visit_timers (ticket_id, kind, elapsed_s) VALUES (?, ?, ?)",
                     [deleted, "on_site", 600])  # fmt: skip
    rt_admin.delete_ticket(rt, deleted)

    report = alice.sync()

    visit = ticket_store.get_visit(alice.db, deleted)
    assert visit is not None and report.kept_with_unsent_changes == [deleted]
    assert visit.gone == "deleted on the helpdesk; time on its timer kept here"
