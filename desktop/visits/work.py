"""What the visit list shows of the work on each visit: checklist progress, the
timer, and the day's time (read from the replica in a few queries for all visits)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import sqlite_utils

from sync.store import checklists, timers


@dataclass(frozen=True)
class VisitWork:
    checklist: tuple[int, int] | None = None  # (done, total)
    timers: list[timers.Timer] = field(default_factory=list)
    logged_today: int = 0  # minutes logged on the visit today

    def text(self, now: datetime | None = None) -> str:
        parts = []
        if self.checklist is not None:
            parts.append(f"☑ {self.checklist[0]}/{self.checklist[1]}")
        running = [t for t in self.timers if t.running]
        if running:
            parts.append(
                f"⏱ {running[0].label} {timers.clock(running[0].seconds(now))[:-3] or '0'}"
            )
        today = self.logged_today + sum(t.seconds(now) for t in self.timers) // 60
        if today:
            parts.append(f"{today} min today")
        return "  ".join(parts)


def visit_work(db: sqlite_utils.Database) -> dict[int, VisitWork]:
    progress = checklists.progress_by_visit(db)
    timed = timers.timed_visits(db)
    day = datetime.now(UTC).strftime("%Y-%m-%d")
    logged = dict(
        db.execute(
            "SELECT ticket_id, SUM(time_taken) FROM history WHERE time_taken > 0"
            " AND substr(created, 1, 10) = ? GROUP BY ticket_id",
            [day],
        ).fetchall()
    )
    ids = set(progress) | set(timed) | set(logged)
    return {i: VisitWork(progress.get(i), timed.get(i, []), int(logged.get(i) or 0)) for i in ids}
