"""My visits: today / this week / all, grouped by day, filtered as you type."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.visits.loader import Loaded, VisitLoader, load
from desktop.visits.model import (
    ADDRESS,
    COLUMNS,
    DUE,
    OWNER,
    PRIORITY,
    SITE,
    STATUS,
    SUBJECT,
    SYNC,
    WHEN,
    WORK,
    Scope,
    VisitsModel,
)
from desktop.visits.rows import RowCache
from desktop.visits.two_line import TwoLineRows
from desktop.visits.work import VisitWork
from sync.store.settings import get_setting, set_setting
from sync.store.tickets import Visit

if TYPE_CHECKING:
    import sqlite_utils

COUNTDOWN_REFRESH_MS = 60_000
# While the filter is being typed into, the panel follows the list's new current visit
# once typing pauses: not a visit loaded (and dropped) per keystroke.
DETAIL_AFTER_FILTER_MS = 150
HIDDEN_AT_START = frozenset({ADDRESS, OWNER})  # the owner shows when visits have several
DEFAULT_WIDTHS = {
    WHEN: 100,  # "⚠ 14:30–16:00" in bold
    SITE: 140,
    ADDRESS: 190,
    STATUS: 62,
    PRIORITY: 40,
    DUE: 106,  # "overdue 2h 05m" in bold
    SYNC: 36,
    WORK: 104,
    OWNER: 72,  # a login or first name; the tooltip and detail have the rest
}
# Least needed first; When, Site, Subject, the SLA countdown and (on a supervisor's list)
# the owner stay: when they do not fit, each visit goes on two lines (two_line.py).
DROPPED_WHEN_NARROW = (PRIORITY, STATUS, ADDRESS, WORK, SYNC)
SITE_MIN_WIDTH = 76
MIN_SUBJECT_WIDTH = 180  # about 30 characters: enough to tell two jobs at one site apart
DETAIL_MIN_WIDTH = 500
SCOPE_SETTING = "visits.scope"  # Today / This week / All, as last chosen in this profile


# Where the cursor goes when a key lands it on a day heading: on to the visit beyond.
UPWARD = frozenset(
    {
        QAbstractItemView.CursorAction.MoveUp,
        QAbstractItemView.CursorAction.MovePageUp,
        QAbstractItemView.CursorAction.MovePrevious,
    }
)
Cursor = QModelIndex | QPersistentModelIndex


class VisitList(QTreeView):
    """A flat list whose day headings span the whole row.

    Headings are not rows to stand on: a click on one does nothing and the keys
    step over them.  The view does this rather than the model's ``flags``, which
    ``QTreeView`` asks of every row after every reset (see model.py).
    """

    def __init__(self, model: VisitsModel) -> None:
        super().__init__()
        self.visits = model
        self.setModel(model)
        self.setRootIsDecorated(False)
        self.setItemsExpandable(False)
        self.setUniformRowHeights(True)  # constant-time layout at 10 000 rows
        self.setAlternatingRowColors(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSortingEnabled(True)
        self.sortByColumn(WHEN, Qt.SortOrder.AscendingOrder)
        self.setAllColumnsShowFocus(True)
        header = self.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(SUBJECT, QHeaderView.ResizeMode.Stretch)
        for column, width in DEFAULT_WIDTHS.items():
            header.resizeSection(column, width)
        header.moveSection(header.visualIndex(WORK), 1)  # progress and time: next to When
        header.moveSection(header.visualIndex(OWNER), header.visualIndex(SITE) + 1)
        # The SLA countdown before the subject: a narrow list cuts the subject, never the SLA.
        header.moveSection(header.visualIndex(DUE), header.visualIndex(OWNER) + 1)
        self._chosen_hidden = set(HIDDEN_AT_START)  # by the user, from the header's menu
        self.rows = TwoLineRows(self)
        # Painted by Qt while the list has columns: a Python paint() per cell costs
        # a few milliseconds per repaint; the two-line painter is set when needed.
        self.one_line = QStyledItemDelegate(self)
        self.setItemDelegate(self.one_line)
        self._when_width = DEFAULT_WIDTHS[WHEN]
        self._column_menu(header)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    @property
    def two_line(self) -> bool:
        """Each visit on two lines in one cell (a narrow list), not in columns."""
        return self.rows.enabled

    def _fit_columns(self) -> None:
        """Narrow list: drop the columns a technician needs least and narrow the site
        name, so the subject stays readable and the SLA countdown on screen; when even
        that leaves the subject too little, each visit goes on two lines instead."""
        header = self.header()
        shown = [c for c in range(len(COLUMNS)) if c not in self._chosen_hidden]

        def left_for_subject(site: int, room: int | None = None) -> int:
            others = (self._table_width(c) for c in shown if c not in (SUBJECT, SITE))
            width = self.viewport().width() if room is None else room
            return width - sum(others) - (site if SITE in shown else 0)

        for column in DROPPED_WHEN_NARROW:
            if left_for_subject(DEFAULT_WIDTHS[SITE]) >= MIN_SUBJECT_WIDTH:
                break
            if column in shown:
                shown.remove(column)
        # Decided as if the scroll bar showed: the taller two-line rows bring it, and
        # the list must not flip back and forth as it comes and goes.
        room = self.width() - 2 * self.frameWidth() - self._scroll_bar_width()
        two_line = left_for_subject(SITE_MIN_WIDTH, room) < MIN_SUBJECT_WIDTH
        self._set_two_line(two_line)
        if two_line:
            shown = [WHEN]  # one cell across the row: the delegate paints the rest
        for column in range(len(COLUMNS)):
            hidden = column not in shown
            if self.isColumnHidden(column) != hidden:
                self.setColumnHidden(column, hidden)
        if not two_line:  # the site name gives up width before the subject does
            site = left_for_subject(0) - MIN_SUBJECT_WIDTH
            header.resizeSection(SITE, max(SITE_MIN_WIDTH, min(DEFAULT_WIDTHS[SITE], site)))

    def _table_width(self, column: int) -> int:
        """A column's width in the one-line table (hidden ones: as they will show)."""
        if column == WHEN and self.two_line:
            return self._when_width
        return self.header().sectionSize(column) or DEFAULT_WIDTHS.get(column, 0)

    def _scroll_bar_width(self) -> int:
        return self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)

    def _set_two_line(self, two_line: bool) -> None:
        with_owner = OWNER not in self._chosen_hidden
        if with_owner != self.rows.with_owner:
            self.rows.with_owner = with_owner
            self.viewport().update()
        if two_line == self.two_line:
            return
        header = self.header()
        if two_line:
            self._when_width = header.sectionSize(WHEN)
            header.setSectionResizeMode(SUBJECT, QHeaderView.ResizeMode.Interactive)
            header.setSectionResizeMode(WHEN, QHeaderView.ResizeMode.Stretch)
        else:
            header.setSectionResizeMode(WHEN, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(WHEN, self._when_width)
            header.setSectionResizeMode(SUBJECT, QHeaderView.ResizeMode.Stretch)
        self.rows.enabled = two_line
        self.setItemDelegate(self.rows if two_line else self.one_line)
        self.visits.set_two_line(two_line)
        current = self.currentIndex()
        if two_line and current.isValid() and current.column() != WHEN:
            # The visit stays current on the one column left (keys move from there).
            self.selectionModel().setCurrentIndex(
                current.siblingAtColumn(WHEN), QItemSelectionModel.SelectionFlag.NoUpdate
            )
        self.doItemsLayout()  # the rows' height changes with the mode

    def show_owner(self, shown: bool) -> None:
        """A supervisor's list holds the team's visits: say whose each one is."""
        if shown == (OWNER in self._chosen_hidden):
            self._show_column(OWNER, shown)
            for action in self.header().actions():
                if action.data() == OWNER:
                    action.setChecked(shown)

    def dropped_columns(self) -> list[int]:
        """Columns hidden for want of room (not by the user's choice)."""
        return [
            c
            for c in range(len(COLUMNS))
            if self.isColumnHidden(c) and c not in self._chosen_hidden
        ]

    def _column_menu(self, header: QHeaderView) -> None:
        """Right-click the header to show or hide columns (the address starts hidden:
        the site name is enough to scan; the full address is in the tooltip and detail)."""
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for column, name in enumerate(COLUMNS):
            if column == WHEN:
                continue
            action = QAction(self.tr(name), header)
            action.setCheckable(True)
            action.setData(column)
            action.setChecked(column not in HIDDEN_AT_START)
            action.toggled.connect(partial(self._show_column, column))
            header.addAction(action)
            self.setColumnHidden(column, column in HIDDEN_AT_START)

    @Slot(int, bool)
    def _show_column(self, column: int, shown: bool) -> None:
        if shown:
            self._chosen_hidden.discard(column)
        else:
            self._chosen_hidden.add(column)
        self.setColumnHidden(column, not shown)
        self._fit_columns()

    def moveCursor(
        self,
        cursorAction: QAbstractItemView.CursorAction,  # noqa: N803 - Qt's name
        modifiers: Qt.KeyboardModifier,
    ) -> QModelIndex:
        index = super().moveCursor(cursorAction, modifiers)
        if not index.isValid() or not self.visits.is_heading(index.row()):
            return index
        # A heading is followed by its day's first visit and preceded by the last
        # visit of the day before (if any).
        row = index.row()
        step = -1 if cursorAction in UPWARD and row > 0 else 1
        return self.visits.index(row + step, index.column())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        if index.isValid() and self.visits.is_heading(index.row()):
            event.accept()  # a heading is not a visit: the selection stays
            return
        super().mousePressEvent(event)

    def selectionCommand(
        self, index: Cursor, event: QEvent | None = None
    ) -> QItemSelectionModel.SelectionFlag:
        if index.isValid() and self.visits.is_heading(index.row()):
            return QItemSelectionModel.SelectionFlag.NoUpdate  # dragged over a heading
        return super().selectionCommand(index, event)

    def drawRow(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """A day heading is drawn as one cell across the row.

        Drawn here rather than with setFirstColumnSpanned: after every reset
        (every keystroke in the filter) each heading would have to be spanned
        again, and each of those calls searches the view's whole layout --
        about 50 ms per keystroke with 10 000 visits (bench/gui_filter.py).
        Only the rows on screen come through here.
        """
        if not self.visits.is_heading(index.row()):
            super().drawRow(painter, option, index)
            return
        heading = self.visits.index(index.row(), WHEN)
        cell = QStyleOptionViewItem(option)
        cell.rect = option.rect  # the whole row, as a spanned first column
        # The row background as QTreeView draws it (a flat list: view row = model row).
        alternate = self.alternatingRowColors() and index.row() % 2 == 1
        cell.features |= (
            QStyleOptionViewItem.ViewItemFeature.Alternate
            if alternate
            else QStyleOptionViewItem.ViewItemFeature.None_
        )
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewRow, cell, painter, self)
        self.itemDelegateForIndex(heading).paint(painter, cell, heading)


class FilterField(QLineEdit):
    """The visit filter: Down goes into the list, Escape clears what was typed."""

    leave_down = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.leave_down.emit()
            return
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)  # Escape in an empty filter goes on (closes what is open)


