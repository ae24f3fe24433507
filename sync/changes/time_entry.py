"""Time from the visit timer, logged on the ticket: a note with ``TimeTaken``.

RT adds a note's TimeTaken to the ticket's TimeWorked, so the entry travels as
a note (``sync.changes.note``: exactly once through its Client Request Id), with
the transaction custom field *Time Type* saying travel or on-site time.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sync.change_limits import MAX_NOTE_MINUTES
from sync.changes.note import NoteKind, add_note
from sync.store import timers
from sync.store.database import transaction
from sync.store.outbox import InvalidChange, OutboxRow

if TYPE_CHECKING:
    import sqlite_utils

TIME_TYPE_FIELD = "Time Type"  # transaction custom field: 'On site' or 'Travel'


def default_text(kind: str, minutes: int) -> str:
    """The note the log dialog offers, prefilled."""
    what = "Travel to site" if kind == "travel" else "Time on site"
    return f"{what}: {minutes} min (visit timer)"


_MINUTES = re.compile(r"\d+")


def is_default_text(kind: str, text: str) -> bool:
    """Whether ``text`` is the prefilled note for some number of minutes: the technician
    left it as offered, so it says whatever minutes are logged, not the timer's."""
    minutes = _MINUTES.search(text)
    return minutes is not None and text.strip() == default_text(kind, int(minutes.group()))


def log_time(
    db: sqlite_utils.Database,
    ticket_id: int,
    kind: str,
    minutes: int,
    text: str,
    *,
    author: str,
) -> str:
    """Log a stopped timer's time on the visit and start the timer from zero; durable.

    A ``text`` left as prefilled says the ``minutes`` logged: the entry read "⏱ 1 min"
    and "Travel to site: 0 min (visit timer)" when the minutes were changed alone."""
    if not 1 <= minutes <= MAX_NOTE_MINUTES:
        raise InvalidChange(f"time logged must be between 1 and {MAX_NOTE_MINUTES} minutes")
    checked = timers.check_kind(kind)
    with transaction(db):
        if timers.timers(db, ticket_id)[checked].running:
            raise InvalidChange("stop the timer before logging its time")
        row_uuid = add_note(
            db,
            ticket_id,
            default_text(kind, minutes)
            if not text.strip() or is_default_text(kind, text)
            else text.strip(),
            author=author,
            minutes=minutes,
            kind=KIND.name,
            extra={"timer": checked, "txn_fields": {TIME_TYPE_FIELD: timers.LABELS[checked]}},
        )
        timers.reset(db, ticket_id, kind)
    return row_uuid


class TimeEntryKind(NoteKind):
    name = "time_entry"

    def describe(self, row: OutboxRow) -> str:
        label = timers.LABELS.get(str(row.payload.get("timer")), "time")
        return f"#{row.ticket_ref}: {row.payload.get('time_taken')} min {label.lower()}"

    def undo(self, db: sqlite_utils.Database, row: OutboxRow) -> None:
        super().undo(db, row)
        # Discarded: the time goes back on the (stopped) timer rather than being lost.
        db.execute(
            "INSERT INTO visit_timers (ticket_id, kind, elapsed_s) VALUES (?, ?, ?)"
            " ON CONFLICT(ticket_id, kind)"
            " DO UPDATE SET elapsed_s = elapsed_s + excluded.elapsed_s",
            [
                row.ticket_ref,
                row.payload.get("timer"),
                int(row.payload.get("time_taken") or 0) * 60,
            ],
        )


KIND = TimeEntryKind()
