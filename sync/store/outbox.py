"""The outbox table: durable rows, in order, each with a state and its last error.

Knows nothing of what a row means; each kind of change (``sync.changes``)
writes its rows here with ``enqueue`` inside its own local transaction.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from sync.store import tickets
from sync.store.database import transaction

if TYPE_CHECKING:
    import sqlite_utils

OPEN_STATES = ("pending", "in_flight")
LONGEST_BACKOFF_S = 300.0  # no row waits longer for its retry (the engine's backoff cap)


class InvalidChange(ValueError):
    """The user asked for a change FieldDesk will not queue (bad value)."""


class OutboxRow(NamedTuple):
    seq: int
    uuid: str
    ticket_ref: int | None
    kind: str
    payload: dict[str, Any]
    base: dict[str, Any]
    state: str
    attempts: int
    last_error: str | None
    next_attempt_at: float
    created: str
    result: str | None
    error_cause: str | None = None  # sync.errors.Cause of a refusal
    sent_at: float | None = None  # when it was last sent (epoch); None: never

    def describe(self) -> str:
        """One line a technician understands (said by the row's kind)."""
        # The kinds import this module; their registry is looked up when asked.
        from sync.changes import kind_of  # noqa: PLC0415

        return kind_of(self.kind).describe(self)


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def enqueue(
    db: sqlite_utils.Database,
    kind: str,
    ticket_ref: int | None,
    payload: dict[str, Any],
    base: dict[str, Any] | None = None,
) -> str:
    """Append a row; call inside the transaction that makes the local edit."""
    import uuid  # noqa: PLC0415 - it loads platform: at the first change, not with the window

    row_uuid = str(uuid.uuid4())
    stamp = now_iso()
    db.execute(
        "INSERT INTO outbox (uuid, ticket_ref, kind, payload, base, created, updated)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [row_uuid, ticket_ref, kind, json.dumps(payload), json.dumps(base or {}), stamp, stamp],
    )
    return row_uuid


def require_ticket(db: sqlite_utils.Database, ticket_id: int) -> None:
    if tickets.get_visit(db, ticket_id) is None:
        raise InvalidChange(f"there is no visit #{ticket_id} on this laptop")


def _row(row: Any) -> OutboxRow:
    return OutboxRow(
        seq=row[0],
        uuid=row[1],
        ticket_ref=row[2],
        kind=row[3],
        payload=json.loads(row[4]),
        base=json.loads(row[5] or "{}"),
        state=row[6],
        attempts=row[7],
        last_error=row[8],
        next_attempt_at=row[9],
        created=row[10],
        result=row[11],
        error_cause=row[12],
        sent_at=row[13],
    )


_COLUMNS = (
    "seq, uuid, ticket_ref, kind, payload, base, state, attempts, last_error,"
    " next_attempt_at, created, result, error_cause, sent_at"
)


def rows(db: sqlite_utils.Database, *, include_done: bool = False) -> list[OutboxRow]:
    where = "" if include_done else "WHERE state != 'done'"
    return [_row(r) for r in db.execute(f"SELECT {_COLUMNS} FROM outbox {where} ORDER BY seq")]


def get_row(db: sqlite_utils.Database, seq: int) -> OutboxRow | None:
    found = db.execute(f"SELECT {_COLUMNS} FROM outbox WHERE seq = ?", [seq]).fetchone()
    return _row(found) if found else None


def open_count(db: sqlite_utils.Database) -> int:
    count: int = db.execute("SELECT COUNT(*) FROM outbox WHERE state != 'done'").fetchone()[0]
    return count


def unsent_count(db: sqlite_utils.Database) -> int:
    """Changes waiting for a sync: not refused, not held by a conflict."""
    marks = ", ".join("?" * len(OPEN_STATES))
    sql = f"SELECT COUNT(*) FROM outbox WHERE state IN ({marks})"
    count: int = db.execute(sql, list(OPEN_STATES)).fetchone()[0]
    return count


def refused_count(db: sqlite_utils.Database) -> int:
    """Changes the helpdesk refused: they wait for the user, not for a sync."""
    count: int = db.execute("SELECT COUNT(*) FROM outbox WHERE state = 'rejected'").fetchone()[0]
    return count


def _update(db: sqlite_utils.Database, seq: int, *, only_open: bool = False, **values: Any) -> int:
    """Set values on the row; ``only_open``: only while it waits to be sent.  How many
    rows changed (0: gone, or no longer open)."""
    values["updated"] = now_iso()
    assignments = ", ".join(f"{k} = ?" for k in values)
    guard = f" AND state IN {OPEN_STATES}" if only_open else ""
    with transaction(db):
        changed: int = db.execute(
            f"UPDATE outbox SET {assignments} WHERE seq = ?{guard}", [*values.values(), seq]
        ).rowcount
    return changed


def set_payload(db: sqlite_utils.Database, seq: int, payload: dict[str, Any]) -> None:
    """Replace a row's payload (an edit of a refused change); inside the edit's transaction."""
    db.execute(
        "UPDATE outbox SET payload = ?, updated = ? WHERE seq = ?",
        [json.dumps(payload), now_iso(), seq],
    )


class RowGone(Exception):
    """The row left the outbox while the sync read it (discarded, or replaced by a newer
    checklist revision on the GUI thread): it is not sent."""


def mark_in_flight(
    db: sqlite_utils.Database, row: OutboxRow, payload: dict[str, Any] | None = None
) -> None:
    """Durably record that we are about to send: a crash after this means 'look first'.

    ``payload``: the row's payload as it goes (what a later lookup needs to know of this
    sending), written with the mark.  Raises RowGone if the row is no longer open: only
    a row still in the outbox goes."""
    written = {} if payload is None else {"payload": json.dumps(payload)}
    sent = {"state": "in_flight", "attempts": row.attempts + 1, "sent_at": time.time()}
    if not _update(db, row.seq, only_open=True, **sent, **written):
        raise RowGone(f"change {row.seq} left the outbox before it was sent")


def unsent(row: OutboxRow) -> bool:
    """Never sent: it waits for the next sync, and nothing of it is on the helpdesk.
    A sending whose answer was lost leaves ``sent_at`` (``mark_sending``); one that
    failed on the helpdesk's answer or never left clears it (``mark_answered``), and a
    first sending that provably never reached the helpdesk leaves it never sent
    (``mark_never_sent``)."""
    return row.state == "pending" and row.attempts == 0 and row.sent_at is None


def mark_never_sent(db: sqlite_utils.Database, before: OutboxRow) -> None:
    """Its sending provably did nothing on the helpdesk, and ``before`` (the row as it was
    before that sending) was never sent: it is back to never sent, so the user may
    still edit or discard it, and the next sync sends it without looking first.
    A row sent before stays as it is: that earlier sending may be on the helpdesk."""
    if unsent(before):
        _update(db, before.seq, only_open=True, state="pending", attempts=0, sent_at=None)


def mark_sending(db: sqlite_utils.Database, row: OutboxRow) -> bool:
    """Durably record that a change waiting for its first sending goes now (True if it
    was marked).  Kinds that look first mark it in flight themselves (``mark_in_flight``);
    for the others this is what says "may be on the helpdesk" (``sync.outbox.unsent``)
    if no answer comes."""
    return row.state == "pending" and bool(
        _update(db, row.seq, only_open=True, sent_at=time.time())
    )


def in_doubt(row: OutboxRow) -> bool:
    """Sent, and no answer yet says whether it landed: the next sync looks before sending.
    (A row in flight without a sending in doubt -- retried after a refusal, or sent before
    and answered since -- just waits for the next sync, which also looks first.)"""
    return row.state == "in_flight" and row.sent_at is not None


def mark_answered(db: sqlite_utils.Database, seq: int) -> None:
    """The row's last sending failed on the helpdesk's answer or never left: nothing of
    it can still land, so a row not found is sent again at once (see mark_in_flight)."""
    _update(db, seq, sent_at=None)


def mark_done(db: sqlite_utils.Database, seq: int, result: str | None = None) -> None:
    _update(db, seq, state="done", result=result, last_error=None)


def mark_rejected(
    db: sqlite_utils.Database, seq: int, message: str, cause: str = "invalid"
) -> None:
    _update(db, seq, state="rejected", last_error=message, error_cause=cause)


def mark_conflict(
    db: sqlite_utils.Database, seq: int, message: str, result: str | None = None
) -> None:
    _update(db, seq, state="conflict", last_error=message, result=result)


def backing_off(row: OutboxRow, now: float) -> bool:
    """Its retry's moment has not come.  A moment further off than any backoff was
    stamped before the clock was set back (a laptop's clock put right): it is due now."""
    return now < row.next_attempt_at <= now + LONGEST_BACKOFF_S


def mark_retry(db: sqlite_utils.Database, seq: int, message: str, delay: float) -> None:
    """Leave it for a later try; state stays in_flight if it was sent (ambiguous)."""
    _update(db, seq, last_error=message, next_attempt_at=time.time() + delay)


def retry(db: sqlite_utils.Database, seq: int) -> None:
    """The user asks to send a rejected change again.

    One sent before may be on the helpdesk in part or whole although it was refused:
    RT made the asset and refused its link to the visit, or took a note and refused a
    field set with it.  It goes back in flight, so that its kind looks for it before
    sending anything (no wait: a refusal is a definite answer, ``mark_answered``).
    """
    row = get_row(db, seq)
    state = "in_flight" if row is not None and row.attempts > 0 else "pending"
    _update(db, seq, state=state, last_error=None, error_cause=None, next_attempt_at=0)
