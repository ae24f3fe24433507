"""The visit timer: travel and on-site time, one timer running at a time.

The start time lives in the replica (``running_since``), never only in memory,
so a timer survives closing the app, a crash and a restart: its elapsed time is
always ``elapsed_s`` + (now - ``running_since``).  Stopping keeps the time until
it is logged (``sync.changes.time_entry``) or discarded.

A running timer is brought up to date in the replica when it is read and
``CHECKPOINT_EVERY_S`` have passed since: the time reached moves into
``elapsed_s`` and ``running_since`` becomes now.

The laptop's clock can jump while a timer runs: set back (NTP putting right a
clock that was ahead, at the first Wi-Fi on site) or forward (NTP putting right a
clock that was behind, a wrong time zone chosen).  Counted by the clock alone, a
jump back would count nothing until the clock caught up, and a jump forward would
be added to the timer for good.  So the process that reads a timer also watches
it on a clock the wall clock's changes do not move (``_awake``: it counts a
suspended laptop's sleep, which is real time for a travel timer): between two
reads in one process, when the wall clock and that clock part by more than
``JUMP_TOLERANCE_S``, the timer counts the time that really passed, and the jump
is kept (``clock_jumps``) for the window and ``fielddesk timer status`` to say in
words.  What no running FieldDesk watched -- the app closed, the laptop shut down --
is counted by the wall clock: nothing else knows it.  A read that then finds
``running_since`` in the future (the clock set back while nothing watched) keeps
the time reached and counts on from then.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal, NamedTuple

from sync.local_days import local_days
from sync.stamps import parse_stamp
from sync.store.database import database_file, transaction
from sync.store.outbox import InvalidChange, require_ticket

if TYPE_CHECKING:
    import sqlite_utils

TimerKind = Literal["travel", "on_site"]
TIMER_KINDS: tuple[TimerKind, ...] = ("travel", "on_site")
LABELS = {"travel": "Travel", "on_site": "On site"}
NAMES = {"travel": "travel timer", "on_site": "on-site timer"}  # in a sentence
CHECKPOINT_EVERY_S = 15  # a running timer's time reached is saved this often, when read
# The wall clock may part from the awake clock by this much between two reads before it
# counts as a jump: NTP slews both alike, so only a step of the clock parts them.
JUMP_TOLERANCE_S = 90
CLOCK_JUMP_SETTING = "timer.clock_jump"  # + ".<visit>.<kind>": the last jump, as JSON


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


class _Watch(NamedTuple):
    """A running timer as this process last saw it: the row, and how long it had run
    since ``running_since`` by the laptop's clock at ``awake`` on the awake clock."""

    running_since: str
    elapsed_s: int
    ran_s: float
    awake: float


# Process-wide (the window reads on its own thread and on workers, each with its own
# connection): (database, visit, kind) -> what was seen.  Lost when the app closes.
_watched: dict[tuple[str, int, str], _Watch] = {}
_watch_lock = threading.Lock()
if sys.platform == "linux":
    _AWAKE_CLOCK: int | None = time.CLOCK_BOOTTIME  # counts suspend; MONOTONIC does not
elif sys.platform == "darwin":
    _AWAKE_CLOCK = time.CLOCK_MONOTONIC  # counts sleep there
else:
    _AWAKE_CLOCK = None  # Windows: time.monotonic (GetTickCount64) counts sleep


def _awake() -> float:
    """Seconds on a clock that setting the date or the time zone does not move, and
    that counts the time a laptop spends asleep."""
    return time.clock_gettime(_AWAKE_CLOCK) if _AWAKE_CLOCK is not None else time.monotonic()


def _watch_key(db: sqlite_utils.Database, ticket_id: int, kind: str) -> tuple[str, int, str]:
    path = database_file(db)
    return (str(path) if path else f"memory:{id(db.conn)}", ticket_id, kind)


def _remember(key: tuple[str, int, str], timer: Timer, when: datetime, awake: float) -> None:
    assert timer.running_since is not None
    ran = (when - _parse(timer.running_since)).total_seconds()
    with _watch_lock:
        _watched[key] = _Watch(timer.running_since, timer.elapsed_s, ran, awake)


def _forget(db: sqlite_utils.Database, ticket_id: int, kind: str) -> None:
    with _watch_lock:
        _watched.pop(_watch_key(db, ticket_id, kind), None)


def _kept(db: sqlite_utils.Database, timer: Timer, now: datetime | None) -> Timer:
    """A running timer with the time it reached saved, when ``CHECKPOINT_EVERY_S`` have
    passed since it was last saved, the clock went back, or the clock jumped since this
    process last saw it (see the module); else as it is."""
    if timer.running_since is None:
        return timer
    when, awake = now or _now(), _awake()
    key = _watch_key(db, timer.ticket_id, timer.kind)
    by_clock = (when - _parse(timer.running_since)).total_seconds()
    with _watch_lock:
        watch = _watched.get(key)
    ran, jumped = by_clock, 0
    seen = (timer.running_since, timer.elapsed_s)
    if watch is not None and (watch.running_since, watch.elapsed_s) == seen:
        really = watch.ran_s + (awake - watch.awake)
        if abs(by_clock - really) > JUMP_TOLERANCE_S:
            ran, jumped = really, round(by_clock - really)
        elif by_clock < 0:  # set back a little, past the last save
            ran = really
    elif 0 <= by_clock < CHECKPOINT_EVERY_S:
        _remember(key, timer, when, awake)  # first seen here: watched from now on
    if not jumped and 0 <= ran < CHECKPOINT_EVERY_S:
        return timer
    kept = timer._replace(running_since=_stamp(when), elapsed_s=timer.elapsed_s + max(0, int(ran)))
    if not _save(db, timer, kept, jumped):
        return kept if jumped else timer  # saved at the next read; never shown jumped
    _remember(key, kept, when, awake)
    return kept


