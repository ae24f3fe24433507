"""A note whose sending provably never reached the helpdesk is a change never sent, over a
double of our Connector: the technician may still edit or discard it.  One sent before,
or whose request may have been received, stays as it was: exactly once comes first.
And the version a note was first sent onto goes with every lookup of it."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from sync import outbox
from sync.changes.note import SENT_ONTO
from sync.connectors.base import RemoteTransaction
from sync.engine import SyncEngine
from sync.errors import (
    AuthError,
    CertificateError,
    InsecureAddress,
    OfflineError,
    RetryableError,
    SyncError,
    UntrustedConnection,
)
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from tests.sync.test_resend_in_doubt import FailingOnce
from tests.sync.test_store import remote_ticket

TICKET = 7
NEWEST = 4242  # the ticket's newest transaction the replica holds


class Looked(FailingOnce):
    """Remembers the version each lookup was bounded by."""

    def __init__(self, error: SyncError | None = None) -> None:
        super().__init__(error)
        self.after_txns: list[int | None] = []

    def find_note(
        self,
        ticket_id: int,
        client_request_id: str,
        content: str,
        *,
        after_txn: int | None = None,
    ) -> int | None:
        self.after_txns.append(after_txn)
        return None


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    db = open_database(tmp_path / "fd.db")
    txn = RemoteTransaction(NEWEST, TICKET, "Create", "2026-11-23T09:00:00Z", "bob")
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket())
        ticket_store.apply_remote_history(db, TICKET, [txn])
    return db


def sync(db: sqlite_utils.Database, helpdesk: FailingOnce, resend_after_s: float = 120.0):
    engine = SyncEngine(db, helpdesk, pullers=[], resend_after_s=resend_after_s)  # type: ignore[arg-type]
    return engine.run()


@pytest.mark.parametrize(
    "error",
    [
        OfflineError("cannot reach the helpdesk", definite=True),
        AuthError("the helpdesk refused your token"),
        CertificateError("the helpdesk's certificate has expired"),
        InsecureAddress("a plain http:// address"),
    ],
    ids=["refused connection", "credentials refused", "certificate refused", "insecure address"],
)
def test_a_note_that_never_reached_the_helpdesk_is_still_unsent(
    db: sqlite_utils.Database, error: SyncError
) -> None:
    outbox.add_note(db, TICKET, "Swapped the PSU.", author="alice", minutes=10)
    helpdesk = FailingOnce(error)

    sync(db, helpdesk)

    (row,) = outbox.rows(db)
    assert helpdesk.posts == 1
    assert (row.state, row.attempts, row.sent_at) == ("pending", 0, None)
    assert outbox.can_edit(row) and outbox.can_discard(row)
    outbox.edit(db, row.seq, {"content": "Swapped the PSU and the fan."})

    sync(db, helpdesk)

    assert helpdesk.notes == ["Swapped the PSU and the fan."]
    assert outbox.rows(db) == []


@pytest.mark.parametrize(
    "error",
    [
        RetryableError("HTTP 502", ambiguous=True),
        OfflineError("the connection broke after the change was sent", ambiguous=True),
        UntrustedConnection("the TLS session broke while the answer came"),
    ],
    ids=["a gateway error", "a cut connection", "a broken TLS session"],
)
def test_a_note_the_helpdesk_may_have_received_is_not_unsent(
    db: sqlite_utils.Database, error: SyncError
) -> None:
    outbox.add_note(db, TICKET, "Reseated the uplink.", author="alice")

    sync(db, FailingOnce(error))

    (row,) = outbox.rows(db)
    assert row.state == "in_flight" and not outbox.can_discard(row)


def test_a_note_sent_before_stays_in_flight_when_its_resend_never_left(
    db: sqlite_utils.Database,
) -> None:
    """Its first sending may be on the helpdesk: the lookup comes first, whatever the
    second sending's failure proves about itself."""
    outbox.add_note(db, TICKET, "Fitted the new drum.", author="alice")
    (row,) = outbox.rows(db)
    outbox.mark_in_flight(db, row)  # ...and its answer was lost
    helpdesk = Looked(OfflineError("cannot reach the helpdesk", definite=True))

    sync(db, helpdesk, resend_after_s=0.0)

    (row,) = outbox.rows(db)
    assert helpdesk.posts == 1
    assert row.state == "in_flight" and not outbox.can_discard(row)


def test_the_lookup_is_bounded_by_the_version_the_note_was_first_sent_onto(
    db: sqlite_utils.Database,
) -> None:
    outbox.add_note(db, TICKET, "Cleaned the fan.", author="alice")
    helpdesk = Looked(RetryableError("HTTP 502", ambiguous=True))

    sync(db, helpdesk)  # sent onto NEWEST; in doubt
    with transaction(db):  # the helpdesk moved on meanwhile, as a pull would show
        later = RemoteTransaction(NEWEST + 9, TICKET, "Comment", "2026-11-23T10:00:00Z", "bob")
        ticket_store.apply_remote_history(db, TICKET, [later])
    sync(db, helpdesk, resend_after_s=0.0)  # looked up, not found, sent again

    assert helpdesk.after_txns and set(helpdesk.after_txns) == {NEWEST}
    assert helpdesk.notes == ["Cleaned the fan."]
    (done,) = outbox.rows(db, include_done=True)
    assert done.payload[SENT_ONTO] == NEWEST
