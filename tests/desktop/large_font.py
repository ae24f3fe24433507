"""The application's font made large (15 pt, as a low-vision user sets it) for a test."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLabel, QWidget

LARGE_POINTS = 15.0


@contextmanager
def large_app_font(points: float = LARGE_POINTS) -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    usual = app.font()
    font = QFont(usual)
    font.setPointSizeF(points)
    app.setFont(font)
    try:
        yield
    finally:
        app.setFont(usual)


def cut_short(widget: QWidget) -> bool:
    """Whether less of widget shows than its text needs: narrower than its one line, or
    (a wrapped label) lower than its lines, or partly hidden by what it lies in."""
    shown = widget.visibleRegion().boundingRect()
    if isinstance(widget, QLabel) and widget.wordWrap():
        lines = widget.heightForWidth(widget.width())
        return shown.width() < widget.width() or shown.height() < lines
    needed = widget.sizeHint()
    return shown.width() < needed.width() or shown.height() < needed.height()
