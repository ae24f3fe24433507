"""When a note whose first sending went wrong may be sent again, over a double of our Connector.

In doubt (the process died mid-send, the link broke, a 5xx): looked for at every
sync, sent again only ``resend_after_s`` after its sending.  Failed on the
helpdesk's own answer (401, 503, a refused connection): nothing of it can still
land, so once the lookup finds nothing it goes again at once.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from sync import outbox
from sync.connectors.base import NoteRequest
from sync.engine import SyncEngine
from sync.errors import (
    AuthError,
    NotAnswering,
    OfflineError,
    RetryableError,
    SyncError,
    UntrustedConnection,
)
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from sync.store.database import _apply
from sync.store.schema import MIGRATIONS
from tests.sync.test_push_order import HelpdeskDouble
from tests.sync.test_store import remote_ticket

TICKET = 7


class FailingOnce(HelpdeskDouble):
    """Fails the first note with ``error``; has only the notes it kept."""

    def __init__(self, error: SyncError | None = None) -> None:
        super().__init__()
        self.error = error
        self.posts = 0

    def add_note(self, note: NoteRequest) -> int:
        self.posts += 1
        if self.error is not None:
            error, self.error = self.error, None
            raise error
        return super().add_note(note)

    def find_note(
        self,
        ticket_id: int,
        client_request_id: str,
        content: str,
        *,
        after_txn: int | None = None,
    ) -> int | None:
        return None  # not (yet) on the helpdesk


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    db = open_database(tmp_path / "fd.db")
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket())
    return db


def sync(db: sqlite_utils.Database, helpdesk: HelpdeskDouble, resend_after_s: float = 120.0):
    return SyncEngine(db, helpdesk, pullers=[], resend_after_s=resend_after_s).run()  # type: ignore[arg-type]


def test_a_note_whose_sync_died_mid_send_waits_before_it_is_sent_again(
    db: sqlite_utils.Database,
) -> None:
    row_uuid = outbox.add_note(db, TICKET, "Replaced the fuser.", author="alice")
    (row,) = outbox.rows(db)
    outbox.mark_in_flight(db, row)  # ...and the battery died before the answer came
    helpdesk = FailingOnce()

    report = sync(db, helpdesk)

    assert helpdesk.posts == 0, "sent again while the first sending may still land"
    assert report.retry_later == 1
    assert report.resend_in_s is not None and 100 < report.resend_in_s <= 120, "a sync then"
    (waiting,) = outbox.rows(db)
    assert (waiting.uuid, waiting.state) == (row_uuid, "in_flight")
    assert "may still be saving it" in (waiting.last_error or "")

    sync(db, helpdesk, resend_after_s=0.0)  # the helpdesk has had its time

    assert helpdesk.notes == ["Replaced the fuser."]
    assert outbox.rows(db) == []


@pytest.mark.parametrize(
    "error",
    [
        RetryableError("HTTP 502", ambiguous=True),
        OfflineError("the connection broke after the change was sent", ambiguous=True),
        UntrustedConnection("the TLS session broke while the answer came"),
        NotAnswering("the run's time was up while the answer came"),
    ],
    ids=["a gateway error", "a cut connection", "a broken TLS session", "the run's deadline"],
)
def test_a_note_in_doubt_after_an_unclear_failure_waits(
    db: sqlite_utils.Database, error: SyncError
) -> None:
    outbox.add_note(db, TICKET, "Reseated the uplink.", author="alice")
    helpdesk = FailingOnce(error)

    sync(db, helpdesk)
    sync(db, helpdesk)

    assert helpdesk.posts == 1
    (waiting,) = outbox.rows(db)
    assert waiting.state == "in_flight"


@pytest.mark.parametrize(
    "error",
    [
        AuthError("signed out"),
        RetryableError("HTTP 429", retry_after=0.1, definite=True),
        OfflineError("cannot reach the helpdesk", definite=True),
    ],
    ids=["signed out (401)", "too many requests (429)", "refused connection"],
)
def test_a_note_the_helpdesk_answered_no_to_goes_again_at_once(
    db: sqlite_utils.Database, error: SyncError
) -> None:
    outbox.add_note(db, TICKET, "Swapped the PSU.", author="alice")
    helpdesk = FailingOnce(error)

    sync(db, helpdesk)  # a 429 is tried again within this run; the others stop it
    sync(db, helpdesk)

    assert helpdesk.notes == ["Swapped the PSU."]
    assert helpdesk.posts == 2
    assert outbox.rows(db) == []


def test_a_clock_set_back_does_not_hold_a_change_for_the_hours_it_jumped(
    db: sqlite_utils.Database,
) -> None:
    """A laptop's clock put right by a day after a change went in doubt and backed off:
    its stamps lie a day ahead; the change goes at the next sync, not tomorrow."""
    outbox.add_note(db, TICKET, "Cleaned the fan.", author="alice")
    (row,) = outbox.rows(db)
    outbox.mark_in_flight(db, row)
    outbox.mark_retry(db, row.seq, "HTTP 502", 200.0)
    day = 86_400
    db.execute("UPDATE outbox SET sent_at = sent_at + ?, next_attempt_at = next_attempt_at + ?",
               [day, day])  # fmt: skip
    helpdesk = FailingOnce()

    report = sync(db, helpdesk)

    assert report.retry_later == 0
    assert helpdesk.notes == ["Cleaned the fan."]
    assert outbox.rows(db) == []


def test_a_change_in_flight_when_the_laptop_was_updated_waits_too(tmp_path: Path) -> None:
    """Killed mid-send for an update: the new schema's first sync must not send it again at
    once (its sending time is unknown: counted from the upgrade)."""
    path = tmp_path / "old.db"
    connection = sqlite3.connect(path, isolation_level=None)
    old = sqlite_utils.Database(connection)
    before = next(i for i, script in enumerate(MIGRATIONS) if "ADD COLUMN sent_at" in script)
    for script in MIGRATIONS[:before]:  # the schema before changes knew when they went
        _apply(old, script)
    connection.execute(f"PRAGMA user_version = {before}")
    with transaction(old):
        ticket_store.apply_remote_ticket(old, remote_ticket())
    outbox.add_note(old, TICKET, "Fitted the new drum.", author="alice")
    old.execute("UPDATE outbox SET state = 'in_flight', attempts = 1")
    connection.close()

    helpdesk = FailingOnce()
    report = sync(open_database(path), helpdesk)

    assert helpdesk.posts == 0
    assert report.resend_in_s is not None