class VisitsPage(QWidget):
    # The visit to show (an int), or None: the main window hands it to the detail panel
    # and tells the KB which visit "used this article" refers to.
    current_visit_changed = Signal(object)
    # The list read the replica again and the same visit stays selected: what it shows
    # may have changed (a sync, a save), but it is not another visit.
    selected_visit_refreshed = Signal()
    # The ids of the visits just read from the replica and shown (``reload``) that RT
    # knows (id > 0), a frozenset.
    # Signal(object): a Signal(list) converts its list on every emit (5 ms at 10 000).
    loaded = Signal(object)

    def __init__(
        self,
        detail: QWidget,
        db: sqlite_utils.Database | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``db``: the profile's replica, where the last chosen scope is remembered."""
        super().__init__(parent)
        self.db = db
        self.model = VisitsModel()
        self.detail = detail
        self.loader: VisitLoader | None = None  # its worker starts with the first refresh
        self._row_cache = RowCache()  # the first fill's rows, reused by the loader's worker
        self._filled = False
        self._detail_soon = QTimer(self)
        self._detail_soon.setSingleShot(True)
        self._detail_soon.setInterval(DETAIL_AFTER_FILTER_MS)
        self._detail_soon.timeout.connect(self._emit_detail)
        self._typing = False  # the filter box is being typed into
        self._build()
        self._countdown = QTimer(self)
        self._countdown.setInterval(COUNTDOWN_REFRESH_MS)
        self._countdown.timeout.connect(self.model.refresh_countdowns)
        self._countdown.start()

    def _build(self) -> None:
        scopes = self._scope_bar()
        self.filter = FilterField()
        self.filter.setPlaceholderText(
            self.tr("Filter: site, address, subject, status, #id… (Ctrl+F)")
        )
        self.filter.setClearButtonEnabled(True)
        self.filter.setMinimumHeight(32)
        self.filter.setAccessibleName(self.tr("Filter visits"))
        self.filter.textChanged.connect(self._filter_typed)
        scopes.addSpacing(8)
        scopes.addWidget(self.filter, 1)
        find = QAction(self.tr("Filter visits"), self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(self._focus_filter)
        self.addAction(find)

        self.list = VisitList(self.model)
        self.list.setAccessibleName(self.tr("My visits"))
        self.list.selectionModel().currentRowChanged.connect(self._current_changed)
        self.model.modelReset.connect(self._after_reset)
        self.filter.returnPressed.connect(self.list.setFocus)
        self.filter.leave_down.connect(self.list.setFocus)

        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setVisible(False)

        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(6, 6, 0, 6)
        column.addLayout(scopes)
        column.addWidget(self.list, 1)
        column.addWidget(self.empty)

        self.splitter = splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 55)
        splitter.setStretchFactor(1, 45)
        splitter.setSizes([560, 580])  # 1280 px: the list's columns and the whole panel
        # At 1024 px the panel keeps room for its work (the timers' words and half the
        # actions go first) and the list goes on two lines; it does not go below this.
        self.detail.setMinimumWidth(DETAIL_MIN_WIDTH)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._selected_id: int | None = None
        self.set_scope(self._remembered_scope())

    def _scope_bar(self) -> QHBoxLayout:
        self.scope_buttons = QButtonGroup(self)
        scopes = QHBoxLayout()
        scopes.setSpacing(4)
        for number, (scope, text) in enumerate(
            (
                (Scope.TODAY, self.tr("&Today")),
                (Scope.WEEK, self.tr("This &week")),
                (Scope.ALL, self.tr("&All")),
            ),
            start=1,
        ):
            button = QPushButton(text)
            button.setCheckable(True)
            button.setMinimumHeight(32)
            button.setProperty("scope", scope.value)
            button.setShortcut(QKeySequence(f"Alt+{number}"))
            button.setToolTip(
                self.tr("Show {what} (Alt+{n})").format(what=text.replace("&", ""), n=number)
            )
            button.setAccessibleName(
                self.tr("Show visits: {what}").format(what=text.replace("&", ""))
            )
            self.scope_buttons.addButton(button)
            scopes.addWidget(button)
        self.scope_buttons.buttonClicked.connect(self._scope_clicked)

        return scopes

    # -- what the main window calls ---------------------------------------------------
    def reload(self) -> None:
        """Read the replica again; ``loaded`` follows once the list shows it.

        The first fill is read at once (the window's first paint shows the list);
        later ones on the loader's worker, so a sync or a save never freezes the
        window, whatever the number of visits.  Until the rows arrive the list
        keeps showing the previous read.
        """
        if self.db is None:
            return
        if not self._filled:
            self._show_loaded(load(self.db, self.model.spec(), self._row_cache))
            return
        if self.loader is None:
            self.loader = VisitLoader(self.db, self.model.spec, self._row_cache, self)
            self.loader.loaded.connect(self._show_loaded)
        self.loader.reload()

    def shutdown(self) -> None:
        """Before the replica closes: a read under way is abandoned."""
        self._detail_soon.stop()
        if self.loader is not None:
            self.loader.shutdown()
            self.loader = None

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    def set_visits(self, visits: list[Visit], work: dict[int, VisitWork] | None = None) -> None:
        """New data from the replica; the selected visit stays selected."""
        self._swap(lambda: self.model.set_visits(visits, work))

    @Slot(object)
    def _show_loaded(self, loaded: Loaded) -> None:
        self._filled = True
        self._swap(lambda: self.model.set_arranged(loaded.arranged, loaded.work))
        self.loaded.emit(loaded.ids)

    def _swap(self, fill: Callable[[], None]) -> None:
        keep = self._selected_id
        fill()
        self.list.show_owner(len(self.model.owners()) > 1)
        row = self.model.row_of(keep) if keep is not None else None
        if keep is not None and row is not None and self.list.currentIndex().row() != row:
            self.select(keep)  # unless it stayed where it was (the rows repainted in place)
        if keep is not None and self._selected_id == keep and not self._detail_soon.isActive():
            self.selected_visit_refreshed.emit()  # its panel re-reads it, off the GUI thread
        else:
            self._show_detail(self._selected_id)

    def set_scope(self, scope: Scope) -> None:
        for button in self.scope_buttons.buttons():
            button.setChecked(button.property("scope") == scope.value)
        self.model.set_scope(scope)

    def select(self, visit_id: int) -> bool:
        row = self.model.row_of(visit_id)
        if row is None:
            return False
        self.list.setCurrentIndex(self.model.index(row, WHEN))
        self.list.scrollTo(self.model.index(row, WHEN))
        if not self._typing and self._detail_soon.isActive():
            self._emit_detail()  # asked for by name: shown now, not once typing pauses
        return True

    @property
    def selected_id(self) -> int | None:
        return self._selected_id

    # -- reactions ---------------------------------------------------------------------
    @Slot()
    def _focus_filter(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    def _remembered_scope(self) -> Scope:
        """The day first: Today, unless this profile last chose another scope."""
        saved = get_setting(self.db, SCOPE_SETTING) if self.db is not None else None
        return next((scope for scope in Scope if scope.value == saved), Scope.TODAY)

    @Slot(object)
    def _scope_clicked(self, button: QPushButton) -> None:
        scope = Scope(button.property("scope"))
        self.model.set_scope(scope)
        if self.db is not None:
            set_setting(self.db, SCOPE_SETTING, scope.value)

    @Slot(str)
    def _filter_typed(self, text: str) -> None:
        self._typing = True
        try:
            self.model.set_filter(text)
        finally:
            self._typing = False

    @Slot()
    def _after_reset(self) -> None:
        """Keep the selection through filtering; otherwise the visit under way or next up."""
        self._update_empty_note()
        if self._selected_id is not None and self.select(self._selected_id):
            return
        start = self.model.now_row()
        if start is not None:
            self.list.setCurrentIndex(self.model.index(start, WHEN))
            self.list.scrollTo(self.model.index(start, WHEN))
        else:
            self._show_detail(None)

    def _update_empty_note(self) -> None:
        empty = self.model.rowCount() == 0
        self.empty.setVisible(empty)
        if empty:
            self.empty.setText(
                self.tr(
                    "No visit matches “{text}”. The filter looks in the number, subject, site, "
                    "address, contact, status and owner; Esc clears it."
                ).format(text=self.filter.text())
                if self.filter.text()
                else self.tr(
                    "No visits here. Your visits appear here once the office assigns them: "
                    "try “All” (Alt+3), or sync (Ctrl+R) to fetch new ones."
                )
            )

    @Slot(QModelIndex, QModelIndex)
    def _current_changed(
        self, current: QModelIndex | QPersistentModelIndex, _previous: QModelIndex
    ) -> None:
        visit = self.model.visit_at(current.row()) if current.isValid() else None
        if visit is None:
            return
        if visit.id != self._selected_id:
            self._show_detail(visit.id)

    def _show_detail(self, visit_id: int | None) -> None:
        self._selected_id = visit_id
        if self._typing:
            self._detail_soon.start()
            return
        self._emit_detail()

    @Slot()
    def _emit_detail(self) -> None:
        self._detail_soon.stop()
        self.current_visit_changed.emit(self._selected_id)
