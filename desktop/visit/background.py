"""Slow work of the visit panel (file copies, downloads) on a worker thread.

A job is a plain callable run on the worker; its result comes back to the
GUI thread through a queued signal, where the caller's continuation runs.
Known errors become a message; anything else is a bug and is raised again on
the GUI thread (the crash handler shows it).  The thread runs only while
jobs are pending, so an idle panel holds no thread.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from desktop.common.messages import MessageBridge
from desktop.common.user_errors import describe, known_errors

Task = Callable[[], Any]
Done = Callable[[Any], None]
Failed = Callable[[str], None]


class _Worker(QObject):
    finished = Signal(int, object)  # job id, result
    failed = Signal(int, object)  # job id, exception

    @Slot(int, object)
    def run(self, job_id: int, task: Task) -> None:
        try:
            result = task()
        except BaseException as error:  # noqa: BLE001 - handed to the GUI thread to sort
            self.failed.emit(job_id, error)
            return
        self.finished.emit(job_id, result)


class Background(QObject):
    """Runs jobs one after another on a worker thread owned by this object."""

    _submit = Signal(int, object)
    idle = Signal()  # every submitted job has finished (tests wait on it)

    def __init__(self, messages: MessageBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.messages = messages
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple[Done, Failed | None]] = {}
        self._thread: QThread | None = None
        self._worker: _Worker | None = None

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def submit(self, task: Task, done: Done, failed: Failed | None = None) -> None:
        """Run task off the GUI thread; then done(result) (or failed(message)) on it."""
        if self._thread is None:
            self._start()
        job_id = next(self._ids)
        self._pending[job_id] = (done, failed)
        self._submit.emit(job_id, task)

    def shutdown(self) -> None:
        """Wait for the current job and stop the thread (the window closes)."""
        self._pending.clear()
        self._stop()

    def _start(self) -> None:
        thread = QThread()
        worker = _Worker()
        worker.moveToThread(thread)
        self._submit.connect(worker.run)
        worker.finished.connect(self._on_finished)
        worker.failed.connect(self._on_failed)
        thread.start()
        self._thread, self._worker = thread, worker

    def _stop(self) -> None:
        if self._thread is not None:
            self._submit.disconnect()
            self._thread.quit()
            self._thread.wait()
            self._thread = None
            self._worker = None

    @Slot(int, object)
    def _on_finished(self, job_id: int, result: object) -> None:
        callbacks = self._pending.pop(job_id, None)
        self._settle()
        if callbacks is not None:
            callbacks[0](result)

    @Slot(int, object)
    def _on_failed(self, job_id: int, error: BaseException) -> None:
        callbacks = self._pending.pop(job_id, None)
        self._settle()
        if not isinstance(error, known_errors()):
            raise error  # a bug: the crash handler shows it
        text = describe(error) or type(error).__name__
        self.messages.error(text)
        if callbacks is not None and callbacks[1] is not None:
            callbacks[1](text)

    def _settle(self) -> None:
        if not self._pending:
            self._stop()
            self.idle.emit()
