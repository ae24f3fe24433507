"""The visit list's view: a table of visits under day headings that span the whole row.

A ``QTableView`` with its row header hidden, not a ``QTreeView``: every row has the
same height, kept by the (hidden) vertical header in C++, so a refresh that adds or
removes rows costs nothing per row.  A tree lays out all its rows again after every
reset or insertion, asking the model for each row's index through Python -- 20 000
calls and 30-40 ms of the GUI thread at 10 000 visits (bench/gui_refresh_stall.py).

It looks and behaves as the tree did: day headings painted across the row, the
focus frame round the whole current row, Home/End to the first/last visit, Left and
Right scrolling sideways, Tab leaving the list.  What a table paints differently
cannot be changed from here: hovering a row highlights one cell in styles that draw
hover (not Fusion), and the Windows style draws a table's selection flat.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from functools import partial
from math import ceil

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Slot,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
)

from desktop.common.focus_ring import paint_focus_ring, ring_colour
from desktop.visits.in_place import OnScreen, top_keeping_most
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
    VisitsModel,
)
from desktop.visits.two_line import TwoLineRows

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
LONGEST_DUE = "overdue 23h 59m"  # the SLA column's widest text (bold): never cut short
MIN_SUBJECT_WIDTH = 180  # about 30 characters: enough to tell two jobs at one site apart

Action = QAbstractItemView.CursorAction
# Where the cursor goes when a key lands it on a day heading: on to the visit beyond.
UPWARD = frozenset({Action.MoveUp, Action.MovePageUp, Action.MovePrevious})
Cursor = QModelIndex | QPersistentModelIndex


class VisitList(QTableView):
    """A flat list whose day headings span the whole row.

    Headings are not rows to stand on: a click on one does nothing and the keys
    step over them.  The view does this rather than the model's ``flags``, which
    the view would ask of every cell it paints (see model.py).
    """

    def __init__(self, model: VisitsModel) -> None:
        super().__init__()
        self.visits = model
        self.setModel(model)
        self.setShowGrid(False)
        self.setWordWrap(False)  # a long subject is cut with "…", on one line
        self.setTabKeyNavigation(False)  # Tab leaves the list, as from a tree
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # Stripes painted here (_paint_stripes), not by Qt's table: theirs follow each
        # row's number, which a refresh that keeps the rows on screen changes.
        self.setAlternatingRowColors(False)
        self._stripe_phase = 0  # a row is striped when its number plus this is odd
        self._scrolling_in_place = False  # see keep_on_screen
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        rows = self.verticalHeader()
        rows.hide()
        # Every row as high as the mode wants (_fit_rows): no row's height is asked for.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setMinimumSectionSize(1)
        header = self.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setHighlightSections(False)  # a selected row does not make the titles bold
        header.setSectionsMovable(True)
        header.setFirstSectionMovable(False)
        self.setSortingEnabled(True)
        self.sortByColumn(WHEN, Qt.SortOrder.AscendingOrder)
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
        self._fit_rows()
        self._fit_due_column()
        self._typed, self._typed_at = "", float("-inf")  # type-ahead (keyboardSearch)
        self._only_below = False  # rows came or went below the last one on screen only
        self._layout_pending = False
        self._paint_again = QTimer(self)  # see paint_later
        self._paint_again.setSingleShot(True)
        self._paint_again.setTimerType(Qt.TimerType.PreciseTimer)
        self._paint_again.timeout.connect(partial(self.viewport().setUpdatesEnabled, True))
        model.rowsAboutToBeInserted.connect(self._rows_changing)
        model.rowsAboutToBeRemoved.connect(self._rows_changing)
        model.modelAboutToBeReset.connect(self._all_changing)
        model.keep_screen_with(self.keep_on_screen)

    # -- rows and columns ----------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_rows()
            self._fit_due_column()

    def _fit_due_column(self) -> None:
        """The SLA countdown whole, in bold, in the list's font: a fixed width cut it to
        "overdue 23h 5…" in a larger font."""
        needed = self._cell_size(LONGEST_DUE, bold=True).width()
        self.horizontalHeader().resizeSection(DUE, max(DEFAULT_WIDTHS[DUE], needed))

    def _fit_rows(self) -> None:
        """Every row as high as one line of text in a cell (or two, on two lines)."""
        if self.two_line:
            option = QStyleOptionViewItem()
            self.initViewItemOption(option)
            height = self.rows.row_height(option)
        else:
            height = self._cell_size("Ag").height()
        self.verticalHeader().setDefaultSectionSize(height)

    def _cell_size(self, text: str, *, bold: bool = False) -> QSize:
        """How large the style makes a one-line cell that shows ``text``."""
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        option.features |= QStyleOptionViewItem.ViewItemFeature.HasDisplay
        option.text = text
        if bold:
            font = QFont(option.font)
            font.setBold(True)
            option.font, option.fontMetrics = font, QFontMetrics(font)
        content = QStyle.ContentsType.CT_ItemViewItem
        return self.style().sizeFromContents(content, option, option.rect.size(), self)

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
        header = self.horizontalHeader()
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
        return self.horizontalHeader().sectionSize(column) or DEFAULT_WIDTHS.get(column, 0)

    def _scroll_bar_width(self) -> int:
        return self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)

    def _set_two_line(self, two_line: bool) -> None:
        with_owner = OWNER not in self._chosen_hidden
        if with_owner != self.rows.with_owner:
            self.rows.with_owner = with_owner
            self.viewport().update()
        if two_line == self.two_line:
            return
        header = self.horizontalHeader()
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
        self._fit_rows()  # the rows' height changes with the mode

    def show_owner(self, shown: bool) -> None:
        """A supervisor's list holds the team's visits: say whose each one is."""
        if shown == (OWNER in self._chosen_hidden):
            self._show_column(OWNER, shown)
            for action in self.horizontalHeader().actions():
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

    # -- rows coming and going -----------------------------------------------------------
    @Slot(QModelIndex, int, int)
    def _rows_changing(self, _parent: QModelIndex, first: int, _last: int) -> None:
        last_shown = self.rowAt(self.viewport().height() - 1)
        below = 0 <= last_shown < first
        self._only_below = below and (self._only_below or not self._layout_pending)
        self._layout_pending = True

    @Slot()
    def _all_changing(self) -> None:
        self._only_below, self._layout_pending = False, True

    def doItemsLayout(self) -> None:
        """After rows came or went only below the screen, what it shows stays as it
        was: the scroll bar is set again, nothing is repainted (a table repaints all
        its rows on screen after any insertion: 10-20 ms at 1280x800)."""
        only_below, self._only_below, self._layout_pending = self._only_below, False, False
        if only_below:
            self.updateGeometries()
            return
        super().doItemsLayout()

    def updateGeometries(self) -> None:
        offset = self.verticalHeader().offset()
        super().updateGeometries()
        if self.verticalHeader().offset() != offset:
            # Scrolled to the end, the last row sat on the bottom edge; with rows come
            # below it the first row sits on the top one: every row moved a little.
            self.viewport().update()

    def keep_on_screen(self, before: Sequence[object], after: Sequence[object]) -> OnScreen | None:
        """A refresh moved rows in place (the same visits in as many rows): the visits on
        screen stay where they were, and the model repaints only what changed there.

        A visit rescheduled from above the screen to a later day moves every row between
        its old and new place up by one.  Repainting them all in their new places is a
        full repaint of the list (7-13 ms at 1280x800) and makes the list jump under the
        technician's eyes; instead the list scrolls by as many rows without moving its
        pixels.  None: nothing on screen, or the rows there are no longer near.

        Rows on screen that moved by one (the visit left or arrived between them) are
        painted again, not slid there as pixels: each row's stripe goes with its place."""
        bar = self.verticalScrollBar()
        top = bar.value()  # scrolled per row: the first row on screen
        height = self.verticalHeader().defaultSectionSize()
        slots = min(ceil(self.viewport().height() / height), len(before) - top)
        if not self.isVisible() or slots <= 0 or len(after) != len(before):
            return None
        new_top = top_keeping_most(before[top : top + slots], after, top)
        if new_top is None or not 0 <= new_top <= bar.maximum():
            return None
        if new_top != top and top == 0:
            return None  # at the top of the list it stays there, the first day's heading shown
        if new_top != top and bar.maximum() in (top, new_top):
            # Scrolled to the end, the last row sits on the bottom edge rather than the
            # first on the top one: the rows would not stay where they are.
            return None
        if new_top != top:
            self._scroll_in_place(new_top)
            self._stripe_phase ^= (new_top - top) & 1  # each row keeps its stripe
        slots = min(slots, len(after) - new_top)
        return OnScreen(range(new_top, new_top + slots), before[top : top + slots])

    def _scroll_in_place(self, top: int) -> None:
        self._scrolling_in_place = True
        try:
            self.verticalScrollBar().setValue(top)
        finally:
            self._scrolling_in_place = False

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        if self._scrolling_in_place:
            # The rows moved under the pixels (keep_on_screen): only the rows' offset follows.
            self.verticalHeader().setOffsetToSectionPosition(self.verticalScrollBar().value())
            return
        super().scrollContentsBy(dx, dy)

    def dataChanged(
        self, top_left: Cursor, bottom_right: Cursor, /, roles: Sequence[int] = ()
    ) -> None:
        """Only the changed rows on screen are painted again: Qt repaints the whole list
        for a range of rows that lies wholly above or below the screen."""
        first = max(top_left.row(), self.rowAt(0))
        last = self.rowAt(self.viewport().height() - 1)
        last = bottom_right.row() if last < 0 else min(bottom_right.row(), last)
        if first > last:
            return
        model = self.visits
        top_left, bottom_right = (
            model.index(first, top_left.column()),
            model.index(last, bottom_right.column()),
        )
        super().dataChanged(top_left, bottom_right, list(roles))

    # -- keys and mouse ------------------------------------------------------------------
    def moveCursor(
        self,
        cursorAction: QAbstractItemView.CursorAction,  # noqa: N803 - Qt's name
        modifiers: Qt.KeyboardModifier,
    ) -> QModelIndex:
        index = self._tree_move(cursorAction, modifiers)
        if not index.isValid() or not self.visits.is_heading(index.row()):
            return index
        # A heading is followed by its day's first visit and preceded by the last
        # visit of the day before (if any).
        row = index.row()
        step = -1 if cursorAction in UPWARD and row > 0 else 1
        return self.visits.index(row + step, index.column())

    def _tree_move(
        self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        """The keys move from row to row as in a tree: Home and End to the first and
        last row (a table's go to the first and last column), Page Up and Down a
        screen's height, Left and Right scroll sideways (a table's move the current
        cell, which a row selection hides)."""
        current = self.currentIndex()
        if not current.isValid():
            return super().moveCursor(action, modifiers)
        if action in (Action.MoveLeft, Action.MoveRight):
            bar = self.horizontalScrollBar()
            step = bar.singleStep() if action == Action.MoveRight else -bar.singleStep()
            bar.setValue(bar.value() + step)
            return QModelIndex(current)
        if action == Action.MoveNext:
            action = Action.MoveDown
        elif action == Action.MovePrevious:
            action = Action.MoveUp
        elif action in (Action.MoveHome, Action.MoveEnd):
            last = self.visits.rowCount() - 1 if action == Action.MoveEnd else 0
            return self.visits.index(last, current.column())
        elif action in (Action.MovePageUp, Action.MovePageDown):
            # The row a screen above or below, or the first or last one.
            up = action == Action.MovePageUp
            page = -self.viewport().height() if up else self.viewport().height()
            row = self.rowAt(self.rowViewportPosition(current.row()) + page)
            row = row if row >= 0 else 0 if up else self.visits.rowCount() - 1
            return self.visits.index(row, current.column())
        moved = super().moveCursor(action, modifiers)
        return moved.siblingAtColumn(current.column()) if moved.isValid() else moved

    def keyboardSearch(self, search: str) -> None:
        """Type-ahead as in a tree: the same key pressed again goes on to the next row
        that starts with it (a table's search would look for the key twice, "11")."""
        if not self.visits.rowCount():
            return
        now = time.monotonic()
        current = self.currentIndex()
        fresh = not search or now - self._typed_at > QApplication.keyboardInputInterval() / 1000
        self._typed = search if fresh else self._typed + search
        self._typed_at = now
        same_key = len(self._typed) > 1 and self._typed.count(self._typed[-1]) == len(self._typed)
        start = current if current.isValid() else self.visits.index(0, 0)
        if (fresh and current.isValid()) or same_key:
            below = start.row() + 1 if start.row() + 1 < self.visits.rowCount() else 0
            start = self.visits.index(below, start.column())
        wanted = self._typed[0] if same_key else self._typed
        flags = Qt.MatchFlag.MatchStartsWith | Qt.MatchFlag.MatchWrap
        found = self.visits.match(start, Qt.ItemDataRole.DisplayRole, wanted, 1, flags)
        if found:
            self.setCurrentIndex(found[0])

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

    # -- painting ------------------------------------------------------------------------
    def paint_later(self, ms: int) -> None:
        """Paint nothing for ``ms``, then the whole list.

        A refresh that changed many rows has them repainted a turn of the event loop
        later (``VisitsModel``); when it also moves the selection, the selection's own
        repaint (its old and new row) would come first, and one frame would show the
        selected visit moved and its neighbours not yet."""
        self.viewport().setUpdatesEnabled(False)
        self._paint_again.start(ms)

    def paintEvent(self, event: QPaintEvent) -> None:
        """The cells as Qt paints them, then the day headings across their rows, the
        focus frame round the current row and, where the style wants them, stripes
        under the last row (as a tree paints them)."""
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        area = event.rect()
        self._paint_stripes(option, area)
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        first = self.rowAt(area.top())
        if first >= 0:
            last = self.rowAt(area.bottom())
            last = self.visits.rowCount() - 1 if last < 0 else last
            for row in range(first, last + 1):
                if self.visits.is_heading(row):
                    self._paint_heading(painter, option, row)
        self._paint_focus(painter, option, area)
        self._paint_empty_rows(painter, option, area.bottom())
        painter.end()

    def _row_rect(self, row: int) -> QRect:
        return QRect(0, self.rowViewportPosition(row), self.viewport().width(), self.rowHeight(row))

    def _paint_stripes(self, option: QStyleOptionViewItem, area: QRect) -> None:
        """Every other row's background, under the cells Qt paints over it."""
        first = self.rowAt(area.top())
        if first < 0:
            return
        last = self.rowAt(area.bottom())
        last = self.visits.rowCount() - 1 if last < 0 else last
        painter = QPainter(self.viewport())
        stripe = QStyleOptionViewItem(option)
        row_style = QStyle.PrimitiveElement.PE_PanelItemViewRow
        for row in range(first + (first + self._stripe_phase + 1) % 2, last + 1, 2):
            stripe.rect = self._row_rect(row)
            self._alternate(stripe, row)
            self.style().drawPrimitive(row_style, stripe, painter, self)
        painter.end()

    def _alternate(self, option: QStyleOptionViewItem, row: int) -> None:
        alternate = (row + self._stripe_phase) % 2 == 1
        option.features &= ~QStyleOptionViewItem.ViewItemFeature.Alternate
        if alternate:
            option.features |= QStyleOptionViewItem.ViewItemFeature.Alternate

    def _paint_heading(self, painter: QPainter, option: QStyleOptionViewItem, row: int) -> None:
        """A day heading: one cell across the row, over the cells Qt painted there.

        Painted here rather than with setSpan: after every reset (every keystroke in
        the filter) each heading would have to be spanned again."""
        heading = self.visits.index(row, WHEN)
        cell = QStyleOptionViewItem(option)
        cell.rect = self._row_rect(row)
        viewport = self.viewport()
        _fill(painter, cell.rect, viewport.palette().color(viewport.backgroundRole()))
        self._alternate(cell, row)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewRow, cell, painter, self)
        self.itemDelegateForIndex(heading).paint(painter, cell, heading)

    def _paint_focus(self, painter: QPainter, option: QStyleOptionViewItem, area: QRect) -> None:
        """The focus frame round the whole current row, as a tree draws it.

        A table frames the current cell: that row's cells are painted again here
        without it (fewer than ten cells; a delegate of ours painting every cell
        would cost a few milliseconds per repaint)."""
        current = self.currentIndex()
        if not (current.isValid() and (self.hasFocus() or self.viewport().hasFocus())):
            return
        row = current.row()
        if not self._row_rect(row).intersects(area):
            return
        if not self.visits.is_heading(row):
            self._paint_cells(painter, option, row)
        if not self.hasFocus():
            return
        # A ring that shows (focus_ring.py): Fusion's faint frame was lost on the selection.
        header = self.horizontalHeader()
        top = self.rowViewportPosition(row)
        paint_focus_ring(
            painter,
            QRect(-header.offset(), top, header.length(), self.rowHeight(row)),
            ring_colour(option.palette),
        )

    def _paint_cells(self, painter: QPainter, option: QStyleOptionViewItem, row: int) -> None:
        """A row's cells as the table paints them, but none framed as the current one."""
        viewport = self.viewport()
        background = viewport.palette().color(viewport.backgroundRole())
        selection = self.selectionModel()
        cell = QStyleOptionViewItem(option)
        self._alternate(cell, row)
        cell.palette.setCurrentColorGroup(QPalette.ColorGroup.Normal)
        header = self.horizontalHeader()
        top, height = self.rowViewportPosition(row), self.rowHeight(row)
        for column in range(header.count()):
            if header.isSectionHidden(column):
                continue
            index = self.visits.index(row, column)
            cell.rect = QRect(
                self.columnViewportPosition(column), top, header.sectionSize(column), height
            )
            cell.state = option.state
            if selection.isSelected(index):
                cell.state |= QStyle.StateFlag.State_Selected
            _fill(painter, cell.rect, background)
            self.style().drawPrimitive(
                QStyle.PrimitiveElement.PE_PanelItemViewRow, cell, painter, self
            )
            self.itemDelegateForIndex(index).paint(painter, cell, index)

    def _paint_empty_rows(
        self, painter: QPainter, option: QStyleOptionViewItem, bottom: int
    ) -> None:
        """Alternating stripes below the last row, in the styles that want them (macOS)."""
        empty_area = QStyle.StyleHint.SH_ItemView_PaintAlternatingRowColorsForEmptyArea
        if not self.style().styleHint(empty_area, option, self):
            return
        rows = self.visits.rowCount()
        height = self.verticalHeader().defaultSectionSize()
        row = rows
        top = self.rowViewportPosition(rows - 1) + height if rows else 0
        stripe = QStyleOptionViewItem(option)
        while top <= bottom:
            stripe.rect = QRect(0, top, self.viewport().width(), height)
            self._alternate(stripe, row)
            self.style().drawPrimitive(
                QStyle.PrimitiveElement.PE_PanelItemViewRow, stripe, painter, self
            )
            top += height
            row += 1


def _fill(painter: QPainter, area: QRect, colour: QColor) -> None:
    """``painter.fillRect`` without that call: choosing among its overloads makes
    PySide6 build QGradient's 170 presets at the list's first paint (~2 ms of a start)."""
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawRect(area)
    painter.restore()
