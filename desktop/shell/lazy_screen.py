"""A screen on the rail (or a part of one) that is built the first time it is needed.

The window's first paint waits only for the screen it shows (the visit list):
the knowledge base, outbox, conflicts, ready-for-the-road and equipment screens
are made -- and their modules imported -- when the technician opens one, or when
the window needs it (a KB link in a visit opens the KB; F1 lists every screen's
keys).  The rail, its Ctrl+<n> keys and the View menu are the same from the start.
The visit panel beside the list stands in one too, made just after the first paint.
A screen built later scrolls when it is taller than the window (``TallContent``):
building it never grows the window.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop.common.tall_content import TallContent


class LazyScreen(QWidget):
    """Stands on the rail for a screen; ``content`` builds it (once) inside itself."""

    def __init__(
        self, build: Callable[[], QWidget], parent: QWidget | None = None, *, scrolls: bool = True
    ) -> None:
        """``scrolls=False``: the screen's own minimum height holds the window (the visit
        panel, built just after the first paint, sets the window's least height)."""
        super().__init__(parent)
        self._build = build
        self._screen: QWidget | None = None
        self._scrolls = scrolls
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def content(self) -> QWidget:
        if self._screen is None:
            screen = self._build()
            # The scroll area too is made with the screen: none at the window's start.
            place = TallContent(screen) if self._scrolls else screen
            self._layout.addWidget(place)
            screen.show()  # at once if this stand-in shows, else with it
            place.show()
            self._screen = screen
        return self._screen

    @property
    def built(self) -> QWidget | None:
        """The screen if it was built, without building it."""
        return self._screen

    def focus_first(self) -> None:
        """The screen's first field takes the focus (its ``focus_first``), built if need be."""
        focus_first = getattr(self.content, "focus_first", None)
        if focus_first is not None:
            focus_first()

    def refresh(self) -> None:
        """The rail shows this screen: build it if need be, then let it re-read the replica."""
        refresh = getattr(self.content, "refresh", None)
        if refresh is not None:
            refresh()
