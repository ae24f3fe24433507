"""Local actions and the outbox that carries them to the helpdesk.

Every action is **one local transaction** that writes the visible edit and
its outbox row together (design rule): when the caller returns, the change
is on disk (synchronous=FULL) and will reach the helpdesk exactly once.

This module is the public face of the outbox: the queue (``sync.store.outbox``),
the built-in kinds' actions (from ``sync.changes``), and what the user does to
a row that waits (edit, retry, discard).
"""

from __future__ import annotations

from collections.abc import Sequence
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
from sync.store.database import transaction
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
    mark_rejected,
    mark_retry,
    now_iso,
    open_count,
    refused_count,
    retry,
    rows,
    set_payload,
)
from sync.workflow import escalate

if TYPE_CHECKING:
    import sqlite_utils


def edit(db: sqlite_utils.Database, seq: int, changes: dict[str, Any]) -> None:
    """Change a refused row before it is retried; the local copy changes with it.

    Only rejected rows: the engine never touches them, so the edit cannot race
    a send.  The row stays rejected (with RT's reason) until the user retries.
    """
    row = get_row(db, seq)
    if row is None or row.state != "rejected":
        raise InvalidChange("only a change the helpdesk refused can be edited")
    kind = kind_of(row.kind)
    unknown = set(changes) - kind.editable
    if unknown:
        raise InvalidChange(f"{', '.join(sorted(unknown))} cannot be edited in this change")
    payload = dict(row.payload)
    with transaction(db):
        kind.edit(db, row, payload, changes)
        set_payload(db, seq, payload)


def can_edit(row: OutboxRow) -> bool:
    """Whether the user may edit this kind of change after a refusal."""
    return bool(kind_of(row.kind).editable)


def discard(db: sqlite_utils.Database, seq: int) -> None:
    """Drop an unsent change and undo its local effect (the user confirmed)."""
    row = get_row(db, seq)
    if row is None or row.state == "done":
        return
    with transaction(db):
        kind_of(row.kind).undo(db, row)
        db.execute("DELETE FROM outbox WHERE seq = ?", [seq])


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
    "can_edit",
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
    "mark_rejected",
    "mark_retry",
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
    "validate_field",
]
