"""The rail of screens down the window's left side, and the screen on show beside it.

Icons over short labels: a narrow rail leaves the width to the visits.  A
screen's count ("Outbox (2)") is part of its label.  A larger font (15 pt, for low
vision) widens the rail to its widest label in two lines, count included.  Only the
screen on show re-reads the replica; the others do when they are shown.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QSize, Qt, Slot
from PySide6.QtGui import QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QStyle,
    QStyleOptionViewItem,
    QWidget,
)

from desktop.common.focus_ring import FocusRingDelegate
from desktop.common.icons import icon, icon_in

ICON_NAME_ROLE = Qt.ItemDataRole.UserRole + 1
NAV_WIDTH = 96  # at the usual font; a larger one widens it (``_fit_labels``)
RAIL_MARGIN = 8  # the rail's width beyond its items'
GRID = QSize(NAV_WIDTH - RAIL_MARGIN, 68)  # big enough to hit with gloves on
ICON_SIZE = 26
# What an item needs besides its label's lines: the icon and the gap under it, and the
# room the usual grid leaves below two lines (5 px); the text's margins either side and
# a pixel the wrapped layout may take (8).
ICON_ROOM = ICON_SIZE + 3
LABEL_SPARE = 5
TEXT_ROOM = 8


class Page(NamedTuple):
    key: str
    title: str
    widget: QWidget
    item: QListWidgetItem


class RailDelegate(FocusRingDelegate):
    """The screen on show highlighted whole, its icon with its label, the icon in the
    highlighted text's colour: Fusion highlights only an icon view's label, and the
    selected label looked like a band under the icon of the screen below it."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        if not option.state & QStyle.StateFlag.State_Selected:
            return
        option.showDecorationSelected = True
        name = index.data(ICON_NAME_ROLE)
        if name:
            chosen = option.palette.color(QPalette.ColorRole.HighlightedText)
            option.icon = icon_in(str(name), chosen)


class ScreenRail(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.nav = QListWidget()
        self.nav.setAccessibleName(self.tr("Screens"))
        self.nav.setViewMode(QListWidget.ViewMode.IconMode)
        self.nav.setFlow(QListWidget.Flow.TopToBottom)
        self.nav.setMovement(QListWidget.Movement.Static)
        self.nav.setWrapping(False)
        self.nav.setWordWrap(True)
        self.nav.setIconSize(QSize(ICON_SIZE, ICON_SIZE))
        self.nav.setGridSize(GRID)
        self.nav.setFixedWidth(NAV_WIDTH)
        self.nav.setUniformItemSizes(True)
        # A screen too low for every screen's item (a 1366×768 laptop at 150 %) scrolls
        # the rail: it widens by its scroll bar then, rather than cutting the labels and
        # adding a sideways bar under them.
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.verticalScrollBar().rangeChanged.connect(self._fit_scroll_bar)
        self.nav.setItemDelegate(RailDelegate(self.nav))  # where the focus is, visibly
        self.stack = QStackedWidget()
        self.pages: dict[str, Page] = {}
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.stack.currentChanged.connect(self._page_shown)
        side_by_side = QHBoxLayout(self)
        side_by_side.setContentsMargins(0, 0, 0, 0)
        side_by_side.addWidget(self.nav)
        side_by_side.addWidget(self.stack, 1)

    def add(self, key: str, title: str, icon_name: str, widget: QWidget) -> Page:
        """A screen on the rail; its number (for Ctrl+<number>) is its place."""
        number = len(self.pages) + 1
        item = QListWidgetItem(icon(icon_name), title)
        item.setData(ICON_NAME_ROLE, icon_name)
        # Every item the grid's size, also one added while the window shows
        # (Dispatch, once a sync finds a supervisor): the view would lay a
        # late item out in one elided line ("Knowl...").
        item.setSizeHint(self.nav.gridSize())
        item.setToolTip(self.tr("{title} (Ctrl+{n})").format(title=title, n=number))
        self.nav.addItem(item)
        self._fit_labels()
        self.stack.addWidget(widget)
        page = Page(key, title, widget, item)
        self.pages[key] = page
        return page

    def show_page(self, key: str) -> None:
        self.nav.setCurrentRow(list(self.pages).index(key))

    def focus_page(self) -> None:
        """The screen on show takes the focus where its work starts (its ``focus_first``:
        the visit list, the KB's search box…), so its keys and arrows work at once."""
        focus_first = getattr(self.stack.currentWidget(), "focus_first", None)
        if focus_first is not None:
            focus_first()

    def current_page(self) -> str:
        return list(self.pages)[self.nav.currentRow()]

    def set_badge(self, key: str, count: int) -> None:
        page = self.pages.get(key)
        if page is not None:
            page.item.setText(f"{page.title} ({count})" if count else page.title)
            self._fit_labels()

    def refresh_current(self) -> None:
        self._refresh(self.stack.currentWidget())

    def retint(self) -> None:
        """Draw the screens' icons again (the colour scheme changed)."""
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            item.setIcon(icon(str(item.data(ICON_NAME_ROLE))))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_labels()

    def _fit_labels(self) -> None:
        """Every item the size its label needs whole, in two lines at most: "Outbox (2)"
        at 15 pt was "Outbo…", its count gone.  Never smaller than the usual grid."""
        metrics = self.nav.fontMetrics()
        labels = (self.nav.item(row).text() for row in range(self.nav.count()))
        text_width = max((_two_lines_width(metrics, label) for label in labels), default=0)
        grid = QSize(
            max(GRID.width(), text_width + TEXT_ROOM),
            max(GRID.height(), ICON_ROOM + 2 * metrics.lineSpacing() + LABEL_SPARE),
        )
        if grid == self.nav.gridSize():
            return
        self.nav.setGridSize(grid)
        for row in range(self.nav.count()):
            self.nav.item(row).setSizeHint(grid)
        self._fit_scroll_bar(0, self.nav.verticalScrollBar().maximum())

    @Slot(int, int)
    def _fit_scroll_bar(self, _minimum: int, maximum: int) -> None:
        bar = self.nav.verticalScrollBar()
        width = self.nav.gridSize().width() + RAIL_MARGIN
        self.nav.setFixedWidth(width + (bar.sizeHint().width() if maximum > 0 else 0))

    @Slot(int)
    def _page_shown(self, index: int) -> None:
        self._refresh(self.stack.widget(index))

    @staticmethod
    def _refresh(widget: QWidget | None) -> None:
        refresh = getattr(widget, "refresh", None)
        if refresh is not None:
            refresh()


def _two_lines_width(metrics: QFontMetrics, label: str) -> int:
    """The least width that shows label in two lines at most: the longer line where
    it splits best between words ("Ready for / the road"), or its one line."""
    words = label.split()
    return min(
        (
            max(
                metrics.horizontalAdvance(" ".join(words[:cut])),
                metrics.horizontalAdvance(" ".join(words[cut:])),
            )
            for cut in range(len(words) + 1)
        ),
        default=0,
    )
