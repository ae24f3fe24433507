"""The visit timer: travel and on-site time, one timer running at a time.

The start time lives in the replica (``running_since``), never only in memory,
so a timer survives closing the app, a crash and a restart: its elapsed time is
always ``elapsed_s`` + (now - ``running_since``).  Stopping keeps the time until
it is logged (``sync.changes.time_entry``) or discarded.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal, NamedTuple

from sync.local_days import local_days
from sync.stamps import parse_stamp
from sync.store.database import transaction
from sync.store.outbox import InvalidChange, require_ticket

if TYPE_CHECKING:
    import sqlite_utils

TimerKind = Literal["travel", "on_site"]
TIMER_KINDS: tuple[TimerKind, ...] = ("travel", "on_site")
LABELS = {"travel": "Travel", "on_site": "On site"}


class Timer(NamedTuple):
    ticket_id: int
    kind: TimerKind
    running_since: str | None
    elapsed_s: int  # before running_since

    @property
    def running(self) -> bool:
        return self.running_since is not None

    def seconds(self, now: datetime | None = None) -> int:
        if self.running_since is None:
            return self.elapsed_s
        start = _parse(self.running_since)
        return self.elapsed_s + max(0, int(((now or _now()) - start).total_seconds()))

    @property
    def label(self) -> str:
        return LABELS[self.kind]


def _now() -> datetime:
    return datetime.now(UTC)


def _stamp(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse(stamp: str) -> datetime:
    return parse_stamp(stamp)


def check_kind(kind: str) -> TimerKind:
    for known in TIMER_KINDS:
        if kind == known:
            return known
    raise InvalidChange(f"a timer is 'travel' or 'on_site', not '{kind}'")


def running(db: sqlite_utils.Database) -> Timer | None:
    """The one running timer, whatever the visit."""
    row = db.execute(
        "SELECT ticket_id, kind, running_since, elapsed_s FROM visit_timers"
        " WHERE running_since IS NOT NULL"
    ).fetchone()
    return Timer(*row) if row else None


def timers(db: sqlite_utils.Database, ticket_id: int) -> dict[TimerKind, Timer]:
    """Both timers of a visit (a timer never started shows 0)."""
    found = {
        row[1]: Timer(*row)
        for row in db.execute(
            "SELECT ticket_id, kind, running_since, elapsed_s FROM visit_timers"
            " WHERE ticket_id = ?",
            [ticket_id],
        )
    }
    return {kind: found.get(kind, Timer(ticket_id, kind, None, 0)) for kind in TIMER_KINDS}


def timed_visits(db: sqlite_utils.Database) -> dict[int, list[Timer]]:
    """Every visit with time on a timer (running or not yet logged), for the visit list."""
    result: dict[int, list[Timer]] = {}
    for row in db.execute(
        "SELECT ticket_id, kind, running_since, elapsed_s FROM visit_timers"
        " WHERE running_since IS NOT NULL OR elapsed_s > 0"
    ):
        result.setdefault(int(row[0]), []).append(Timer(*row))
    return result


def start(
    db: sqlite_utils.Database, ticket_id: int, kind: str, *, now: datetime | None = None
) -> Timer | None:
    """Start (or resume) a visit's timer; returns the timer it paused, if another ran."""
    checked = check_kind(kind)
    require_ticket(db, ticket_id)
    when = now or _now()
    with transaction(db):
        before = running(db)
        if before is not None and (before.ticket_id, before.kind) == (ticket_id, checked):
            return None  # already running
        if before is not None:
            _pause(db, before, when)
        db.execute(
            "INSERT INTO visit_timers (ticket_id, kind, running_since) VALUES (?, ?, ?)"
            " ON CONFLICT(ticket_id, kind) DO UPDATE SET running_since = excluded.running_since",
            [ticket_id, checked, _stamp(when)],
        )
        return before


def pause(
    db: sqlite_utils.Database, ticket_id: int, kind: str, *, now: datetime | None = None
) -> Timer:
    """Stop the clock, keeping the time (stop = pause, then log or discard)."""
    checked = check_kind(kind)
    with transaction(db):
        timer = timers(db, ticket_id)[checked]
        if timer.running:
            _pause(db, timer, now or _now())
        return timers(db, ticket_id)[checked]


def _pause(db: sqlite_utils.Database, timer: Timer, when: datetime) -> None:
    db.execute(
        "UPDATE visit_timers SET elapsed_s = ?, running_since = NULL"
        " WHERE ticket_id = ? AND kind = ?",
        [timer.seconds(when), timer.ticket_id, timer.kind],
    )


def reset(db: sqlite_utils.Database, ticket_id: int, kind: str) -> None:
    """The time was logged (or discarded): the timer starts from zero."""
    with transaction(db):  # joins the caller's, when there is one
        db.execute(
            "DELETE FROM visit_timers WHERE ticket_id = ? AND kind = ?",
            [ticket_id, check_kind(kind)],
        )


def logged_today(db: sqlite_utils.Database, now: datetime | None = None) -> dict[int, int]:
    """Minutes logged today, per visit."""
    start, end = local_days(now)
    rows = db.execute(
        "SELECT ticket_id, SUM(time_taken) FROM history WHERE time_taken > 0"
        " AND created >= ? AND created < ? GROUP BY ticket_id",
        [start, end],
    ).fetchall()
    return {ticket_id: int(minutes) for ticket_id, minutes in rows}


def day_minutes(db: sqlite_utils.Database, ticket_id: int, now: datetime | None = None) -> int:
    """Time logged on a visit today plus what its timers hold now."""
    logged = logged_today(db, now).get(ticket_id, 0)
    on_timers = sum(t.seconds(now) for t in timers(db, ticket_id).values()) // 60
    return logged + on_timers


def minutes_to_log(seconds: int) -> int:
    """Whole minutes, rounded up from 30 s: a 20-minute drive shows as 20, not 19."""
    return (seconds + 30) // 60


def clock(seconds: int) -> str:
    """'1:05:09' or '5:09'."""
    hours, rest = divmod(max(0, seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