def _save(db: sqlite_utils.Database, was: Timer, kept: Timer, jumped_s: int = 0) -> bool:
    """Write ``kept`` over ``was`` unless another connection changed it meanwhile, with
    the clock's jump (if any) for the technician to read, in one transaction.

    Never waits for another writer (a sync): the window reads timers on its GUI
    thread, and the next read saves it instead.
    """
    from sync.store.driver import sqlite3  # noqa: PLC0415 - loaded with the replica

    waits = db.execute("PRAGMA busy_timeout").fetchone()[0]
    db.execute("PRAGMA busy_timeout = 0")
    own = not db.conn.in_transaction  # else: the caller's, which holds the lock already
    try:
        if own:
            db.execute("BEGIN IMMEDIATE")
        saved = db.execute(
            "UPDATE visit_timers SET running_since = ?, elapsed_s = ?"
            " WHERE ticket_id = ? AND kind = ? AND running_since = ? AND elapsed_s = ?",
            [kept.running_since, kept.elapsed_s, was.ticket_id, was.kind,
             was.running_since, was.elapsed_s],
        )  # fmt: skip
        done = saved.rowcount == 1
        if done and jumped_s:
            _keep_jump(db, kept, jumped_s)
        if own:
            db.execute("COMMIT" if done else "ROLLBACK")
        return done
    except sqlite3.OperationalError:  # another writer, or a read-only handle
        if own and db.conn.in_transaction:
            db.execute("ROLLBACK")
        return False
    finally:
        db.execute(f"PRAGMA busy_timeout = {int(waits)}")


class ClockJump(NamedTuple):
    """The laptop's clock jumped while a timer ran, and the timer did not count it."""

    ticket_id: int
    kind: TimerKind
    ahead_s: int  # the last jump forward (0: none)
    back_s: int  # the last jump back (0: none)
    at: str  # when the last jump was seen, by the laptop's clock after it

    def text(self) -> str:
        """What the window and ``fielddesk timer status`` say of it."""
        ahead, back = span_text(self.ahead_s), span_text(self.back_s)
        timer = f"the {NAMES[self.kind]} of visit #{self.ticket_id}"
        if self.ahead_s and self.back_s:
            return (
                f"The laptop's clock jumped {ahead} ahead and was set back {back} while"
                f" {timer} ran: the timer counted only the time that really passed."
            )
        if self.ahead_s:
            return (
                f"The laptop's clock jumped {ahead} ahead while {timer} ran: the timer"
                f" left those {ahead} out and counts only the time that really passed."
            )
        return (
            f"The laptop's clock was set back {back} while {timer} ran: the timer kept"
            " counting the time that really passed."
        )


def _keep_jump(db: sqlite_utils.Database, timer: Timer, jumped_s: int) -> None:
    key = f"{CLOCK_JUMP_SETTING}.{timer.ticket_id}.{timer.kind}"
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    seen = json.loads(row[0]) if row else {}
    seen["ahead_s" if jumped_s > 0 else "back_s"] = abs(jumped_s)
    seen["at"] = timer.running_since
    db.execute(
        "INSERT INTO settings(key, value) VALUES (?, ?)"
        " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, json.dumps(seen)],
    )


def clock_jumps(db: sqlite_utils.Database, ticket_id: int | None = None) -> list[ClockJump]:
    """The clock's jumps not counted on timers that still hold time (of one visit, or all)."""
    found = []
    rows = db.execute(
        "SELECT key, value FROM settings WHERE key LIKE ?", [CLOCK_JUMP_SETTING + ".%"]
    ).fetchall()
    held = {
        (int(row[0]), str(row[1]))
        for row in db.execute(
            "SELECT ticket_id, kind FROM visit_timers"
            " WHERE running_since IS NOT NULL OR elapsed_s > 0"
        )
    }
    for key, value in rows:
        visit, kind = key[len(CLOCK_JUMP_SETTING) + 1 :].rsplit(".", 1)
        if not visit.lstrip("-").isdigit() or (int(visit), kind) not in held:
            continue
        if ticket_id is not None and int(visit) != ticket_id:
            continue
        data = json.loads(value)
        ahead, back = int(data.get("ahead_s", 0)), int(data.get("back_s", 0))
        found.append(ClockJump(int(visit), check_kind(kind), ahead, back, str(data["at"])))
    return sorted(found)


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
            _pause(db, _kept(db, before, when), when)
        db.execute(
            "INSERT INTO visit_timers (ticket_id, kind, running_since) VALUES (?, ?, ?)"
            " ON CONFLICT(ticket_id, kind) DO UPDATE SET running_since = excluded.running_since",
            [ticket_id, checked, _stamp(when)],
        )
        started = _running(db)
    if started is not None:  # watched from its first second
        _remember(_watch_key(db, ticket_id, checked), started, when, _awake())
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
    _forget(db, timer.ticket_id, timer.kind)


def reset(db: sqlite_utils.Database, ticket_id: int, kind: str) -> None:
    """The time was logged (or discarded): the timer starts from zero."""
    with transaction(db):  # joins the caller's, when there is one
        db.execute(
            "DELETE FROM visit_timers WHERE ticket_id = ? AND kind = ?",
            [ticket_id, check_kind(kind)],
        )
        db.execute(
            "DELETE FROM settings WHERE key = ?", [f"{CLOCK_JUMP_SETTING}.{ticket_id}.{kind}"]
        )
    _forget(db, ticket_id, kind)


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


def span_text(seconds: int) -> str:
    """A stretch of time in words: '3 h 05 min', '40 min', '25 s'."""
    if seconds < 60:
        return f"{seconds} s"
    minutes = (seconds + 30) // 60
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"
