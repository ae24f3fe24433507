"""The visit list as a Qt model: visits grouped by day, filtered as you type.

Rows are either a day heading ("Today · Mon 23 Nov · 3 visits") or a visit.
Filtering and sorting happen here rather than in a QSortFilterProxyModel:
a day heading must disappear with its last matching visit.  A keystroke
over 10 000 visits stays within a few milliseconds here: each visit's
lower-cased haystack and dates are worked out once per refresh, the list
is sorted once per refresh or sort order (filtering keeps that order), and
``flags`` -- which the view asks for every row after every reset -- is a
lookup of precomputed values (bench/gui_filter.py measures it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from functools import lru_cache
from itertools import groupby
from operator import attrgetter
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont

from desktop.common.theme import colour
from desktop.common.times import (
    ACTIVE_STATUSES,
    due_text,
    local_time,
    short_time,
    utc_time,
    window_text,
)
from desktop.visits.work import VisitWork
from sync.store.tickets import Visit
from sync.words import plural

Index = QModelIndex | QPersistentModelIndex
COLUMNS = (
    "When",
    "Site",
    "Address",
    "Subject",
    "Status",
    "Prio",
    "SLA due",
    "Sync",
    "Work",
    "Owner",
)
WHEN, SITE, ADDRESS, SUBJECT, STATUS, PRIORITY, DUE, SYNC, WORK, OWNER = range(len(COLUMNS))
VISIT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
IS_HEADING_ROLE = Qt.ItemDataRole.UserRole + 2
ISO = "%Y-%m-%dT%H:%M:%SZ"
# Computed once: the view asks for the flags of every row after every reset.
HEADING_FLAGS = Qt.ItemFlag.ItemNeverHasChildren  # not enabled: the keyboard skips headings
VISIT_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)


class Scope(Enum):
    TODAY = "today"
    WEEK = "week"
    ALL = "all"


@dataclass(frozen=True)
class Heading:
    day: date | None  # None: not scheduled
    label: str


@dataclass(frozen=True)
class VisitRow:
    """A visit with what the list shows, computed once per refresh."""

    visit: Visit
    day: date | None
    when: str
    address: str
    haystack: str  # lower-cased text the filter searches


def _row(visit: Visit) -> VisitRow:
    start = local_time(visit.visit_start) if visit.visit_start else None
    address = (visit.address or "").replace("\n", ", ")
    haystack = " ".join(
        (
            f"#{visit.id}",
            visit.subject,
            visit.site or "",
            address,
            visit.contact or "",
            visit.status,
            f"{visit.owner or ''} {visit.owner_name or ''}",
        )
    ).casefold()
    if start is None:
        return VisitRow(visit, None, "", address, haystack)
    return VisitRow(visit, start.date(), window_text(start, visit.visit_end), address, haystack)


def in_scope(row: VisitRow, scope: Scope, today: date) -> bool:
    if scope is Scope.ALL:
        return True
    if row.day is None:
        return False
    if scope is Scope.TODAY:
        return row.day == today
    monday = today - timedelta(days=today.weekday())
    return monday <= row.day < monday + timedelta(days=7)


@lru_cache(maxsize=4096)  # a refresh or keystroke labels the same few hundred days again
def day_label(day: date | None, today: date) -> str:
    if day is None:
        return "Not scheduled"
    relative = {today: "Today", today + timedelta(days=1): "Tomorrow"}
    relative[today - timedelta(days=1)] = "Yesterday"
    name = relative.get(day)
    text = f"{day:%A %d %B}" if day.year == today.year else f"{day:%A %d %B %Y}"
    return f"{name} · {text}" if name else text


class VisitsModel(QAbstractTableModel):
    def __init__(self, today: date | None = None) -> None:
        super().__init__()
        self._all: list[VisitRow] = []
        self._sorted: list[VisitRow] = []  # _all in the current sort order
        self._rows: list[Heading | VisitRow] = []
        self._scope = Scope.ALL
        self._filter = ""
        self._sort_column = WHEN
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._today = today
        self._work: dict[int, VisitWork] = {}
        self._two_line = False

    # -- what is shown -----------------------------------------------------------
    def set_visits(self, visits: Iterable[Visit], work: dict[int, VisitWork] | None = None) -> None:
        """``work``: checklist progress, timers and time today by visit id."""
        self._work = work or {}
        self._all = [_row(v) for v in visits]
        self._sort_all()
        self._rebuild()

    def set_scope(self, scope: Scope) -> None:
        if scope is not self._scope:
            self._scope = scope
            self._rebuild()

    def set_filter(self, text: str) -> None:
        needle = text.strip().casefold()
        if needle != self._filter:
            self._filter = needle
            self._rebuild()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column, self._sort_order = column, order
        self._sort_all()
        self._rebuild()

    def set_two_line(self, two_line: bool) -> None:
        """A narrow list shows each visit as one cell on two lines: its one header
        names the visits, not their time."""
        if two_line != self._two_line:
            self._two_line = two_line
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, WHEN, WHEN)

    @property
    def grouped(self) -> bool:
        """Day headings only make sense while the list is in time order."""
        return self._sort_column == WHEN

    def today(self) -> date:
        return self._today or datetime.now().astimezone().date()

    def visit_count(self) -> int:
        return sum(1 for row in self._rows if isinstance(row, VisitRow))

    def heading_rows(self) -> list[int]:
        return [i for i, row in enumerate(self._rows) if isinstance(row, Heading)]

    def row_of(self, visit_id: int) -> int | None:
        for i, row in enumerate(self._rows):
            if isinstance(row, VisitRow) and row.visit.id == visit_id:
                return i
        return None

    def owners(self) -> set[str | None]:
        """Whose visits these are: more than one for a supervisor who sees the team's."""
        return {row.visit.owner for row in self._all}

    def now_row(self, now: datetime | None = None) -> int | None:
        """The visit to start the day on: the open one under way or next up, else the first."""
        moment = now or datetime.now(UTC)
        first = None
        for i, row in enumerate(self._rows):
            if not isinstance(row, VisitRow):
                continue
            first = i if first is None else first
            visit = row.visit
            finish = visit.visit_end or visit.visit_start
            if visit.status in ACTIVE_STATUSES and finish and utc_time(finish) >= moment:
                return i
        return first

    def visit_at(self, row: int) -> Visit | None:
        item = self._rows[row] if 0 <= row < len(self._rows) else None
        return item.visit if isinstance(item, VisitRow) else None

    def is_heading(self, row: int) -> bool:
        return 0 <= row < len(self._rows) and isinstance(self._rows[row], Heading)

    def _sort_all(self) -> None:
        """Sort once per refresh or sort order; filtering keeps the order."""
        column = self._sort_column
        self._sorted = sorted(
            self._all,
            key=lambda row: _sort_key(row, column),
            reverse=self._sort_order == Qt.SortOrder.DescendingOrder,
        )

    def _rebuild(self) -> None:
        today = self.today()
        needle = self._filter
        scope = self._scope
        shown = [
            row
            for row in self._sorted
            if (not needle or needle in row.haystack) and in_scope(row, scope, today)
        ]
        self.beginResetModel()
        self._rows = self._with_headings(shown, today) if self.grouped else list(shown)
        self.endResetModel()

    @staticmethod
    def _with_headings(rows: list[VisitRow], today: date) -> list[Heading | VisitRow]:
        # In time order the visits of one day are next to each other.
        result: list[Heading | VisitRow] = []
        for day, group in groupby(rows, key=attrgetter("day")):
            visits = list(group)
            n = len(visits)
            label = f"{day_label(day, today)} · {n} visit{'s' if n != 1 else ''}"
            result.append(Heading(day, label))
            result.extend(visits)
        return result

    # -- Qt model interface --------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if self._two_line and section == WHEN:
                return self.tr("Visits")
            return self.tr(COLUMNS[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return HEADING_FLAGS if isinstance(self._rows[index.row()], Heading) else VISIT_FLAGS

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        item = self._rows[index.row()]
        if isinstance(item, Heading):
            return self._heading_data(item, index.column(), role)
        return self._visit_data(item, index.column(), role)

    def _heading_data(self, heading: Heading, column: int, role: int) -> Any:
        if role == IS_HEADING_ROLE:
            return True
        if column != WHEN:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return heading.label
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(colour("heading"))
        return None

    def _visit_data(self, row: VisitRow, column: int, role: int) -> Any:
        visit = row.visit
        if role == VISIT_ID_ROLE:
            return visit.id
        if role == IS_HEADING_ROLE:
            return False
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.AccessibleTextRole and column == WHEN:
            return self._spoken(row)  # the row's current cell: the whole visit in words
        late = (column == DUE and _overdue(visit)) or (column == WHEN and window_missed(visit))
        if role == Qt.ItemDataRole.ForegroundRole and late:
            return QBrush(colour("overdue"))
        if role == Qt.ItemDataRole.FontRole and late:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        return None

    def _display(self, row: VisitRow, column: int) -> str:
        visit = row.visit
        if column == WHEN:
            if row.day is None:
                return self.tr("not scheduled")
            when = row.when if self.grouped else short_time(visit.visit_start)
            return f"⚠ {when}" if window_missed(visit) else when
        if column == DUE:
            return due_text(visit.due)[0] if visit.status in ACTIVE_STATUSES else ""
        if column == SYNC:
            return _sync_badge(visit)
        if column == WORK:
            work = self._work.get(visit.id)
            return work.text() if work else ""
        values = {
            SITE: visit.site or "",
            ADDRESS: row.address,
            SUBJECT: f"#{visit.id} {visit.subject}" if visit.id > 0 else visit.subject,
            STATUS: visit.status,
            PRIORITY: str(visit.priority),
            OWNER: visit.owner_name or visit.owner or self.tr("nobody"),
        }
        return values[column]

    def _spoken(self, row: VisitRow) -> str:
        """The visit as a screen reader says it (and the narrow list's tooltip)."""
        visit = row.visit
        parts = [self._display(row, SUBJECT), visit.site or ""]
        if row.day is not None:
            parts.append(f"{day_label(row.day, self.today())} {row.when}")
            if window_missed(visit):
                parts.append(self.tr("visit window missed"))
        due = self._display(row, DUE)
        if due:
            parts.append(self.tr("SLA {due}").format(due=due))
        parts.append(self.tr("owner {who}").format(who=self._display(row, OWNER)))
        if visit.pending_changes:
            parts.append(self.tr("unsent changes: {n}").format(n=visit.pending_changes))
        if visit.open_conflicts:
            parts.append(self.tr("conflicts to decide: {n}").format(n=visit.open_conflicts))
        return ", ".join(part for part in parts if part)

    def _tooltip(self, row: VisitRow, column: int) -> str | None:
        visit = row.visit
        if column == SYNC and (visit.pending_changes or visit.open_conflicts):
            return self.tr("{changes}, {conflicts} to decide").format(
                changes=plural(
                    visit.pending_changes, self.tr("unsent change"), self.tr("unsent changes")
                ),
                conflicts=plural(visit.open_conflicts, self.tr("conflict"), self.tr("conflicts")),
            )
        if column == WHEN and window_missed(visit):
            return self.tr(
                "Missed: the visit window ended {when} and the visit is still {s}"
            ).format(when=short_time(visit.visit_end), s=visit.status)
        if column == DUE and visit.due:
            return self.tr("SLA due {when}").format(when=short_time(visit.due))
        if column == ADDRESS:
            return visit.address
        if column in (SUBJECT, SITE, OWNER):  # cut short in a narrow list
            return {SUBJECT: visit.subject, SITE: visit.site, OWNER: visit.owner}[column]
        if column == WORK and visit.id in self._work:
            return self._work[visit.id].tooltip()
        return None

    def refresh_countdowns(self) -> None:
        """Due times count down, timers count up, windows pass: repaint those columns."""
        if self._rows:
            last = len(self._rows) - 1
            self.dataChanged.emit(self.index(0, WHEN), self.index(last, WHEN))
            self.dataChanged.emit(self.index(0, DUE), self.index(last, DUE))
            self.dataChanged.emit(self.index(0, WORK), self.index(last, WORK))


def _overdue(visit: Visit) -> bool:
    return visit.status in ACTIVE_STATUSES and due_text(visit.due)[1]


def window_missed(visit: Visit, now: datetime | None = None) -> bool:
    """The visit's time window has passed and it is still open: as bad as a missed SLA."""
    if visit.status not in ACTIVE_STATUSES or not visit.visit_end:
        return False
    return utc_time(visit.visit_end) < (now or datetime.now(UTC))


def _sync_badge(visit: Visit) -> str:
    parts = []
    if visit.open_conflicts:
        parts.append(f"⚠ {visit.open_conflicts}")
    if visit.pending_changes:
        parts.append(f"↑ {visit.pending_changes}")
    return "  ".join(parts)


def _sort_key(row: VisitRow, column: int) -> Any:
    visit = row.visit
    if column == WHEN:
        return visit.visit_start or "9999"  # unscheduled last
    keys: dict[int, Any] = {
        SITE: (visit.site or "").casefold(),
        ADDRESS: row.address.casefold(),
        SUBJECT: visit.subject.casefold(),
        STATUS: visit.status,
        PRIORITY: visit.priority,
        DUE: visit.due or "9999",
        SYNC: (visit.open_conflicts, visit.pending_changes),
        WORK: 0,
        OWNER: (visit.owner_name or visit.owner or "").casefold(),
    }
    return (keys[column], visit.visit_start or "9999")
