"""The visit list as a Qt table model (rows come from ``sync.store.tickets``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from sync.store.tickets import Visit

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("When", "Site", "Subject", "Status", "Priority", "Due")
ACTIVE_STATUSES = frozenset({"new", "open", "stalled"})  # an SLA still runs
VISIT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # raw values: dates sort by time, not by weekday name


def short_time(iso: str | None) -> str:
    if not iso:
        return ""
    moment = datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).astimezone()
    return moment.strftime("%a %d %b %H:%M")


def due_text(iso: str | None, now: datetime | None = None) -> tuple[str, bool]:
    """A countdown to the SLA due time, and whether it is overdue."""
    if not iso:
        return "", False
    due = datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    left = due - (now or datetime.now(UTC))
    hours = int(abs(left.total_seconds()) // 3600)
    span = f"{hours // 24}d {hours % 24}h" if hours >= 24 else f"{hours}h"
    return (f"overdue {span}", True) if left.total_seconds() < 0 else (f"in {span}", False)


class VisitsModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._visits: list[Visit] = []

    def set_visits(self, visits: list[Visit]) -> None:
        self.beginResetModel()
        self._visits = list(visits)
        self.endResetModel()

    def visit_at(self, row: int) -> Visit:
        return self._visits[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._visits)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._visits):
            return None
        visit = self._visits[index.row()]
        column = index.column()
        if role == VISIT_ID_ROLE:
            return visit.id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(visit, column)
        if role == SORT_ROLE:
            return self._sort_key(visit, column)
        return self._decoration(visit, column, role)

    def _decoration(self, visit: Visit, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == 5 and self._overdue(visit):
            return QBrush(QColor("#c62828"))
        if role == Qt.ItemDataRole.ToolTipRole and (visit.pending_changes or visit.open_conflicts):
            return self.tr("{n} unsent change(s), {c} conflict(s)").format(
                n=visit.pending_changes, c=visit.open_conflicts
            )
        return None

    @staticmethod
    def _overdue(visit: Visit) -> bool:
        return visit.status in ACTIVE_STATUSES and due_text(visit.due)[1]

    @staticmethod
    def _sort_key(visit: Visit, column: int) -> Any:
        keys = (
            visit.visit_start or "9999",  # unscheduled last
            (visit.site or "").casefold(),
            visit.subject.casefold(),
            visit.status,
            visit.priority,
            visit.due or "9999",
        )
        return keys[column]

    def _display(self, visit: Visit, column: int) -> str:
        if column == 0:
            return short_time(visit.visit_start) or self.tr("not scheduled")
        if column == 1:
            return visit.site or ""
        if column == 2:
            badge = " ●" if visit.pending_changes else ""
            badge += " ⚠" if visit.open_conflicts else ""
            return visit.subject + badge
        if column == 3:
            return visit.status
        if column == 4:
            return str(visit.priority)
        return due_text(visit.due)[0] if visit.status in ACTIVE_STATUSES else ""
