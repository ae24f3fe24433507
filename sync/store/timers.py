"""The visit timer: travel and on-site time, one timer running at a time.

The start time lives in the replica (``running_since``), never only in memory,
so a timer survives closing the app, a crash and a restart: its elapsed time is
always ``elapsed_s`` + (now - ``running_since``).  Stopping keeps the time until
it is logged (``sync.changes.time_entry``) or discarded.

The laptop's clock can be set back while a timer runs (NTP putting right a clock
that was ahead, at the first Wi-Fi on site), which would put ``running_since`` in
the future and count nothing until the clock caught up.  So a running timer is
brought up to date in the replica when it is read and ``CHECKPOINT_EVERY_S`` have
passed since: the time reached moves into ``elapsed_s`` and ``running_since``
becomes now.  A read that finds ``running_since`` in the future keeps the time
reached and counts on from then.  The time kept never goes backwards; a clock set
back while the window shows the timer (it reads it every second) costs at most the
15 s since the last save -- less than the half minute the logged minutes round
at -- not the hours it jumped.  Set back while nothing read the timer, the time
since its last save is not known, and is not counted.
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
CHECKPOINT_EVERY_S = 15  # a running timer's time reached is saved this often, when read


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


def running(db: sqlite_utils.Database, *, now: datetime | None = None) -> Timer | None:
    """The one running timer, whatever the visit."""
    found = _running(db)
    return _kept(db, found, now) if found is not None else None


def timers(
    db: sqlite_utils.Database, ticket_id: int, *, now: datetime | None = None
) -> dict[TimerKind, Timer]:
    """Both timers of a visit (a timer never started shows 0)."""
    found = {
        row[1]: _kept(db, Timer(*row), now)
        for row in db.execute(
            "SELECT ticket_id, kind, running_since, elapsed_s FROM visit_timers"
            " WHERE ticket_id = ?",
            [ticket_id],
        )
    }
    return {kind: found.get(kind, Timer(ticket_id, kind, None, 0)) for kind in TIMER_KINDS}


def timed_visits(
    db: sqlite_utils.Database, *, now: datetime | None = None
) -> dict[int, list[Timer]]:
    """Every visit with time on a timer (running or not yet logged), for the visit list."""
    result: dict[int, list[Timer]] = {}
    for row in db.execute(
        "SELECT ticket_id, kind, running_since, elapsed_s FROM visit_timers"
        " WHERE running_since IS NOT NULL OR elapsed_s > 0"
    ).fetchall():
        result.setdefault(int(row[0]), []).append(_kept(db, Timer(*row), now))
    return result


def _running(db: sqlite_utils.Database) -> Timer | None:
    row = db.execute(
        "SELECT ticket_id, kind, running_since, elapsed_s FROM visit_timers"
        " WHERE running_since IS NOT NULL"
    ).fetchone()
    return Timer(*row) if row else None


def _kept(db: sqlite_utils.Database, timer: Timer, now: datetime | None) -> Timer:
    """A running timer with the time it reached saved, when ``CHECKPOINT_EVERY_S`` have
    passed since it was last saved or the clock went back (see the module); else as
    it is."""
    if timer.running_since is None:
        return timer
    when = now or _now()
    ran = int((when - _parse(timer.running_since)).total_seconds())
    if 0 <= ran < CHECKPOINT_EVERY_S:
        return timer
    kept = timer._replace(running_since=_stamp(when), elapsed_s=timer.elapsed_s + max(0, ran))
    return kept if _save(db, timer, kept) else timer


def _save(db: sqlite_utils.Database, was: Timer, kept: Timer) -> bool:
    """Write ``kept`` over ``was`` unless another connection changed it meanwhile.

    Never waits for another writer (a sync): the window reads timers on its GUI
    thread, and the next read saves it instead.
    """
    from sync.store.driver import sqlite3  # noqa: PLC0415 - loaded with the replica

    waits = db.execute("PRAGMA busy_timeout").fetchone()[0]
    db.execute("PRAGMA busy_timeout = 0")
    try:
        saved = db.execute(
            "UPDATE visit_timers SET running_since = ?, elapsed_s = ?"
            " WHERE ticket_id = ? AND kind = ? AND running_since = ? AND elapsed_s = ?",
            [kept.running_since, kept.elapsed_s, was.ticket_id, was.kind,
             was.running_since, was.elapsed_s],
        )  # fmt: skip
        return saved.rowcount == 1
    except sqlite3.OperationalError:  # another writer, or a read-only handle
        return False
    finally:
        db.execute(f"PRAGMA busy_timeout = {int(waits)}")


def start(
    db: sqlite_utils.Database, ticket_id: int, kind: str, *, now: datetime | None = None
) -> Timer | None:
    """Start (or resume) a visit's timer; returns the timer it paused, if another ran."""
    checked = check_kind(kind)
    require_ticket(db, ticket_id)
    when = now or _now()
    with transaction(db):
        before = _running(db)
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
        timer = timers(db, ticket_id, now=now)[checked]
        if timer.running:
            _pause(db, timer, now or _now())
        return timers(db, ticket_id, now=now)[checked]


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
    on_timers = sum(t.seconds(now) for t in timers(db, ticket_id, now=now).values()) // 60
    return logged + on_timers


def minutes_to_log(seconds: int) -> int:
    """Whole minutes, rounded up from 30 s: a 20-minute drive shows as 20, not 19."""
    return (seconds + 30) // 60


def clock(seconds: int) -> str:
    """'1:05:09' or '5:09'."""
    hours, rest = divmod(max(0, seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
