"""The visit list as a Qt model: visits grouped by day, filtered as you type.

Rows are either a day heading ("Today · Mon 23 Nov · 3 visits") or a visit.
Filtering and sorting happen here rather than in a QSortFilterProxyModel:
a day heading must disappear with its last matching visit.  A keystroke
over 10 000 visits stays within a few milliseconds here: each visit's
folded haystack and dates are worked out once per refresh (off the GUI
thread: ``prepare``), the list is sorted once per refresh or sort order and
cut to the scope once per scope (filtering keeps both), and a keystroke is
one substring test per visit and one model reset.

The model does not override ``flags``: the view asks for the flags of every
cell it paints (and a tree asked for every row's after every reset: 20 000
calls into Python at 10 000 visits).  Day headings are kept off the cursor by
the view instead (``VisitList``); bench/gui_filter.py measures it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from datetime import UTC, date, datetime
from itertools import compress, count
from operator import is_not
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QThreadPool,
    QTimer,
)
from PySide6.QtGui import QFont

from desktop.common.plain_tooltip import plain_tooltip
from desktop.common.theme import colour
from desktop.common.times import (
    ACTIVE_STATUSES,
    due_text,
    short_time,
    utc_time,
)
from desktop.visits.in_place import OnScreen
from desktop.visits.rows import (
    ADDRESS,
    ADDRESS_LINE,
    COLUMNS,
    DAY,
    DUE,
    OWNER,
    PRIORITY,
    SITE,
    STATUS,
    SUBJECT,
    SYNC,
    WHEN,
    WINDOW_TEXT,
    WORK,
    Arranged,
    Heading,
    Scope,
    ViewSpec,
    VisitRow,
    by_id,
    cut_to_scope,
    day_label,
    owners_of,
    prepare,
    row_ids,
    shown_rows,
    sort_rows,
    visit_in,
)
from desktop.visits.work import VisitWork
from sync.shown_text import shown_subject, shown_text
from sync.store import tickets as fields
from sync.store.tickets import Visit
from sync.text_fold import folded
from sync.words import plural

__all__ = [  # the list's vocabulary, for the page, the painter and the tests
    "ACCESSIBLE",
    "ADDRESS",
    "COLUMNS",
    "DUE",
    "IS_HEADING_ROLE",
    "OWNER",
    "PRIORITY",
    "SITE",
    "STATUS",
    "SUBJECT",
    "SYNC",
    "VISIT_ID_ROLE",
    "WHEN",
    "WORK",
    "Heading",
    "OnScreen",
    "Scope",
    "VisitRow",
    "VisitsModel",
    "day_label",
    "prepare",
    "window_missed",
]

Index = QModelIndex | QPersistentModelIndex
REPAINT_ONE_BY_ONE = 64  # more rows changed than this: repainted as one range
REPAINT_AT_ONCE = 8  # more rows changed than this: repainted a turn of the event loop later
REPAINT_LATER_MS = 1
FREED_AT_ONCE = 256  # rows freed between two chances for the GUI thread to run
LET_GO_AFTER_MS = 250
VISIT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
IS_HEADING_ROLE = Qt.ItemDataRole.UserRole + 2
# Looked up once: the view asks for several roles of every cell it paints.
DISPLAY = Qt.ItemDataRole.DisplayRole
FOREGROUND = Qt.ItemDataRole.ForegroundRole
FONT = Qt.ItemDataRole.FontRole
ACCESSIBLE = Qt.ItemDataRole.AccessibleTextRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
ANSWERED = frozenset(
    int(role)
    for role in (DISPLAY, FOREGROUND, FONT, ACCESSIBLE, TOOLTIP, VISIT_ID_ROLE, IS_HEADING_ROLE)
)


Rows = Sequence[Heading | VisitRow]
# Given the rows before and after such a refresh: what the view kept on screen, or None.
ScreenKeeper = Callable[[Rows, Rows], OnScreen | None]


class VisitsModel(QAbstractTableModel):
    def __init__(self, today: date | None = None) -> None:
        super().__init__()
        self._all: list[VisitRow] = []
        self._sorted: list[VisitRow] = []  # _all in the current sort order
        self._scoped: list[VisitRow] = []  # _sorted cut to the scope
        self._rows: list[Heading | VisitRow] = []
        self._ids: list[int] | None = []  # each row's visit id (row_ids), worked out when asked
        self._by_id: dict[int, VisitRow] = {}  # every visit's row, for row_of
        self._owners: set[str | None] = set()
        # What the cells say, worked out once per minute (and again for a visit a refresh
        # changed): a repaint asks every visible cell for several roles, and the SLA
        # and window ones parse dates.
        self._said: dict[tuple[int, int, int], Any] = {}
        self._visits: dict[int, Visit] = {}  # the rows' visits the cells were worked out from
        self._scope = Scope.ALL
        self._filter = ""
        self._sort_column = WHEN
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._today = today
        self._work: dict[int, VisitWork] = {}
        self._two_line = False
        self._waiting: list[tuple[int, int]] = []  # rows to repaint after this turn
        self._repaint_later = QTimer(self)
        self._repaint_later.setSingleShot(True)
        self._repaint_later.setTimerType(Qt.TimerType.PreciseTimer)  # 1 ms, not a frame
        self._repaint_later.setInterval(REPAINT_LATER_MS)
        self._repaint_later.timeout.connect(self._repaint_waiting)
        self._screen_keeper: ScreenKeeper | None = None

    def keep_screen_with(self, keeper: ScreenKeeper) -> None:
        """``keeper`` (the view) keeps the rows on screen where they are when a refresh
        moves rows in place; the model then repaints only what changed there."""
        self._screen_keeper = keeper

    # -- what is shown -----------------------------------------------------------
    def set_visits(self, visits: Iterable[Visit], work: dict[int, VisitWork] | None = None) -> None:
        """``work``: checklist progress, timers and time today by visit id."""
        self.set_rows(prepare(visits), work)

    def set_rows(self, rows: list[VisitRow], work: dict[int, VisitWork] | None = None) -> None:
        """Rows made by ``prepare`` (on a worker, for a big list)."""
        work_before, self._work = self._work, work or {}
        self._said.clear()
        self._visits.clear()
        self._all = rows
        self._by_id = by_id(rows)
        self._owners = owners_of(rows)
        self._sort_all()
        self._show(shown_rows(self._scoped, self.spec()), in_place=True, work_before=work_before)

    def set_scope(self, scope: Scope) -> None:
        if scope is not self._scope:
            self._scope = scope
            self._cut_to_scope()
            self._rebuild()

    def set_filter(self, text: str) -> None:
        needle = folded(text.strip())
        if needle != self._filter:
            self._filter = needle
            self._rebuild()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column, self._sort_order = column, order
        self._said.clear()  # the time column says more when the list is not by day
        self._sort_all()
        self._rebuild()

    def set_two_line(self, two_line: bool) -> None:
        """A narrow list shows each visit as one cell on two lines: its one header
        names the visits, not their time."""
        if two_line != self._two_line:
            self._two_line = two_line
            self._said.clear()
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, WHEN, WHEN)

    @property
    def grouped(self) -> bool:
        """Day headings only make sense while the list is in time order."""
        return self._sort_column == WHEN

    def today(self) -> date:
        return self._today or datetime.now().astimezone().date()

    def visit_count(self) -> int:
        return sum(1 for row in self._rows if not isinstance(row, Heading))

    def heading_rows(self) -> list[int]:
        return [i for i, row in enumerate(self._rows) if isinstance(row, Heading)]

    def has_visit(self, visit_id: int) -> bool:
        """The last read has the visit (shown or not)."""
        return visit_id in self._by_id

    def row_of(self, visit_id: int) -> int | None:
        row = self._by_id.get(visit_id)
        if row is None:
            return None
        try:
            # In C, the row itself (found by identity): after each keystroke in the
            # filter the selected visit is looked up before any row ids are made.
            return self._rows.index(row)
        except ValueError:
            return None

    def visits(self, ids: AbstractSet[int]) -> list[Visit]:
        """The visits of the last read with these ids, shown or not, in the order read."""
        return [visit_in(row) for row in self._all if row[fields.ID] in ids]

    def _row_ids(self) -> list[int]:
        if self._ids is None:
            self._ids = row_ids(self._rows)
        return self._ids

    def owners(self) -> set[str | None]:
        """Whose visits these are: more than one for a supervisor who sees the team's."""
        return self._owners

    def now_row(self, now: datetime | None = None) -> int | None:
        """The visit to start the day on: the open one under way or next up, else the first."""
        moment = now or datetime.now(UTC)
        first = None
        for i, row in enumerate(self._rows):
            if isinstance(row, Heading):
                continue
            first = i if first is None else first
            finish = row[fields.VISIT_END] or row[fields.VISIT_START]
            if row[fields.STATUS] in ACTIVE_STATUSES and finish and utc_time(finish) >= moment:
                return i
        return first

    def visit_at(self, row: int) -> Visit | None:
        item = self._rows[row] if 0 <= row < len(self._rows) else None
        return None if item is None or isinstance(item, Heading) else visit_in(item)

    def is_heading(self, row: int) -> bool:
        return 0 <= row < len(self._rows) and isinstance(self._rows[row], Heading)

    def spec(self) -> ViewSpec:
        """How the list is arranged now (what a worker arranges fresh rows by)."""
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        return ViewSpec(self._sort_column, descending, self._scope, self._filter, self.today())

    def set_arranged(self, arranged: Arranged, work: dict[int, VisitWork] | None = None) -> None:
        """Rows read and arranged on a worker (``arrange``): on the GUI thread only the
        swap is left.  If the user re-sorted, re-scoped or typed meanwhile, the rows
        are arranged again here for what the list shows now.

        The rows replaced are let go on a pool thread, a slice at a time: freeing
        10 000 visits at once held the GUI thread for 30-90 ms."""
        let_go([self._all, self._sorted, self._scoped, self._rows], self._by_id)
        if arranged.spec != self.spec():
            self.set_rows(arranged.all, work)
            return
        work_before, self._work = self._work, work or {}
        by_id_before, self._by_id = self._by_id, arranged.by_id
        self._forget_changed(by_id_before, work_before)
        self._all, self._sorted, self._scoped = arranged.all, arranged.sorted, arranged.scoped
        self._owners = arranged.owners
        self._show(
            arranged.rows,
            in_place=True,
            ids=arranged.ids,
            work_before=work_before,
        )

    def _forget_changed(
        self, by_id_before: dict[int, VisitRow], work_before: dict[int, VisitWork]
    ) -> None:
        """What the cells of a visit said is kept through a refresh that brought the
        same row (``RowCache``) and work for it: after a refresh that changes what is
        on screen (rows come, go or move) the repaint asks every cell again, and
        working out the texts and looks anew made it half as long again."""
        rows, work = self._by_id, self._work
        changed = {
            visit_id
            for visit_id in self._visits
            if by_id_before.get(visit_id) is not rows.get(visit_id)
            or work_before.get(visit_id) != work.get(visit_id)
        }
        if not changed:
            return
        self._said = {key: said for key, said in self._said.items() if key[0] not in changed}
        for visit_id in changed:
            del self._visits[visit_id]

    def _sort_all(self) -> None:
        """Sort once per refresh or sort order; filtering keeps the order."""
        spec = self.spec()
        self._sorted = sort_rows(self._all, spec)
        self._cut_to_scope()

    def _cut_to_scope(self) -> None:
        self._scoped = cut_to_scope(self._sorted, self.spec())

    def _rebuild(self) -> None:
        self._show(shown_rows(self._scoped, self.spec()), in_place=False)

    def _show(
        self,
        rows: list[Heading | VisitRow],
        *,
        in_place: bool,
        ids: list[int] | None = None,
        work_before: dict[int, VisitWork] | None = None,
    ) -> None:
        """``in_place`` (a refresh after a sync or a save): when the same visits come
        back in as many rows (usually; also a visit rescheduled to a day that has
        visits, or a heading that moved), the rows that changed are repainted; when
        rows were only added or only removed in one place (a visit arriving or
        leaving, with its day's heading), the model says so, and the rows around
        them that changed (their day's count) are repainted.  Either way the scroll
        position and the selection stay, and only what changed on screen is painted
        again; otherwise the model is reset.  The selected visit moved to another
        row is selected there by the page (``VisitsPage._swap``)."""
        self._repaint_waiting()  # rows named before they change
        if in_place and rows and self._same_visits(rows, ids):
            old = self._rows
            self._rows, self._ids = rows, ids
            keeper = self._screen_keeper
            self._repaint_changed(old, work_before, keeper(old, rows) if keeper else None)
            return
        if in_place and rows and self._rows and self._splice(rows, ids, work_before):
            return
        self.beginResetModel()
        self._rows, self._ids = rows, ids
        self.endResetModel()

    def _splice(
        self,
        rows: list[Heading | VisitRow],
        ids: list[int] | None,
        work_before: dict[int, VisitWork] | None,
    ) -> bool:
        """Rows inserted or removed in one place, if that is all that happened (and no
        selected or current row goes with them): False leaves it to a reset."""
        old, old_ids = self._rows, self._row_ids()
        new_ids = row_ids(rows) if ids is None else ids
        head = _common_start(old_ids, new_ids)
        room = min(len(old_ids), len(new_ids)) - head
        tail = min(_common_start(old_ids[::-1], new_ids[::-1]), room)
        removed, added = len(old_ids) - head - tail, len(new_ids) - head - tail
        if removed and added:
            return False  # rows replaced, not only added or removed
        if removed and any(head <= i.row() < head + removed for i in self.persistentIndexList()):
            return False  # the current or selected row leaves: the page picks another
        if removed:
            self.beginRemoveRows(QModelIndex(), head, head + removed - 1)
            self._rows, self._ids = rows, new_ids
            self.endRemoveRows()
            aligned: list[Heading | VisitRow | None] = [*old[:head], *old[head + removed :]]
        else:
            self.beginInsertRows(QModelIndex(), head, head + added - 1)
            self._rows, self._ids = rows, new_ids
            self.endInsertRows()
            aligned = [*old[:head], *([None] * added), *old[len(old) - tail :]]
        self._repaint_changed(aligned, work_before)
        return True

    def _repaint_changed(
        self,
        old: Sequence[Heading | VisitRow | None],
        work_before: dict[int, VisitWork] | None,
        screen: OnScreen | None = None,
    ) -> None:
        """Repaint only the rows whose visit (or its work) changed; ``old``: what each
        row showed before (None: a row just inserted, painted anyway); ``screen``: the
        rows the view kept on screen, compared with what each showed there.

        An unchanged visit comes back as the same row object (``RowCache``), so most
        rows are skipped by identity.  Repainting the whole list after every refresh
        asked every cell on screen for its data again: 10-20 ms of the GUI thread for
        a refresh that usually changes one row, or none."""
        rows, work = self._rows, self._work
        before = work if work_before is None else work_before
        moved = {i for i in before.keys() | work.keys() if before.get(i) != work.get(i)}
        # The rows that are not the same object, picked in C (a Python loop over
        # 10 000 rows took a few milliseconds of every refresh).
        replaced = () if old == rows else compress(count(), map(is_not, old, rows))
        differ = {n for n in replaced if (was := old[n]) is not None and was != rows[n]}
        if moved:
            differ.update(compress(count(), map(moved.__contains__, self._row_ids())))
        if screen:  # what each row there shows is what the view kept there
            ids, shown = self._row_ids(), screen.rows
            differ.difference_update(shown)
            differ.update(
                n
                for n, was in zip(shown, screen.painted, strict=True)
                if _differs(was, rows[n]) or ids[n] in moved
            )
        changed = sorted(differ)
        if screen is None:
            on_screen, spans = changed, _spans(changed)
        else:  # never one range across the rows kept on screen
            first, stop = bisect_left(changed, shown.start), bisect_left(changed, shown.stop)
            on_screen = changed[first:stop]
            spans = [
                *_spans(changed[:first]),
                *((n, n) for n in on_screen),
                *_spans(changed[stop:]),
            ]
        if len(on_screen) <= REPAINT_AT_ONCE:
            self._repaint(spans)
            return
        # Many rows on screen (a visit moved to another day: each row between moved by
        # one): their repaint waits for the next turn of the event loop.  Input that
        # came in during the swap is answered first, and the GUI thread is never held
        # for the swap and the whole repaint together.
        self._waiting.extend(spans)
        self._repaint_later.start()

    def repaint_waiting(self) -> bool:
        """Rows a refresh changed are still to be repainted (a turn of the event loop later)."""
        return bool(self._waiting)

    def _repaint_waiting(self) -> None:
        self._repaint_later.stop()
        spans, self._waiting = self._waiting, []
        self._repaint(spans)  # rows that are still as named: _show repaints before it swaps

    def _repaint(self, spans: list[tuple[int, int]]) -> None:
        last = len(COLUMNS) - 1
        for first, final in spans:
            self.dataChanged.emit(self.index(first, 0), self.index(final, last))

    def _same_visits(self, rows: list[Heading | VisitRow], ids: list[int] | None) -> bool:
        """The same visits in as many rows, wherever each is now (a refresh only:
        filtering changes them, and skips the comparison)."""
        if len(self._rows) != len(rows):
            return False
        if ids is None:
            ids = row_ids(rows)
        old_ids = self._row_ids()
        return ids == old_ids or set(ids) == set(old_ids)

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

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in ANSWERED:  # most roles a painted cell is asked for: nothing to say
            return None
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
        if role in (DISPLAY, ACCESSIBLE):
            return heading.label
        if role == FONT:
            return _bold()
        if role == FOREGROUND:
            return colour("heading")  # a QColor: Qt paints it as a brush
        return None

    def _visit(self, row: VisitRow) -> Visit:
        """The row's visit, made once per row read (only rows on screen are asked about)."""
        visit = self._visits.get(row[fields.ID])
        if visit is None:
            visit = self._visits[row[fields.ID]] = visit_in(row)
        return visit

    def _visit_data(self, row: VisitRow, column: int, role: int) -> Any:
        if role == VISIT_ID_ROLE:
            return row[fields.ID]
        if role == IS_HEADING_ROLE:
            return False
        looks = column in (DUE, WHEN) or row[fields.GONE]  # a visit given away: all grey
        if role == DISPLAY or (role in (FOREGROUND, FONT) and looks):
            key = (row[fields.ID], column, role)
            said = self._said.get(key, self)  # self: not worked out yet
            if said is self:
                said = self._said[key] = self._cell(row, column, role)
            return said
        if role == ACCESSIBLE and column == WHEN:
            return self._spoken(row)  # the row's current cell: the whole visit in words
        if role == TOOLTIP:  # quotes the helpdesk: shown as text
            return plain_tooltip(self._tooltip(row, column)) or None
        return None

    def _cell(self, row: VisitRow, column: int, role: int) -> Any:
        if role == DISPLAY:
            return self._display(row, column)
        visit = self._visit(row)
        if visit.gone:  # no one's alarm here: it is someone else's visit now
            return colour("muted") if role == FOREGROUND else None
        late = _overdue(visit) if column == DUE else window_missed(visit)
        if not late:
            return None
        return colour("overdue") if role == FOREGROUND else _bold()

    def _display(self, row: VisitRow, column: int) -> str:
        visit = self._visit(row)
        if visit.gone and column in (WHEN, DUE):
            # Its window and SLA are no longer the technician's to keep (nor up to date).
            return self.tr("given away") if column == WHEN else ""
        if column == WHEN:
            if row[DAY] is None:
                return self.tr("not scheduled")
            when = row[WINDOW_TEXT] if self.grouped else short_time(visit.visit_start)
            return f"⚠ {when}" if window_missed(visit) else when
        if column == DUE:
            return due_text(visit.due)[0] if visit.status in ACTIVE_STATUSES else ""
        if column == SYNC:
            return _sync_badge(visit)
        if column == WORK:
            work = self._work.get(visit.id)
            return work.text() if work else ""
        values: dict[int, str] = {
            SITE: visit.site or "",
            ADDRESS: row[ADDRESS_LINE],
            SUBJECT: f"#{visit.id} {shown_subject(visit.subject)}"
            if visit.id > 0
            else shown_subject(visit.subject),
            STATUS: visit.status,
            PRIORITY: str(visit.priority),
            OWNER: visit.owner_name or visit.owner or self.tr("nobody"),
        }
        # Written by strangers: no direction override may turn "fdp.exe" into "exe.pdf".
        return shown_text(values[column])

    def _spoken(self, row: VisitRow) -> str:
        """The visit as a screen reader says it (and the narrow list's tooltip)."""
        visit = self._visit(row)
        parts = [self._display(row, SUBJECT), visit.site or ""]
        if visit.gone:
            parts.append(self.tr("given away: {why}").format(why=visit.gone))
        elif row[DAY] is not None:
            parts.append(f"{day_label(row[DAY], self.today())} {row[WINDOW_TEXT]}")
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
        visit = self._visit(row)
        if column == SYNC and (visit.pending_changes or visit.open_conflicts):
            return self.tr("{changes}, {conflicts} to decide").format(
                changes=plural(
                    visit.pending_changes, self.tr("unsent change"), self.tr("unsent changes")
                ),
                conflicts=plural(visit.open_conflicts, self.tr("conflict"), self.tr("conflicts")),
            )
        if column == WHEN and visit.gone:
            return self.tr("No longer yours ({why}); kept here for its unsent work").format(
                why=visit.gone.split(";")[0]
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
        self._said.clear()
        if self._rows:
            last = len(self._rows) - 1
            self.dataChanged.emit(self.index(0, WHEN), self.index(last, WHEN))
            self.dataChanged.emit(self.index(0, DUE), self.index(last, DUE))
            self.dataChanged.emit(self.index(0, WORK), self.index(last, WORK))


def _differs(was: object, row: Heading | VisitRow) -> bool:
    """A row shows something else than it did (None: a row just inserted)."""
    return was is not None and was is not row and was != row


def _spans(changed: list[int]) -> list[tuple[int, int]]:
    """Rows to repaint, in order: each on its own, or many as one range (the view
    repaints the part of it on screen: none, if off screen)."""
    if len(changed) > REPAINT_ONE_BY_ONE:
        return [(changed[0], changed[-1])]
    return [(n, n) for n in changed]


def _common_start(a: list[int], b: list[int]) -> int:
    """How many items the two lists start with alike."""
    return next(
        (n for n, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )


def let_go(lists: list[list[Any]], index: dict[int, VisitRow]) -> None:
    """Hold a replaced read in copies (pointers only) that a pool thread empties a
    slice at a time: the last references go there, and the GUI thread gets the
    interpreter back between slices.  The lists themselves are not touched."""
    held = [list(rows) for rows in lists]
    held_index = dict(index)

    def drop() -> None:
        held_index.clear()
        for rows in held:
            while rows:
                del rows[-FREED_AT_ONCE:]

    # After the swap and its repaint, while the GUI thread idles: run alongside them,
    # the slices would slow the swap itself down.
    QTimer.singleShot(LET_GO_AFTER_MS, lambda: QThreadPool.globalInstance().start(drop))


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


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
