"""Unsent changes (the outbox) as a Qt table model."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.field_names import describe_change, local_time, visit_ref
from sync.outbox import OutboxRow

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("What", "Visit", "When", "State", "Helpdesk said")
SEQ_ROLE = Qt.ItemDataRole.UserRole + 1
NEEDS_USER = frozenset({"rejected", "conflict"})
STATE_COLOURS = {"rejected": "#c62828", "conflict": "#b26a00"}


def state_text(row: OutboxRow, now: float | None = None) -> str:
    """pending / sending / waiting to retry at HH:MM / rejected / conflict."""
    if row.state == "rejected":
        return "rejected"
    if row.state == "conflict":
        return "conflict"
    if row.next_attempt_at > (now if now is not None else time.time()):
        at = datetime.fromtimestamp(row.next_attempt_at).strftime("%H:%M")
        return f"waiting to retry at {at}"
    if row.state == "in_flight":
        return "sending"
    return "pending"


class OutboxModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[OutboxRow] = []

    def set_rows(self, rows: list[OutboxRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> OutboxRow:
        return self._rows[row]

    def row_of(self, seq: int) -> int | None:
        for index, row in enumerate(self._rows):
            if row.seq == seq:
                return index
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == SEQ_ROLE:
            return row.seq
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (0, 4):
            return self._display(row, column) or None
        if role == Qt.ItemDataRole.ForegroundRole and column == 3 and row.state in STATE_COLOURS:
            return QBrush(QColor(STATE_COLOURS[row.state]))
        return None

    @staticmethod
    def _display(row: OutboxRow, column: int) -> str:
        if column == 0:
            return describe_change(row)
        if column == 1:
            return visit_ref(row.ticket_ref)
        if column == 2:
            return local_time(row.created)
        if column == 3:
            return state_text(row)
        return row.last_error or ""
