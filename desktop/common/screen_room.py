"""Dialogs sized for their work, but never larger than the screen they open on.

A 1024×640 laptop screen has ~600 px of height once its panel is taken: the
service report at 700 px put "Save signed report" below the screen's edge.
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

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
