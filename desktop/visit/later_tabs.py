"""The visit panel's tabs behind the conversation, made when first opened.

Equipment, files, related visits and checklists are ~20 ms of widgets; the panel
is made just after the window's first paint and opens on the conversation, so
each of these is made when its tab is first shown (a click, its Alt key, an
action that opens it) or the panel needs it.  A tab made late is filled with the
visit shown at that moment (``fill``); the tab bar and its titles are the same
from the start.  A tab made late scrolls when it is taller than the panel (see
``TallContent``): opening it never grows the window.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from desktop.common.tall_content import TallContent


class LaterTabs(QObject):
    def __init__(self, tabs: QTabWidget, fill: Callable[[int, QWidget], None]) -> None:
        """``fill(index, widget)``: show the current visit in a tab just made."""
        super().__init__(tabs)
        self.tabs = tabs
        self._fill = fill
        self._makers: dict[int, Callable[[], QWidget]] = {}
        self._places: dict[int, QVBoxLayout] = {}  # where each tab's widget goes
        self._made: dict[int, QWidget] = {}
        tabs.currentChanged.connect(self._shown)

    def add(self, title: str, make: Callable[[], QWidget]) -> int:
        """A tab whose widget ``make`` makes when it is first needed; its index."""
        place = QWidget()
        layout = QVBoxLayout(place)
        layout.setContentsMargins(0, 0, 0, 0)
        index = self.tabs.addTab(place, title)
        self._makers[index] = make
        self._places[index] = layout
        return index

    def widget(self, index: int) -> QWidget:
        """The tab's widget, made (and filled) now if it was not yet."""
        made = self._made.get(index)
        if made is None:
            made = self._makers[index]()
            place = TallContent(made)
            self._places[index].addWidget(place)
            made.show()  # at once if its tab shows, else with it
            place.show()
            self._made[index] = made
            self._fill(index, made)
        return made

    def make_all(self) -> None:
        """Every tab made now (F1 lists the keys of their buttons)."""
        for index in self._makers:
            self.widget(index)

    def made(self) -> dict[int, QWidget]:
        """The tabs made so far, by index."""
        return dict(self._made)

    @Slot(int)
    def _shown(self, index: int) -> None:
        if index in self._makers:
            self.widget(index)
