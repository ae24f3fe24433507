"""A place for a page built after the window was laid out: taller content scrolls.

A visit tab or a rail screen is built on first use.  Put straight into the
window, a page taller than what the window had raised the window's minimum
height, and Qt grew the window to it (off a 1280×800 screen at 150 %), never to
shrink back.  In this place the page fills the height it is given and scrolls
when it is given less than it needs; its minimum width still counts, so nothing
is cut at the side of a window that is wide enough.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


class TallContent(QScrollArea):
    """Holds one page; asks the window for its width, not its height."""

    def __init__(self, page: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setWidget(page)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no tab stop of its own: the page's fields are
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

    def minimumSizeHint(self) -> QSize:
        page = self.widget()
        least = super().minimumSizeHint()
        if page is None:
            return least
        # The page's own minimum width (as if it were placed directly), any height.
        return QSize(max(least.width(), page.minimumSizeHint().width()), least.height())
