"""Run something once the window's first frame is on screen (the start-up sync, the network watch).

Work started in the window's constructor competes with its first paint: the
sync worker's imports hold the interpreter's lock, the OS network backend loads
a Qt module.  Neither is needed to show the visits, so they start just after the
first paint (the network watch after the start-up sync, when there is one:
``AutoSync.start``); a window that is not shown (tests, a profile opened for a check) or
never painted (started minimised) gets them anyway, at once or after a short wait.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

LATEST_MS = 2000  # a shown window that paints nothing (minimised) waits no longer


class _FirstPaint(QObject):
    def __init__(self, window: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(window)
        self.window = window
        self.callback: Callable[[], None] | None = callback
        window.installEventFilter(self)
        QTimer.singleShot(0, self._unless_shown)
        QTimer.singleShot(LATEST_MS, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Paint:
            self.window.removeEventFilter(self)
            QTimer.singleShot(0, self._run)  # after this paint pass and its flush
        return False

    def _unless_shown(self) -> None:
        if not self.window.isVisible():
            self._run()

    def _run(self) -> None:
        callback, self.callback = self.callback, None
        if callback is not None:
            self.window.removeEventFilter(self)
            callback()


def after_first_paint(window: QWidget, callback: Callable[[], None]) -> None:
    """Call callback once, just after window's first paint (see the module docstring)."""
    _FirstPaint(window, callback)
