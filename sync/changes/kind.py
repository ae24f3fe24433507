"""What a kind of change must know to travel through the outbox (the plug-in interface).

The engine orders rows, retries, sorts errors and records outcomes; everything
that depends on *what* a row is lives in its kind: how it is described, sent
(with its idempotency key, recognising "already delivered"), applied locally
once delivered, edited after a refusal and undone when discarded.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from sync.connectors.base import Connector
from sync.errors import Cause, RejectedError
from sync.next_try import clock_in
from sync.store.database import transaction
from sync.store.outbox import InvalidChange, OutboxRow, get_row, set_payload

if TYPE_CHECKING:
    import sqlite_utils


class Blocked(Exception):
    """This row cannot go now (e.g. its ticket is not created yet); later rows of
    its ticket wait too.  Not an error: the next run tries again."""


# A change in doubt (sent, its answer lost) that the helpdesk does not show yet is
# sent again only this long after it was sent.  RT finishes a request even when
# the connection broke, and shows what it made only at its end (a note's Client
# Request Id is written after the note and its scrips; a new ticket is committed
# whole): looking sooner can miss a change still being made, and sending it again
# would make it twice.  Twice our own reply deadline (60 s).
RESEND_AFTER_S = 120.0


# Payload key: the row's latest sendings the helpdesk answered with a server error (5xx),
# {"sent_at": the latest one's, "count": how many in a row, "status": its HTTP status}.
SERVER_FAILED = "server_failed"
# That many in a row, each looked for and not found, and the change is refused: RT fails
# on it every time (a file it cannot take...), and sending it again for ever would hold
# the visit's later changes and keep the user from discarding it.
SERVER_FAILURES_BEFORE_REFUSAL = 3


def record_server_failure(db: sqlite_utils.Database, row: OutboxRow, status: int) -> None:
    """The sending of ``row`` (as it was before that sending) just marked in flight was
    answered with a server error: counted, with the sending's mark, for
    ``PushContext.before_sending_again``.  A row sent before whose latest sending met
    something else (a timeout) starts again from one."""
    with transaction(db):
        sent = get_row(db, row.seq)
        if sent is None or sent.sent_at is None:
            return
        before = sent.payload.get(SERVER_FAILED) or {}
        in_a_row = int(before.get("count") or 0) if before.get("sent_at") == row.sent_at else 0
        failed = {"sent_at": sent.sent_at, "count": in_a_row + 1, "status": status}
        set_payload(db, sent.seq, {**sent.payload, SERVER_FAILED: failed})


class NotYetResent(Exception):
    """A change in doubt is not on the helpdesk yet, but was sent too recently to
    send again: it is looked for at every sync, and sent again from ``resend_at``
    (epoch seconds) if it is still not there."""

    def __init__(self, resend_at: float) -> None:
        self.resend_at = resend_at
        when = clock_in(resend_at - time.time())
        super().__init__(
            "sent without an answer, and the helpdesk does not show it yet: it may still be "
            f"saving it. Looked for at every sync; sent again after {when} only if it is "
            "still not there, so that it is not made twice"
        )


@dataclass
class PushContext:
    """What a kind's ``send`` works with during one run."""

    db: sqlite_utils.Database
    connector: Connector
    conflicts: int = 0  # fields left for the user to decide, counted for the report
    # Delivered, with a part the helpdesk refused (``PartlyApplied``): told to the user.
    notices: list[str] = field(default_factory=list)
    resend_after_s: float = RESEND_AFTER_S

    def before_sending_again(self, row: OutboxRow, ways: str | None = None) -> None:
        """Call when a row's lookup did not find it, just before it is sent (again).

        A row in doubt sent less than ``resend_after_s`` ago raises NotYetResent.  A
        sending stamped more than that in the future was stamped before the clock was
        set back by hours (a laptop's clock put right): its wait means nothing, and it
        goes.  (A smaller step back only makes the wait longer, at most twice.)

        A row whose last ``SERVER_FAILURES_BEFORE_REFUSAL`` sendings the helpdesk answered
        with a server error, and which is not there now that it cannot still be in the
        making, is refused (RejectedError: the user may discard it; ``ways``: what else
        they may do) instead of sent again; a Retry gives it as many sendings again.
        """
        if row.state != "in_flight" or row.sent_at is None:
            return
        resend_at = row.sent_at + self.resend_after_s
        if 0 < resend_at - time.time() <= 2 * self.resend_after_s:
            raise NotYetResent(resend_at)
        failed = row.payload.get(SERVER_FAILED) or {}
        count = int(failed.get("count") or 0)
        if failed.get("sent_at") != row.sent_at or count < SERVER_FAILURES_BEFORE_REFUSAL:
            return
        with transaction(self.db):
            kept = {k: v for k, v in row.payload.items() if k != SERVER_FAILED}
            set_payload(self.db, row.seq, kept)
        raise RejectedError(
            f"the helpdesk failed on it {count} times in a row (HTTP {failed.get('status')}, "
            "an error on the helpdesk's side) and did not keep it: it is not on the helpdesk. "
            f"{ways or 'Retry it later, or discard it'}; if it keeps failing, tell the "
            "helpdesk's administrator",
            cause=Cause.HELPDESK_FAILING,
        )


class ChangeKind(Protocol):
    # The outbox's ``kind`` column.
    name: str
    # Payload keys a refused row may have edited (see ``edit``).
    editable: frozenset[str]
    # True: while a row of this kind waits for the user after a refusal, later
    # rows of this kind for the same ticket are held back, so that they cannot
    # land first and then be overwritten by its retry.  (A row in conflict is
    # never sent again, so it holds nothing back.)
    held_in_order: bool

    def describe(self, row: OutboxRow) -> str:
        """One line a technician understands."""
        ...

    def send(self, ctx: PushContext, row: OutboxRow) -> None:
        """Deliver the row exactly once in effect and mark it done (or conflict).

        A row found ``in_flight`` may already be on the helpdesk (a lost reply,
        a crash): look for it first.  Raise Blocked, or a ``sync.errors`` error.
        """
        ...

    def edit(
        self,
        db: sqlite_utils.Database,
        row: OutboxRow,
        payload: dict[str, Any],
        changes: dict[str, Any],
    ) -> None:
        """Apply the user's edit of a refused row to ``payload`` and the local copy."""
        ...

    def undo(self, db: sqlite_utils.Database, row: OutboxRow) -> None:
        """Take back the row's local effect (the user discarded it)."""
        ...


class NotEditable:
    """Mixin for kinds whose refused rows can only be retried or discarded."""

    editable: frozenset[str] = frozenset()

    def edit(
        self,
        db: sqlite_utils.Database,
        row: OutboxRow,
        payload: dict[str, Any],
        changes: dict[str, Any],
    ) -> None:
        raise InvalidChange("this change cannot be edited; retry or discard it")
