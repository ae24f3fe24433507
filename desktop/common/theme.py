"""Colours that mean something (overdue, online, headings), for light and dark schemes.

Qt follows the OS colour scheme for the palette; these few accent colours
are picked to stay readable on either background.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette

LIGHT = {"overdue": "#c62828", "ok": "#2e7d32", "warn": "#b26a00", "heading": "#1565c0"}
DARK = {"overdue": "#ef6c6c", "ok": "#81c784", "warn": "#ffb74d", "heading": "#90caf9"}


def is_dark() -> bool:
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def colour(name: str) -> QColor:
    return QColor((DARK if is_dark() else LIGHT)[name])
