"""Unsent changes (the outbox) as a Qt table model."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from desktop.common.field_names import describe_change, local_time, visit_name
from desktop.common.plain_tooltip import plain_tooltip
from desktop.common.rows import Index, RowsModel
from desktop.common.theme import hex_colour
from sync import outbox
from sync.outbox import OutboxRow

# "Last try": a refusal is the helpdesk's word, a change on its way holds ours (a lost
# answer, a wait before sending again); the detail below the table says whose.
COLUMNS = ("What", "Visit", "When", "State", "Last try")
SEQ_ROLE = Qt.ItemDataRole.UserRole + 1
NEEDS_USER = frozenset({"rejected", "conflict"})
# The theme's colour for each state the user must act on, readable in either scheme.
STATE_COLOURS = {"refused": "overdue", "conflict": "warn", "held": "warn"}


def state_text(row: OutboxRow, now: float | None = None, *, held: bool = False) -> str:
    """pending / sending / waiting to retry at HH:MM / held / refused / conflict.

    ``held``: the row waits for a refused change before it (``outbox.held_behind``).
    """
    if row.state == "rejected":
        return "refused"  # the helpdesk's word elsewhere: the status bar's, the heading's
    if row.state == "conflict":
        return "conflict"
    if held and row.state == "pending":
        return "held"
    if outbox.backing_off(row, now if now is not None else time.time()):
        at = datetime.fromtimestamp(row.next_attempt_at).strftime("%H:%M")
        return f"waiting to retry at {at}"
    return "sending" if outbox.in_doubt(row) else "pending"


class OutboxModel(RowsModel[OutboxRow]):
    COLUMNS = COLUMNS

    def __init__(self) -> None:
        super().__init__()
        self.held: dict[int, OutboxRow] = {}  # seq -> the refused row it waits for
        self.subjects: dict[int, str] = {}  # the visits' (and new tickets'), by ticket_ref

    def set_rows(self, rows: list[OutboxRow], subjects: dict[int, str] | None = None) -> None:
        self.held = outbox.held_behind(rows)
        self.subjects = dict(subjects or {})
        self.set_items(rows)

    def state_of(self, row: OutboxRow) -> str:
        return state_text(row, held=row.seq in self.held)

    def row_at(self, row: int) -> OutboxRow:
        return self.item_at(row)

    def row_of(self, seq: int) -> int | None:
        return self.row_where(lambda row: row.seq == seq)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.item_for(index)
        if row is None:
            return None
        column = index.column()
        if role == SEQ_ROLE:
            return row.seq
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (0, 1, 4):
            # subjects and the helpdesk's words: strangers' text, and often cut short
            return plain_tooltip(self._display(row, column)) or None
        if role == Qt.ItemDataRole.ForegroundRole and column == 3:
            colour = STATE_COLOURS.get(self.state_of(row))
            return QBrush(QColor(hex_colour(colour))) if colour else None
        return None

    def _display(self, row: OutboxRow, column: int) -> str:
        if column == 0:
            return describe_change(row)
        if column == 1:
            ref = row.ticket_ref
            return visit_name(ref, self.subjects.get(ref, "") if ref is not None else "")
        if column == 2:
            return local_time(row.created)
        if column == 3:
            return self.state_of(row)
        return row.last_error or ""
