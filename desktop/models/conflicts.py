"""Open conflicts as a Qt table model: one row per visit field changed on both sides."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.field_names import field_label, local_time
from sync.conflicts import Conflict

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Visit", "Field", "Found")
CONFLICT_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class ConflictsModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._conflicts: list[Conflict] = []
        self._subjects: dict[int, str] = {}

    def set_conflicts(self, conflicts: list[Conflict], subjects: dict[int, str]) -> None:
        self.beginResetModel()
        self._conflicts = list(conflicts)
        self._subjects = dict(subjects)
        self.endResetModel()

    def conflict_at(self, row: int) -> Conflict:
        return self._conflicts[row]

    def row_of(self, conflict_id: int) -> int | None:
        for index, conflict in enumerate(self._conflicts):
            if conflict.id == conflict_id:
                return index
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._conflicts)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._conflicts):
            return None
        conflict = self._conflicts[index.row()]
        if role == CONFLICT_ID_ROLE:
            return conflict.id
        if role == Qt.ItemDataRole.DisplayRole:
            column = index.column()
            if column == 0:
                subject = self._subjects.get(conflict.ticket_id, "")
                return f"#{conflict.ticket_id} {subject}".strip()
            if column == 1:
                return self.tr(field_label(conflict.field))
            return local_time(conflict.created)
        return None
