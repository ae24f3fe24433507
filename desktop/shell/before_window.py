"""Long work before the main window opens (a salvage, an update of the replica), run on a
worker thread behind a busy progress window.

The app's event loop is not running yet: a local loop keeps the progress painted and
the desktop from calling the app frozen.  The progress shows only if the work takes
more than a moment, so a quick update opens the window with no flash.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

T = TypeVar("T")

SHOWN_AFTER_MS = 300


def wait_behind_progress(text: str, work: Callable[[], T], parent: QWidget | None) -> T:
    """work's result (or its error), with text in a progress window while it runs; no
    cancel: half a salvage or half an update helps no one."""
    progress = QProgressDialog(text, "", 0, 0, parent)
    progress.setWindowTitle("FieldDesk")
    progress.setCancelButton(None)
    progress.setMinimumDuration(SHOWN_AFTER_MS)
    progress.setValue(0)  # starts the wait after which it shows (busy: no value to show)
    with ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(work)
        loop = QEventLoop()
        poll = QTimer(interval=30)
        poll.timeout.connect(lambda: loop.quit() if future.done() else None)
        poll.start()
        if not future.done():
            loop.exec()
        poll.stop()
    progress.close()
    return future.result()
