"""My visits: today / this week / all, grouped by day, filtered as you type."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.common.buttons import show_chosen
from desktop.visits.loader import Loaded, VisitLoader, load, load_scope
from desktop.visits.model import REPAINT_LATER_MS, WHEN, Scope, VisitsModel
from desktop.visits.rows import RowCache
from desktop.visits.visit_list import VisitList
from desktop.visits.work import VisitWork
from sync.store.database import database_file
from sync.store.settings import get_setting, set_setting
from sync.store.tickets import Visit

if TYPE_CHECKING:
    import sqlite_utils

COUNTDOWN_REFRESH_MS = 60_000
# While the filter is being typed into, the panel follows the list's new current visit
# once typing pauses: not a visit loaded (and dropped) per keystroke.
DETAIL_AFTER_FILTER_MS = 150
DETAIL_MIN_WIDTH = 400
SCOPE_SETTING = "visits.scope"  # Today / This week / All, as last chosen in this profile


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
    # The ids of the replica's visits that RT knows (id > 0), a frozenset, each time the
    # list shows a read of it (``reload``; the first fill reads them all, but the rows of
    # its scope only).
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
        self._partly_read = False  # the first fill read only the scope's rows
        self._reading = False  # a reload is under way on the loader's worker
        # A visit asked for by name before the list held it (a ticket just opened here):
        # selected when the read under way lands.
        self._wanted: int | None = None
        self._made_here: dict[int, str] = {}  # the last read's (``Loaded.made_here``)
        self._detail_soon = QTimer(self)
        self._detail_soon.setSingleShot(True)
        self._detail_soon.setInterval(DETAIL_AFTER_FILTER_MS)
        self._detail_soon.timeout.connect(self._emit_detail)
        self._typing = False  # the filter box is being typed into
        self._syncing: str | None = None  # what a sync under way does, as the tool bar says
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
                # No underlined letter: their keys are Alt+1, 2 and 3 (the tooltip says so).
                (Scope.TODAY, self.tr("Today")),
                (Scope.WEEK, self.tr("This week")),
                (Scope.ALL, self.tr("All")),
            ),
            start=1,
        ):
            button = QPushButton(text)
            button.setCheckable(True)
            button.setMinimumHeight(32)
            show_chosen(button)  # the period on show, at a glance in either scheme
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

        The first fill is read at once (the window's first paint shows the list),
        but only the rows of the scope on show (``load_scope``: Today's few, not
        10 000): the next reload reads them all.  Later ones run on the loader's
        worker, so a sync or a save never freezes the window, whatever the number
        of visits.  Until the rows arrive the list keeps showing the previous read.
        """
        if self.db is None:
            return
        if not self._filled:
            # In memory (tests of other screens) no worker reads the rest: all of it now.
            first = load_scope if database_file(self.db) is not None else load
            self._show_loaded(first(self.db, self.model.spec(), self._row_cache))
            return
        if self.loader is None:
            self.loader = VisitLoader(self.db, self.model.spec, self._row_cache, self)
            self.loader.loaded.connect(self._show_loaded)
        self._reading = True
        # A visit made here and shown gets RT's number at a sync: the read says which.
        shown = self._selected_id
        self.loader.reload(self._made_here.get(shown) if shown is not None else None)

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

    @property
    def partly_read(self) -> bool:
        """The list holds only the rows of its scope (the first fill): ``reload`` reads
        the rest off the GUI thread."""
        return self._partly_read

    def _read_all_now(self) -> None:
        """Before the list shows more than the first fill read (another scope, a visit
        outside it): every row, now, on the GUI thread, as a first fill once did."""
        if self._partly_read and self.db is not None:
            if self.loader is not None:
                self.loader.discard()  # an older read of the rest must not replace this one
            # Its own rows: the loader's worker may be using the page's cache.
            self._show_loaded(load(self.db, self.model.spec(), RowCache()))

    @Slot(object)
    def _show_loaded(self, loaded: Loaded) -> None:
        self._filled = True
        self._partly_read = not loaded.complete
        self._reading = False
        wanted, self._wanted = self._wanted, None
        if wanted is None and loaded.followed is not None:
            shown = self._selected_id  # a visit made here, shown, and numbered by RT since
            if shown is not None and shown < 0 and shown not in loaded.arranged.by_id:
                wanted = loaded.followed
        self._made_here = loaded.made_here or {}
        self._swap(lambda: self.model.set_arranged(loaded.arranged, loaded.work), wanted)
        self.loaded.emit(loaded.ids)

    def _swap(self, fill: Callable[[], None], wanted: int | None = None) -> None:
        """``wanted``: the visit to select instead of the one selected, if the list has it."""
        keep = self._selected_id
        rows_before = self.model.rowCount()
        fill()
        self.list.show_owner(len(self.model.owners()) > 1)
        if wanted is not None and self.select(wanted):
            if self._selected_id != wanted:  # it took the row of the visit shown before
                self._show_detail(wanted)
            return
        row = self.model.row_of(keep) if keep is not None else None
        if keep is not None and row is not None and self.list.currentIndex().row() != row:
            if self.model.repaint_waiting():
                self.list.paint_later(REPAINT_LATER_MS)  # the move with its neighbours'
            self.select(keep)  # unless it stayed where it was (the rows repainted in place)
        elif row is not None and self.model.rowCount() != rows_before:
            # Rows came or went around it (the model inserted or removed them): it
            # stays in view, as when the list is reset and the visit selected again.
            self.list.updateGeometries()  # the scroll bar's range, for scrollTo
            self.list.scrollTo(self.model.index(row, WHEN))
        if keep is not None and self._selected_id == keep and not self._detail_soon.isActive():
            self.selected_visit_refreshed.emit()  # its panel re-reads it, off the GUI thread
        else:
            self._show_detail(self._selected_id)

    def set_scope(self, scope: Scope) -> None:
        for button in self.scope_buttons.buttons():
            button.setChecked(button.property("scope") == scope.value)
        self._show_scope(scope)

    def _show_scope(self, scope: Scope) -> None:
        if scope is not self.model.spec().scope:
            self._read_all_now()
        self.model.set_scope(scope)

    def select_when_listed(self, visit_id: int) -> bool:
        """Select the visit now, or when the read under way lands if the list does not
        hold it yet (a ticket just opened here).  False: neither (not in the replica)."""
        if self.select(visit_id):
            return True
        self._wanted = visit_id if self._reading else None
        return self._reading

    def select(self, visit_id: int) -> bool:
        if self._partly_read and not self.model.has_visit(visit_id):
            self._read_all_now()
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

    def focus_first(self) -> None:
        """The screen shown (Ctrl+1): the focus in the list, on the selected visit."""
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)

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
        self._show_scope(scope)
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

    @Slot(str, int, int, str)
    def sync_progressed(self, _phase: str, _done: int, _total: int, line: str) -> None:
        """A first sync fills an empty list only when it is done: say they are coming."""
        self._syncing = line or None
        if self.model.rowCount() == 0:
            self._update_empty_note()

    @Slot()
    def sync_ended(self) -> None:
        self.sync_progressed("", 0, 0, "")

    def _update_empty_note(self) -> None:
        empty = self.model.rowCount() == 0
        self.empty.setVisible(empty)
        if not empty:
            return
        if self.filter.text():
            said = self.tr(
                "No visit matches “{text}”. The filter looks in the number, subject, site, "
                "address, contact, status and owner; Esc clears it."
            ).format(text=self.filter.text())
        elif self._syncing:
            said = self.tr(
                "A sync is under way — {progress}. Your visits appear here when it is done."
            ).format(progress=self._syncing)
        else:
            said = self.tr(
                "No visits here. Your visits appear here once the office assigns them: "
                "try “All” (Alt+3), or sync (Ctrl+R) to fetch new ones."
            )
        self.empty.setText(said)

    @Slot(QModelIndex, QModelIndex)
    def _current_changed(
        self, current: QModelIndex | QPersistentModelIndex, _previous: QModelIndex
    ) -> None:
        visit = self.model.visit_at(current.row()) if current.isValid() else None
        if visit is None:
            return
        if visit.id != self._selected_id:
            self._wanted = None  # another visit chosen meanwhile: it stays
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
