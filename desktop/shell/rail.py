"""The rail of screens down the window's left side, and the screen on show beside it.

Icons over short labels: a narrow rail leaves the width to the visits.  A
screen's count ("Outbox (2)") is part of its label.  Only the screen on show
re-reads the replica; the others do when they are shown.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QSize, Qt, Slot
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QStackedWidget, QWidget

from desktop.common.focus_ring import FocusRingDelegate
from desktop.common.icons import icon

ICON_NAME_ROLE = Qt.ItemDataRole.UserRole + 1
NAV_WIDTH = 96


class Page(NamedTuple):
    key: str
    title: str
    widget: QWidget
    item: QListWidgetItem


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
        self.nav.setIconSize(QSize(26, 26))
        self.nav.setGridSize(QSize(NAV_WIDTH - 8, 68))  # big enough to hit with gloves on
        self.nav.setFixedWidth(NAV_WIDTH)
        self.nav.setUniformItemSizes(True)
        # A screen too low for every screen's item (a 1366×768 laptop at 150 %) scrolls
        # the rail: it widens by its scroll bar then, rather than cutting the labels and
        # adding a sideways bar under them.
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.verticalScrollBar().rangeChanged.connect(self._fit_scroll_bar)
        self.nav.setItemDelegate(FocusRingDelegate(self.nav))  # where the focus is, visibly
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

    def refresh_current(self) -> None:
        self._refresh(self.stack.currentWidget())

    def retint(self) -> None:
        """Draw the screens' icons again (the colour scheme changed)."""
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            item.setIcon(icon(str(item.data(ICON_NAME_ROLE))))

    @Slot(int, int)
    def _fit_scroll_bar(self, _minimum: int, maximum: int) -> None:
        bar = self.nav.verticalScrollBar()
        self.nav.setFixedWidth(NAV_WIDTH + (bar.sizeHint().width() if maximum > 0 else 0))

    @Slot(int)
    def _page_shown(self, index: int) -> None:
        self._refresh(self.stack.widget(index))

    @staticmethod
    def _refresh(widget: QWidget | None) -> None:
        refresh = getattr(widget, "refresh", None)
        if refresh is not None:
            refresh()
