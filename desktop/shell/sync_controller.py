"""Runs syncs off the GUI thread: a worker on a QThread, owned by this controller.

The worker opens its own Session (its own SQLite connection: connections
belong to one thread) and reports through queued signals.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, Signal, Slot

from sync.profile import Profile

if TYPE_CHECKING:
    from sync.engine import Progress, SyncReport


class SyncWorker(QObject):
    progressed = Signal(str, int, int, str)  # phase, done, total, the line to show
    finished = Signal(object)  # SyncReport
    failed = Signal(str)  # a message for the user

    def __init__(
        self, profile: Profile, cancel: threading.Event, *, for_the_road: bool = False
    ) -> None:
        super().__init__()
        self.profile = profile
        self.cancel = cancel
        self.for_the_road = for_the_road

    @Slot()
    def run(self) -> None:
        # Imported on the worker thread: the HTTP stack, the engine and the errors it may
        # raise are not needed for the first window.
        from desktop.common.user_errors import describe, known_errors  # noqa: PLC0415
        from sync.replica import failure_message  # noqa: PLC0415
        from sync.session import Session  # noqa: PLC0415
        from sync.store.driver import sqlite3  # noqa: PLC0415

        try:
            session = Session(self.profile)
            try:
                report = session.sync(
                    progress=self._report, cancel=self.cancel, for_the_road=self.for_the_road
                )
            finally:
                session.close()
        except known_errors() as error:
            self.failed.emit(describe(error) or type(error).__name__)
            return
        except sqlite3.DatabaseError as error:  # the replica's file or disk failed mid-run
            said = failure_message(self.profile, error)
            if said is None:
                self._broke()
                raise
            self.failed.emit(said)
            return
        except Exception:
            self._broke()
            raise  # a bug: to the crash handler, which shows its report
        self.finished.emit(report)

    def _broke(self) -> None:
        """The run ends on a bug: the window must still hear that it ended, or it shows
        "Syncing…" and starts no other sync until it is closed."""
        self.failed.emit(
            "The sync stopped on an unexpected error (a bug, reported). What was saved is "
            "safe on this laptop; the next sync tries again."
        )

    def _report(self, progress: Progress) -> None:
        self.progressed.emit(progress.phase, progress.done, progress.total, progress.line())


class SyncController(QObject):
    """Starts syncs, one at a time, and relays what happens to the window."""

    started = Signal()
    progressed = Signal(str, int, int, str)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, profile: Profile, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.profile = profile
        self._thread: QThread | None = None
        self._worker: SyncWorker | None = None
        self._cancel = threading.Event()

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self, *, for_the_road: bool = False) -> bool:
        """Start a sync unless one runs; for_the_road also fetches big attachments."""
        if self.running:
            return False
        self._cancel = threading.Event()
        thread = QThread()
        worker = SyncWorker(self.profile, self._cancel, for_the_road=for_the_road)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progressed.connect(self.progressed)
        worker.finished.connect(self._on_finished)
        worker.failed.connect(self._on_failed)
        self._thread, self._worker = thread, worker
        thread.start()
        self.started.emit()
        return True

    def cancel(self) -> None:
        self._cancel.set()

    def shutdown(self) -> None:
        """Cancel a running sync and wait for its thread (closing the window)."""
        self._cancel.set()
        self._stop_thread()

    @Slot(object)
    def _on_finished(self, report: SyncReport) -> None:
        self._stop_thread()
        self.finished.emit(report)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._stop_thread()
        self.failed.emit(message)

    def _stop_thread(self) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            self._thread = None
            self._worker = None
