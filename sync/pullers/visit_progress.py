"""The visits coming down, as the technician follows them: "Downloading visits: 137 of
510 — history".

Counted over the whole run; within a batch (fifteen seconds or more of a real
helpdesk's time for a hundred visits) it moves as the connector tells how far it
has come (``BatchProgress``).  Never backwards, and at the total when the visits
are in.  The words name the step, never a visit's content.
"""

from __future__ import annotations

from collections.abc import Callable

from sync.connectors.base import BatchProgress
from sync.report import Progress

PHASE = "pull"


class VisitsProgress:
    def __init__(self, tell: Callable[[Progress], None], total: int) -> None:
        self.tell = tell
        self.total = total
        self.done = 0

    def batch(self, before: int, size: int) -> Callable[[BatchProgress], None]:
        """A batch of ``size`` visits starts after ``before`` others; returns what hears
        the connector's progress through it."""
        self._show(before, "")

        def heard(read: BatchProgress) -> None:
            self._show(before + min(read.done, size), read.step)

        return heard

    def finished(self) -> None:
        self._show(self.total, "")

    def _show(self, done: int, step: str) -> None:
        self.done = max(self.done, min(done, self.total))
        self.tell(Progress(PHASE, self.done, self.total, step))
