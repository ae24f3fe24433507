"""Dialogs sized for their work, but never larger than the screen they open on.

A 1024×640 laptop screen has ~600 px of height once its panel is taken: the
service report at 700 px put "Save signed report" below the screen's edge.  A
1366×768 laptop at 150 % has even less (~512 px): a dialog whose fields need more
puts them in a scroll area (``scroll_rows``), its buttons outside it, on the screen.
It scrolls up and down only, and is as wide as its rows need: at a large font (15 pt)
a choice's text wider than the dialog was cut at its right edge.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QBoxLayout, QScrollArea, QVBoxLayout, QWidget

FRAME_ROOM = 40  # the window's title bar and frame, which the size does not include


def resize_within_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize to width × height, or to the room the screen has, whichever is smaller."""
    anchor = widget.parentWidget() or widget
    screen = anchor.screen() or QGuiApplication.primaryScreen()
    room = screen.availableGeometry() if screen is not None else None
    if room is not None:
        width = min(width, room.width() - FRAME_ROOM // 2)
        height = min(height, room.height() - FRAME_ROOM)
    widget.resize(max(width, widget.minimumWidth()), max(height, widget.minimumHeight()))


def grow_to_its_text(widget: QWidget) -> None:
    """Taller, within the screen, when what its labels say now wraps onto more lines
    than it has room for: a word-wrapped label shown or lengthened after the window
    opened does not raise the window's height, and was drawn over the rows below it."""
    layout = widget.layout()
    if not widget.isVisible() or layout is None:
        return
    needed = layout.totalHeightForWidth(widget.width())
    if needed > widget.height():
        resize_within_screen(widget, widget.width(), needed)


class _Rows(QWidget):
    """Rows that shrink to their minimum before they scroll.  A scroll area gives rows
    whose layout wraps text the height they prefer (``heightForWidth``): a text box kept
    its preferred height and a field below it was scrolled away while it could shrink."""

    def heightForWidth(self, width: int) -> int:
        layout = self.layout()
        return layout.minimumHeightForWidth(width) if layout is not None else -1


class _RowsArea(QScrollArea):
    """Scrolls up and down, never sideways: never narrower than its rows' least width,
    so a window holding it grows to show them whole (a radio button cannot wrap)."""

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        rows = self.widget()
        if rows is None:
            return hint
        # Room for the vertical bar too: the rows keep their width when they scroll.
        sides = 2 * self.frameWidth() + self.verticalScrollBar().sizeHint().width()
        return QSize(max(hint.width(), rows.minimumSizeHint().width() + sides), hint.height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Rows shown later (the close-out of Resolved) may need more width: asked again.
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(watched, event)


def scroll_rows(layout: QBoxLayout) -> tuple[QScrollArea, QVBoxLayout]:
    """A scroll area added to ``layout``, and the rows inside it: on a screen lower than
    the rows need they scroll, and what is outside it (a dialog's Cancel and Save) stays
    on the screen; with room to spare, the rows' stretches share it."""
    content = _Rows()
    rows = QVBoxLayout(content)
    rows.setContentsMargins(0, 0, 0, 0)
    area = _RowsArea()
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    # Tab goes to the fields inside, not to the area itself (a stop with no name).
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    layout.addWidget(area)
    return area, rows
