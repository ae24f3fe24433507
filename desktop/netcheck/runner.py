"""A network check on the thread pool, reporting each probe to the GUI thread as it goes.

The probes block (sockets, timeouts), so they run as a background task
(``desktop.common.background``); the runner's signals are emitted from that
thread and, the runner living on the GUI thread, delivered there queued.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from desktop.common.background import BackgroundTasks
from sync.netcheck.result import Cancel, ProbeResult
from sync.netcheck.run import Options, Run, Step, run_checks


class NetcheckRunner(QObject):
    step_started = Signal(int)
    step_done = Signal(int, object)  # index, ProbeResult
    finished = Signal(object)  # Run
    failed = Signal(object)  # an exception: a bug (probes report failures as results)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tasks = BackgroundTasks(self)
        self._cancel: Cancel | None = None

    @property
    def running(self) -> bool:
        return self._cancel is not None

    def start(self, steps: list[Step], options: Options) -> None:
        cancel = self._cancel = Cancel()

        def job() -> Run:
            return run_checks(
                steps,
                options,
                cancel,
                on_start=self.step_started.emit,
                on_result=self._report,
            )

        self.tasks.start(job, succeeded=self._done, failed=self._broke)

    def _report(self, index: int, result: ProbeResult) -> None:
        self.step_done.emit(index, result)

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.cancel()

    def _done(self, run: object) -> None:
        self._cancel = None
        self.finished.emit(run)

    def _broke(self, error: object) -> None:
        self._cancel = None
        self.failed.emit(error)

    def shutdown(self) -> None:
        """Stop a run under way and wait for its thread (the window is closing)."""
        self.cancel()
        self.tasks.shutdown()
