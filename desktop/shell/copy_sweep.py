"""The window sweeps the decrypted copies of opened files every few minutes.

A copy goes an hour after it was last opened (``sync.open_copies``), but a sweep ran
only when another file was opened or a visit left the laptop: a window left open all
day kept every report opened that morning in plaintext.  The sweep looks at each
copy's stored file and removes folders, so it runs off the GUI thread.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, QTimer, Slot

from sync.open_copies import OpenCopies, process_copies

log = logging.getLogger("fielddesk.copies")  # into the profile's log (sync.logs)

SWEEP_EVERY_MS = 5 * 60_000  # a copy outlives its hour by at most this


class CopySweeper(QObject):
    """Sweeps ``copies`` (the process's) on a timer, one sweep at a time."""

    def __init__(
        self,
        copies: OpenCopies | None = None,
        every_ms: int | None = None,  # SWEEP_EVERY_MS
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.copies = copies or process_copies()
        self._sweeping: threading.Thread | None = None
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.sweep_now)
        self._timer.start(every_ms or SWEEP_EVERY_MS)

    def stop(self) -> None:
        """The window closed: its copies are all removed next (``run_gui``)."""
        self._timer.stop()

    @Slot()
    def sweep_now(self) -> threading.Thread | None:
        """Start a sweep on its own thread (None: the last one still runs)."""
        if self._sweeping is not None and self._sweeping.is_alive():
            return None
        self._sweeping = threading.Thread(target=self._sweep, name="copy-sweep", daemon=True)
        self._sweeping.start()
        return self._sweeping

    def _sweep(self) -> None:
        try:
            self.copies.sweep()
        except OSError as error:  # a copy's folder unreadable: tried again next time
            log.warning("opened files' copies could not be swept: %s", error)
