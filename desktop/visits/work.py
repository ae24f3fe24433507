"""What the visit list shows of the work on each visit: checklist progress, the
timer, and the day's time (read from the replica in a few queries for all visits)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from sync.store import checklists
from sync.store import timers as timer_store
from sync.store.timers import Timer

if TYPE_CHECKING:
    import sqlite_utils


class VisitWork(NamedTuple):
    checklist: tuple[int, int] | None = None  # (done, total)
    timers: tuple[Timer, ...] = ()
    logged_today: int = 0  # minutes logged on the visit today

    def minutes_today(self, now: datetime | None = None) -> int:
        return self.logged_today + sum(t.seconds(now) for t in self.timers) // 60

    def running(self) -> Timer | None:
        return next((t for t in self.timers if t.running), None)

    def text(self, now: datetime | None = None) -> str:
        """Compact, for the list: '☑ 6/11  ▶ 1:16' (▶: a timer runs; time = today's)."""
        parts = []
        if self.checklist is not None:
            parts.append(f"☑ {self.checklist[0]}/{self.checklist[1]}")
        minutes = self.minutes_today(now)
        if minutes or self.running():
            mark = "▶" if self.running() else "⏱"
            parts.append(f"{mark} {minutes // 60}:{minutes % 60:02d}")
        return "  ".join(parts)

    def tooltip(self, now: datetime | None = None) -> str:
        lines = []
        if self.checklist is not None:
            lines.append(f"Checklist: {self.checklist[0]} of {self.checklist[1]} items done")
        running = self.running()
        if running is not None:
            lines.append(
                f"{running.label} timer running: {timer_store.clock(running.seconds(now))}"
            )
        lines.append(f"Time on this visit today: {self.minutes_today(now)} min")
        return "\n".join(lines)


def visit_work(db: sqlite_utils.Database) -> dict[int, VisitWork]:
    progress = checklists.progress_by_visit(db)
    timed = timer_store.timed_visits(db)
    logged = timer_store.logged_today(db)
    ids = set(progress) | set(timed) | set(logged)
    return {i: VisitWork(progress.get(i), tuple(timed.get(i, ())), logged.get(i, 0)) for i in ids}
