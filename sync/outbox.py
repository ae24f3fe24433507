"""Local actions and the outbox that carries them to the helpdesk.

Every action is **one local transaction** that writes the visible edit and
its outbox row together (design rule): when the caller returns, the change
is on disk (synchronous=FULL) and will reach the helpdesk exactly once.

This module is the public face of the outbox: the queue (``sync.store.outbox``),
the built-in kinds' actions (from ``sync.changes``), and what the user does to
a row that waits (edit, retry, discard).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from typing import TYPE_CHECKING, Any

from sync.change_limits import MAX_NOTE_MINUTES
from sync.changes import kind_of
from sync.changes.article import draft_article
from sync.changes.asset_serial import set_asset_serial
from sync.changes.fields import normalise_date, set_fields, validate_field
from sync.changes.new_ticket import create_ticket
from sync.changes.note import add_note, article_used_text, link_article
from sync.changes.refused_note import (
    choices_for,
    export_note,
    move_to_new_ticket,
    send_as_comment,
)
from sync.lock import ProfileLock, SyncBusy
from sync.store.database import database_file, transaction
from sync.store.outbox import (
    LONGEST_BACKOFF_S,
    OPEN_STATES,
    InvalidChange,
    OutboxRow,
    RowGone,
    backing_off,
    get_row,
    in_doubt,
    mark_answered,
    mark_conflict,
    mark_done,
    mark_in_flight,
    mark_never_sent,
    mark_rejected,
    mark_retry,
    mark_sending,
    now_iso,
    open_count,
    refused_count,
    retry,
    rows,
    set_payload,
    unsent,
    unsent_count,
)
from sync.workflow import escalate

if TYPE_CHECKING:
    from pathlib import Path

    import sqlite_utils


# The profile's sync lock (``sync.session``): held by a sync for its whole run.
SYNC_LOCK = "sync.lock"


def can_discard(row: OutboxRow) -> bool:
    """Whether the user may drop this change: one never sent, or one the helpdesk refused.

    Not one that may already be on the helpdesk (in flight: sent, or begun, without an
    answer; the next sync looks it up), nor one in conflict (decided in Conflicts).
    """
    return unsent(row) or row.state == "rejected"


def can_edit(row: OutboxRow) -> bool:
    """Whether the user may edit this change: one they may discard, of a kind with
    editable values."""
    return can_discard(row) and bool(kind_of(row.kind).editable)


def can_retry(row: OutboxRow) -> bool:
    """Only a refused change is sent again on the user's word; the others go by themselves."""
    return row.state == "rejected"


def edit(db: sqlite_utils.Database, seq: int, changes: dict[str, Any]) -> None:
    """Change a change not yet sent, or refused; the local copy changes with it.

    A refused row stays refused (with RT's reason) until the user retries.  The rule
    is checked in the edit's own transaction, while no sync runs (``_unraced``): a
    sync that read the row cannot send what it read after the edit.
    """
    with _unraced(db, seq) as row:
        if not can_edit(row):
            raise InvalidChange(why_not(row, "edited"))
        kind = kind_of(row.kind)
        unknown = set(changes) - kind.editable
        if unknown:
            raise InvalidChange(f"{', '.join(sorted(unknown))} cannot be edited in this change")
        payload = dict(row.payload)
        kind.edit(db, row, payload, changes)
        set_payload(db, seq, payload)


def discard(db: sqlite_utils.Database, seq: int) -> None:
    """Drop an unsent or refused change and undo its local effect (the user confirmed).

    Nothing happens to a row already gone or delivered; one that may be on the helpdesk,
    or in conflict, raises InvalidChange (see ``can_discard``).
    """
    if get_row(db, seq) is None:
        return
    with _unraced(db, seq) as row:
        if row.state == "done":
            return
        if not can_discard(row):
            raise InvalidChange(why_not(row, "discarded"))
        kind_of(row.kind).undo(db, row)
        db.execute("DELETE FROM outbox WHERE seq = ?", [seq])


