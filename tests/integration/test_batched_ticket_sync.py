"""Tickets read in batches leave the replica exactly as reading them one by one.

Against the real RT: the sample's visits in batches of five (the batch size
does not change what a batch does; a hundred would need a hundred visits), one
with a history longer than a page, a note with binary files, tickets linked to
equipment.
One laptop syncs with batches, the other is made to read every ticket by itself
(the path kept for tickets a batch cannot settle); their replicas must agree
field for field, ETags included, after the first sync and after changes on the
helpdesk.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from devrt.instance import RunningRT
from sync.connectors.base import BatchProgress, NewAttachment, NoteRequest, TicketBatch
from sync.connectors.rt import RTConnector
from sync.engine import SyncEngine
from sync.pullers import tickets as tickets_puller
from sync.store import tickets as ticket_store
from tests.integration.helpers import (
    Technician,
    connector,
    past_this_second,
    supervisor_update,
)
from tests.integration.rt_admin import add_comments, create_tickets, delete_ticket, run_perl

pytestmark = pytest.mark.rt

Heard = Callable[[BatchProgress], None]  # what hears a batch's progress

# What a ticket's pull writes; compared row by row, every column.
TABLES = {
    "tickets": ("id",),
    "history": ("id",),
    "attachments": ("id",),
    "assets": ("id",),
    "ticket_assets": ("ticket_id", "asset_id"),
    "users": ("name",),
}
LOCAL_COLUMNS = {"rowid", "path", "asked"}  # "asked": when this laptop asked RT for a name
# Every byte value, and bytes that are not UTF-8.
BINARY = bytes(range(256)) * 4 + b"\xff\xfe\x00\x80"


class OneByOne(RTConnector):
    """The connector with its batch refusing every ticket: each is read by itself."""

    def fetch_tickets(
        self, after_txns: dict[int, int], progress: Heard | None = None
    ) -> TicketBatch:
        return TicketBatch([], sorted(after_txns))


def _one_by_one(rt: RunningRT, tmp_path: Path) -> Technician:
    laptop = Technician(rt, "alice", tmp_path / "one-by-one")
    laptop.connector = OneByOne(laptop.connector.http)
    return laptop


def _rows(db: sqlite_utils.Database, table: str) -> dict[Any, dict[str, Any]]:
    """A table's rows by their key, without what is local to each laptop
    (row numbers, where downloaded files were put)."""
    key = TABLES[table]
    columns = [c.name for c in db[table].columns if c.name not in LOCAL_COLUMNS]
    rows = db.execute(f"SELECT {', '.join(columns)} FROM {table}")
    found = [dict(zip(columns, row, strict=True)) for row in rows]
    return {tuple(row[k] for k in key): row for row in found}


def _differences(one: sqlite_utils.Database, other: sqlite_utils.Database) -> list[Any]:
    """(table, key, column, batched, one by one) wherever the replicas disagree."""
    found: list[Any] = []
    for table in TABLES:
        a, b = _rows(one, table), _rows(other, table)
        for key in sorted(a.keys() | b.keys()):
            mine, theirs = a.get(key, {}), b.get(key, {})
            found += [
                (table, key, column, mine.get(column), theirs.get(column))
                for column in sorted(mine.keys() | theirs.keys())
                if mine.get(column) != theirs.get(column)
            ]
    return found[:10]


def _let_the_second_pass() -> None:
    """RT stamps to the second: a ticket changed in the second a sync reads it is read
    again by the next sync, by either laptop; both must see the changes settled."""
    time.sleep(1.1)


def _long_history(rt: RunningRT, ticket_id: int, comments: int) -> None:
    add_comments(rt, [ticket_id], comments)


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tickets_puller, "TICKETS_PER_BATCH", 5)


@pytest.mark.timeout(900)
@pytest.mark.usefixtures("small_batches")
def test_batched_sync_holds_what_one_by_one_holds(rt: RunningRT, tmp_path: Path) -> None:
    (tmp_path / "batched").mkdir()
    (tmp_path / "one-by-one").mkdir()
    _long_history(rt, 1, 100)  # longer than a page of history
    batched = Technician(rt, "alice", tmp_path / "batched")
    batched.connector.add_note(
        NoteRequest(
            ticket_id=3,
            client_request_id=str(uuid.uuid4()),
            content="Photo of the label and the controller dump",
            attachments=(
                NewAttachment("label.jpg", "image/jpeg", BINARY),
                NewAttachment("dump.bin", "application/octet-stream", BINARY[::-1]),
            ),
        )
    )
    one_by_one = _one_by_one(rt, tmp_path)
    _let_the_second_pass()

    first = batched.sync()
    one_by_one.sync()

    assert first.tickets_pulled == len(ticket_store.ticket_ids(batched.db)) > 10
    assert _differences(batched.db, one_by_one.db) == []
    history_of_1 = batched.db.execute("SELECT COUNT(*) FROM history WHERE ticket_id = 1")
    assert history_of_1.fetchone()[0] > 100
    readings = batched.db.execute(
        "SELECT COUNT(*) FROM history WHERE ticket_id = 1 AND body LIKE 'Reading %: toner at %'"
    )
    assert readings.fetchone()[0] == 100, "every comment with its text, past the first page"
    files = batched.db.execute(
        "SELECT filename, size FROM attachments WHERE ticket_id = 3 ORDER BY filename"
    ).fetchall()
    assert ("dump.bin", len(BINARY)) in files and ("label.jpg", len(BINARY)) in files
    linked = batched.db.execute("SELECT COUNT(*) FROM ticket_assets").fetchone()[0]
    assert linked > 0
    etags = dict(batched.db.execute("SELECT id, etag FROM tickets WHERE id IN (1, 2, 3)"))
    assert etags == {t: _server_etag(rt, t) for t in (1, 2, 3)}

    # Changes on the helpdesk: a field, a comment, a new link to equipment.
    supervisor_update(rt, 2, {"priority": "77"})
    _long_history(rt, 3, 2)
    run_perl(
        rt,
        "my $t = RT::Ticket->new(RT->SystemUser); $t->Load(5);"
        " my ($ok, $msg) = $t->AddLink(Type => 'RefersTo', Target => 'asset:1');"
        ' die "$msg\\n" unless $ok;',
    )
    _let_the_second_pass()
    again = batched.sync()
    one_by_one.sync()

    assert again.tickets_pulled == 3
    assert _differences(batched.db, one_by_one.db) == []
    assert (5, 1) in batched.db.execute("SELECT ticket_id, asset_id FROM ticket_assets")
    assert batched.db.execute("SELECT etag FROM tickets WHERE id = 3").fetchone()[0] == (
        _server_etag(rt, 3)
    )


@pytest.mark.usefixtures("small_batches")
def test_a_ticket_gone_from_the_batch_does_not_hold_back_the_others(
    rt: RunningRT, tmp_path: Path
) -> None:
    """A ticket deleted between the change listing and its batch is settled by itself."""
    laptop = Technician(rt, "alice", tmp_path)
    db = laptop.db
    SyncEngine(db, laptop.connector).run()
    supervisor_update(rt, 1, {"subject": "Printer jams (seen by dispatch)"})
    supervisor_update(rt, 2, {"subject": "Router checked by dispatch"})

    class DeletedMidway(RTConnector):
        def fetch_tickets(
            self, after_txns: dict[int, int], progress: Heard | None = None
        ) -> TicketBatch:
            delete_ticket(rt, 1)  # after the change listing named it
            return super().fetch_tickets(after_txns, progress)

    report = SyncEngine(db, DeletedMidway(laptop.connector.http)).run()

    assert report.ok, report
    assert db.execute("SELECT COUNT(*) FROM tickets WHERE id = 1").fetchone()[0] == 0
    subject = db.execute("SELECT subject FROM tickets WHERE id = 2").fetchone()[0]
    assert subject == "Router checked by dispatch"


def _server_etag(rt: RunningRT, ticket_id: int) -> str:
    """The ETag RT serves for the ticket now (what a write must send as If-Match)."""
    return connector(rt, "alice").fetch_ticket(ticket_id).etag


@pytest.mark.timeout(900)
def test_a_full_batch_brings_each_tickets_new_history_from_its_own_mark(rt: RunningRT) -> None:
    """Fifty tickets, each read from a different point of its history (RT answers
    long queries of per-ticket marks wrongly: the batch must not rely on them)."""
    made = create_tickets(rt, "alice", 50)
    add_comments(rt, made, 2)
    alice = connector(rt, "alice")
    # From its creation on for half of them, from its first comment on for the others.
    marks = {t: alice.fetch_history(t, 0)[1].id for t in made[1::2]}
    marks |= dict.fromkeys(made[::2], 0)
    past_this_second()

    batch = alice.fetch_tickets(marks)

    assert batch.unread == []
    got = {p.ticket.id: [txn.id for txn in p.history] for p in batch.pulled}
    assert got == {t: [txn.id for txn in alice.fetch_history(t, mark)] for t, mark in marks.items()}
