"""An escalation reaches the supervisors: they watch its ticket before its note goes.

Over a double of our Connector that records what reaches the helpdesk, in order.
RT mails an internal note to the ticket's AdminCcs only; a visit had none, so the
escalation's note (and its reason) reached nobody.  The real RT, its mail and lost
answers there: tests/integration/test_escalation_mails_supervisors.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from sync import outbox
from sync.connectors.base import NoteRequest
from sync.engine import SyncEngine, SyncReport
from sync.errors import OfflineError, RejectedError, RetryableError, SyncError
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from tests.sync.test_push_order import HelpdeskDouble
from tests.sync.test_store import remote_ticket

TICKET = 7
REASON = "Third failure: ask HP for a swap."


class Helpdesk(HelpdeskDouble):
    """Keeps notes by request id; ``watch_fails``/``note_fails``: the next such request
    fails with that error (a note's answer lost: kept all the same)."""

    def __init__(self) -> None:
        super().__init__()
        self.reached: list[tuple[str, Any]] = []  # ("watch", ticket) / ("note", text)
        self.kept: dict[str, int] = {}
        self.watch_fails: SyncError | None = None
        self.note_fails: SyncError | None = None

    def make_supervisors_watch(self, ticket_id: int) -> None:
        if self.watch_fails is not None:
            error, self.watch_fails = self.watch_fails, None
            raise error
        self.reached.append(("watch", ticket_id))

    def add_note(self, note: NoteRequest) -> int:
        self.reached.append(("note", note.content))
        txn = super().add_note(note)
        self.kept[note.client_request_id] = txn
        if self.note_fails is not None:
            error, self.note_fails = self.note_fails, None
            raise error  # RT made it; its answer was lost
        return txn

    def find_note(self, ticket_id: int, client_request_id: str, content: str, **_: Any) -> Any:
        return self.kept.get(client_request_id)


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    db = open_database(tmp_path / "fd.db")
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket())
    return db


def sync(db: sqlite_utils.Database, helpdesk: Helpdesk) -> SyncReport:
    engine = SyncEngine(db, helpdesk, pullers=[], resend_after_s=0)  # type: ignore[arg-type]
    return engine.run()


def open_changes(db: sqlite_utils.Database) -> list[str]:
    return [row.kind for row in outbox.rows(db)]


def test_the_supervisors_watch_the_visit_before_the_escalation_note_goes(
    db: sqlite_utils.Database,
) -> None:
    outbox.escalate(db, TICKET, REASON, author="alice")
    helpdesk = Helpdesk()

    report = sync(db, helpdesk)

    assert report.ok, report
    assert helpdesk.reached == [("watch", TICKET), ("note", f"ESCALATION: {REASON}")]
    assert helpdesk.updates == [{"priority": "90"}]
    assert open_changes(db) == []


def test_a_plain_note_brings_no_supervisor_in(db: sqlite_utils.Database) -> None:
    outbox.add_note(db, TICKET, "Fuser replaced, test page fine.", author="alice")
    helpdesk = Helpdesk()

    assert sync(db, helpdesk).ok
    assert helpdesk.reached == [("note", "Fuser replaced, test page fine.")]


def test_an_escalation_whose_answer_was_lost_is_on_the_ticket_once(
    db: sqlite_utils.Database,
) -> None:
    outbox.escalate(db, TICKET, REASON, author="alice")
    helpdesk = Helpdesk()
    helpdesk.note_fails = RetryableError("connection reset", ambiguous=True)

    first = sync(db, helpdesk)
    second = sync(db, helpdesk)

    assert first.ok and second.ok, (first, second)
    # Found by its request id: neither posted nor brought in again (RT mails each post).
    assert helpdesk.reached == [("watch", TICKET), ("note", f"ESCALATION: {REASON}")]
    assert open_changes(db) == []


def test_a_helpdesk_out_of_reach_while_bringing_them_in_sends_the_note_later(
    db: sqlite_utils.Database,
) -> None:
    outbox.escalate(db, TICKET, REASON, author="alice")
    helpdesk = Helpdesk()
    helpdesk.watch_fails = OfflineError("no route to the helpdesk")

    first = sync(db, helpdesk)

    assert not first.ok
    assert helpdesk.reached == [], "the note went before the supervisors watched the visit"
    assert sync(db, helpdesk).ok
    assert helpdesk.reached == [("watch", TICKET), ("note", f"ESCALATION: {REASON}")]


def test_a_helpdesk_refusing_to_bring_them_in_keeps_the_note_and_says_no_mail_went(
    db: sqlite_utils.Database,
) -> None:
    outbox.escalate(db, TICKET, REASON, author="alice")
    helpdesk = Helpdesk()
    helpdesk.watch_fails = RejectedError("Permission Denied")

    report = sync(db, helpdesk)

    assert report.rejected == [] and open_changes(db) == [], report
    assert helpdesk.reached == [("note", f"ESCALATION: {REASON}")]
    [notice] = report.notices
    assert "#7: the supervisors get no mail of your escalation" in notice
    assert "Permission Denied" in notice and "tell them yourself" in notice
