"""Where the main window opens: where the technician left it, or sized to the screen.

The first start opens at 1280×800 where the screen has room for it, and maximised
where it has not: a 1366×768 laptop (or a 1920×1080 one at 150 %) has less than
800 px of height, and a window taller than the screen hides its status line and
its last rows below the edge.  Closing the window keeps its size, place and
maximised state in the profile's replica, so the next start opens as it was left;
a place on a screen that is gone (the office monitor) is brought back onto one
by Qt's ``restoreGeometry``.
"""

from __future__ import annotations

import base64
import binascii
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QGuiApplication

from desktop.common.screen_room import FRAME_ROOM
from sync.store.database import StoreError
from sync.store.settings import get_setting, set_setting

if TYPE_CHECKING:
    import sqlite_utils
    from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

WINDOW_PLACE_SETTING = "window.place"  # QWidget.saveGeometry, base64
FIRST_SIZE = QSize(1280, 800)


def place_window(window: QWidget, db: sqlite_utils.Database) -> None:
    """Before the first show: the place saved at the last close, or a first size."""
    if not _restore(window, get_setting(db, WINDOW_PLACE_SETTING)):
        _first_size(window)


def keep_window_place(window: QWidget, db: sqlite_utils.Database) -> None:
    """At close: keep the window's place for the next start (a failed write only logged:
    the place is a convenience, never worth a message at close)."""
    place = base64.b64encode(bytes(window.saveGeometry().data())).decode("ascii")
    try:
        set_setting(db, WINDOW_PLACE_SETTING, place)
    except StoreError as error:
        log.warning("window place not kept: %s", error)


def size_for_picture(window: QWidget, size: QSize = FIRST_SIZE) -> None:
    """The window at ``size``, whatever the screen (a screenshot, drawn offscreen whose
    800×800 screen it would otherwise fill)."""
    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMaximized)
    window.resize(size)


def _restore(window: QWidget, saved: str | None) -> bool:
    if not saved:
        return False
    try:
        geometry = base64.b64decode(saved, validate=True)
    except (binascii.Error, ValueError):
        return False
    return window.restoreGeometry(QByteArray(geometry))


def _first_size(window: QWidget) -> None:
    screen = QGuiApplication.primaryScreen()
    room = screen.availableGeometry() if screen is not None else None
    if room is None or (
        room.width() >= FIRST_SIZE.width() + FRAME_ROOM // 2
        and room.height() >= FIRST_SIZE.height() + FRAME_ROOM
    ):
        window.resize(FIRST_SIZE)
        return
    # Smaller than the first size: all of the screen, its title bar and frame included.
    window.resize(
        max(window.minimumWidth(), min(FIRST_SIZE.width(), room.width() - FRAME_ROOM // 2)),
        max(window.minimumHeight(), min(FIRST_SIZE.height(), room.height() - FRAME_ROOM)),
    )
    window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
