"""Run a blocking job (network, big files) off the GUI thread.

``BackgroundTasks.start(job)`` runs ``job()`` on Qt's thread pool and
returns a ``Task`` whose ``succeeded(result)`` or ``failed(error)`` signal
arrives on the GUI thread.  Jobs must not touch widgets, and must open
their own SQLite connection (connections belong to one thread).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class Task(QObject):
    succeeded = Signal(object)
    failed = Signal(object)  # the exception; known ones become messages, others are bugs
    ended = Signal()


class _Runnable(QRunnable):
    def __init__(self, job: Callable[[], Any], task: Task) -> None:
        super().__init__()
        self.job = job
        self.task = task

    def run(self) -> None:
        try:
            result = self.job()
        except Exception as error:  # noqa: BLE001 - handed to the GUI thread to judge
            self.task.failed.emit(error)
        else:
            self.task.succeeded.emit(result)
        self.task.ended.emit()


class BackgroundTasks(QObject):
    """Owns the running tasks so none is collected mid-flight; waits for them on shutdown."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self._running: set[Task] = set()

    def start(
        self,
        job: Callable[[], Any],
        *,
        succeeded: Callable[[Any], None] | None = None,
        failed: Callable[[Any], None] | None = None,
    ) -> Task:
        """Start ``job``; ``succeeded``/``failed`` are connected before it can end.

        A quick job can end before the caller connects to the returned task (a
        signal emitted with no receiver is lost): pass the slots here for such jobs.
        """
        task = Task()  # lives on the GUI thread: its signals are delivered there
        self._running.add(task)
        task.ended.connect(self._forget)
        if succeeded is not None:
            task.succeeded.connect(succeeded)
        if failed is not None:
            task.failed.connect(failed)
        self.pool.start(_Runnable(job, task))
        return task

    @property
    def busy(self) -> bool:
        return bool(self._running)

    @Slot()
    def _forget(self) -> None:
        sender = self.sender()
        if isinstance(sender, Task):
            self._running.discard(sender)

    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        return self.pool.waitForDone(timeout_ms)
