"""FieldDesk is killed after RT stored a note but before the laptop recorded it.

The row was durably marked ``in_flight`` before sending; the next run must
find the note on RT rather than post it again.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sync import outbox
from tests.faults.checks import (
    Rig,
    notes_on_helpdesk,
    notes_on_laptop,
    outbox_row,
    shown_time_worked,
    unique,
)
from tests.faults.killed_sync import KILLED, sync_until_killed
from tests.faults.proxy import comment_on

pytestmark = pytest.mark.rt

# Dies as soon as RT has confirmed a note, before the laptop records it.
DIE_AFTER_THE_NOTE = f"""
from sync.changes.note import NoteKind


def die(self, db, row, txn_id):
    os._exit({KILLED})


NoteKind._delivered = die
"""


def test_killed_between_the_helpdesk_reply_and_the_local_commit(rig: Rig, tmp_path: Path) -> None:
    db, helpdesk, proxy = rig.db, rig.helpdesk, rig.proxy
    ticket = rig.visits[0].id
    text = unique("Docking station firmware updated; both monitors light up.")
    worked = helpdesk.fetch_ticket(ticket).time_worked
    row_uuid = outbox.add_note(db, ticket, text, author="alice", minutes=15)

    crashed = sync_until_killed(rig, tmp_path / "fd.db", DIE_AFTER_THE_NOTE)

    assert crashed.returncode == KILLED, crashed.stdout + crashed.stderr
    assert len(notes_on_helpdesk(helpdesk, ticket, text)) == 1, "RT stored the note"
    assert outbox_row(db, row_uuid).state == "in_flight"
    (pending,) = notes_on_laptop(db, ticket, text)
    assert pending.id is None, "the laptop never learnt that RT has it"

    report = rig.sync()

    assert report.ok, report
    match = comment_on(ticket)
    assert [s.action for s in proxy.seen() if match(s.method, s.path)] == ["forwarded"]
    (stored,) = notes_on_helpdesk(helpdesk, ticket, text)
    assert helpdesk.fetch_ticket(ticket).time_worked == worked + 15
    row = outbox_row(db, row_uuid)
    assert (row.state, row.result) == ("done", str(stored.id))
    (shown,) = notes_on_laptop(db, ticket, text)
    assert shown.id == stored.id
    assert shown_time_worked(db, ticket) == worked + 15