@contextmanager
def _unraced(db: sqlite_utils.Database, seq: int) -> Iterator[OutboxRow]:
    """The row as it is now, in one transaction that no sync's sending interleaves with.

    The engine never sends a refused row, so changing one needs only the transaction
    (its state is read again inside it).  A row not yet sent may be in a sync's hands
    between its read and its sending (a field change is sent without being marked in
    flight first): it is changed only while no sync runs, under the lock a sync holds
    for its whole run, in this window or another process (``SyncBusy`` at once
    otherwise: the user tries again when the sync has ended).  In memory no sync can
    read the replica.
    """
    row = get_row(db, seq)
    if row is None:
        raise InvalidChange(f"change {seq} is no longer in the outbox")
    path = database_file(db)
    locked = path is not None and row.state != "rejected"
    with _sync_lock(path) if locked and path else nullcontext(), transaction(db):
        now = get_row(db, seq)  # read again, inside: the rule is checked on this
        if now is None:
            raise InvalidChange(f"change {seq} is no longer in the outbox")
        if path is not None and not locked and now.state != "rejected":
            raise InvalidChange(f"change {seq} was retried meanwhile: look at it again")
        yield now


@contextmanager
def _sync_lock(path: Path) -> Iterator[None]:
    """The sync lock of the profile whose replica is at path, taken at once."""
    try:
        lock = ProfileLock(path.parent / SYNC_LOCK).__enter__()
    except SyncBusy:
        raise InvalidChange(
            "a sync is sending the outbox right now: try again when it has ended"
        ) from None
    try:
        yield
    finally:
        lock.__exit__(None, None, None)


def why_not(row: OutboxRow, done: str) -> str:
    """Why the user may not have this change ``done`` ("edited", "discarded"): the words of
    ``can_discard``'s rule, for the window and the command line alike."""
    if row.state == "conflict":
        return "this change conflicts with the helpdesk's version: decide it in Conflicts"
    if row.state == "done":
        return "this change is already on the helpdesk"
    if can_discard(row):  # only its kind keeps it from being edited
        return "this kind of change cannot be edited: discard it and make it again"
    if row.sent_at is not None:  # its last sending's answer never came
        return (
            "this change may already be on the helpdesk, in part or whole (it was sent and "
            "its answer never came): the next sync checks, so it is never sent twice, and "
            f"it cannot be {done} now"
        )
    return (
        "this change was sent before, and that sending may have left part of it on the "
        "helpdesk: the next sync checks what the helpdesk holds before sending anything, "
        f"and it cannot be {done} now"
    )


def holds_later_changes(row: OutboxRow) -> bool:
    """A refused change whose kind keeps order holds the visit's later changes of its kind.

    They wait for the user to retry, edit or discard it: sent first, they would be
    overwritten by its retry (the engine keeps to this; the screens say so).
    """
    return row.state == "rejected" and kind_of(row.kind).held_in_order


def held_behind(rows: Sequence[OutboxRow]) -> dict[int, OutboxRow]:
    """Unsent changes waiting for a refused one before them: seq -> the refused row.

    ``rows`` in the outbox's order (``rows(db)``).
    """
    holders: dict[tuple[int, str], OutboxRow] = {}
    held: dict[int, OutboxRow] = {}
    for row in rows:
        if row.ticket_ref is None:
            continue
        key = (row.ticket_ref, row.kind)
        if holds_later_changes(row):
            holders.setdefault(key, row)
        elif row.state in OPEN_STATES and key in holders:
            held[row.seq] = holders[key]
    return held


__all__ = [
    "LONGEST_BACKOFF_S",
    "MAX_NOTE_MINUTES",
    "OPEN_STATES",
    "InvalidChange",
    "OutboxRow",
    "RowGone",
    "add_note",
    "article_used_text",
    "backing_off",
    "can_discard",
    "can_edit",
    "can_retry",
    "choices_for",
    "create_ticket",
    "discard",
    "draft_article",
    "edit",
    "escalate",
    "export_note",
    "get_row",
    "held_behind",
    "holds_later_changes",
    "in_doubt",
    "link_article",
    "mark_answered",
    "mark_conflict",
    "mark_done",
    "mark_in_flight",
    "mark_never_sent",
    "mark_rejected",
    "mark_retry",
    "mark_sending",
    "move_to_new_ticket",
    "normalise_date",
    "now_iso",
    "open_count",
    "refused_count",
    "retry",
    "rows",
    "send_as_comment",
    "set_asset_serial",
    "set_fields",
    "unsent",
    "unsent_count",
    "validate_field",
    "why_not",
]
