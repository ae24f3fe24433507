"""The Outbox's help for a note that may already be on a ticket given away: no other way
is advised but a file (the row's choices, ``sync.outbox.choices_for``)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from desktop.outbox.view import refusal_help
from sync import outbox
from sync.changes.note import MAYBE_DELIVERED
from sync.errors import Cause
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from sync.store.outbox import set_payload
from tests.sync.test_store import remote_ticket


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    replica = open_database(tmp_path / "fd.db")
    with transaction(replica):
        ticket_store.apply_remote_ticket(replica, remote_ticket(7))
    return replica


def refused_note(db: sqlite_utils.Database, *, maybe_there: bool) -> outbox.OutboxRow:
    outbox.add_note(db, 7, "Fuser swapped.", author="alice", minutes=30)
    row = outbox.rows(db)[-1]
    if maybe_there:
        set_payload(db, row.seq, {**row.payload, MAYBE_DELIVERED: 1.0})
    outbox.mark_rejected(db, row.seq, "ticket #7 is no longer yours", Cause.REASSIGNED)
    refused = outbox.get_row(db, row.seq)
    assert refused is not None
    return refused


def test_a_note_that_may_be_on_the_ticket_is_not_advised_to_go_another_way(
    db: sqlite_utils.Database,
) -> None:
    said = refusal_help(refused_note(db, maybe_there=True), "refused")
    assert "may already be on the ticket" in said and "Export" in said
    assert "a comment anyway" not in said and "new ticket" not in said


def test_a_note_that_never_reached_rt_keeps_every_other_way(db: sqlite_utils.Database) -> None:
    said = refusal_help(refused_note(db, maybe_there=False), "refused")
    assert "a comment anyway, a new ticket, a file" in said
