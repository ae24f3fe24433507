"""A visit timer does not keep a forward jump of the laptop's clock.

Before, 40 minutes on site read once with the clock 3 h ahead (NTP putting right a
clock that was behind, a wrong time zone chosen) showed 3:40:06 from then on, and the
time logged and RT's Time Worked inherited the 3 h.  Now the process that reads the
timer also watches it on a clock that setting the time does not move, and keeps the
time that really passed -- and says so, in words.  A laptop asleep is real time (the
awake clock counts it); a gap with no FieldDesk running is the wall clock's to tell.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import sqlite_utils

from sync.changes.time_entry import log_time
from sync.store import open_database, timers, transaction
from sync.store import tickets as ticket_store
from tests.sync.test_store import remote_ticket

STARTED = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
ON_SITE = timedelta(minutes=40, seconds=6)
JUMP = timedelta(hours=3)


class Laptop:
    """Real time passing (the awake clock counts it), and the wall clock, which may jump."""

    def __init__(self) -> None:
        self.real = STARTED
        self.off = timedelta(0)  # the wall clock minus real time
        self.booted = STARTED  # the awake clock counts from the laptop's start

    def now(self) -> datetime:
        return self.real + self.off

    def awake(self) -> float:
        return (self.real - self.booted).total_seconds()


@pytest.fixture
def laptop(monkeypatch: pytest.MonkeyPatch) -> Laptop:
    clock = Laptop()
    monkeypatch.setattr(timers, "_now", clock.now)
    monkeypatch.setattr(timers, "_awake", clock.awake, raising=False)
    return clock


@pytest.fixture
def db() -> Iterator[sqlite_utils.Database]:
    database = open_database(None)
    with transaction(database):
        ticket_store.apply_remote_ticket(database, remote_ticket(2))
    yield database
    database.close()


def shown(db: sqlite_utils.Database) -> str:
    running = timers.running(db)
    assert running is not None
    return timers.clock(running.seconds())


def test_a_clock_read_three_hours_ahead_once_adds_nothing(
    db: sqlite_utils.Database, laptop: Laptop
) -> None:
    timers.start(db, 2, "on_site")
    laptop.real += ON_SITE
    assert shown(db) == "40:06"
    laptop.off = JUMP  # NTP, or a wrong time zone chosen
    assert shown(db) == "40:06", "not 3:40:06"
    laptop.off = timedelta(0)  # put right again
    assert shown(db) == "40:06"
    laptop.real += timedelta(minutes=5)
    stopped = timers.pause(db, 2, "on_site")
    assert timers.minutes_to_log(stopped.elapsed_s) == 45

    [jump] = timers.clock_jumps(db)
    assert (jump.ticket_id, jump.kind) == (2, "on_site")
    assert (jump.ahead_s, jump.back_s) == (3 * 3600, 3 * 3600), "ahead, then put right"
    assert jump.text() == (
        "The laptop's clock jumped 3 h 00 min ahead and was set back 3 h 00 min while the"
        " on-site timer of visit #2 ran: the timer counted only the time that really passed."
    )
    log_time(db, 2, "on_site", 45, "", author="alice")
    assert timers.clock_jumps(db) == [], "logged: nothing left to say"


def test_the_jump_forward_is_said_in_words(db: sqlite_utils.Database, laptop: Laptop) -> None:
    timers.start(db, 2, "on_site")
    laptop.real += ON_SITE
    laptop.off = JUMP
    assert shown(db) == "40:06"
    [jump] = timers.clock_jumps(db, 2)
    assert jump.text() == (
        "The laptop's clock jumped 3 h 00 min ahead while the on-site timer of visit #2 ran:"
        " the timer left those 3 h 00 min out and counts only the time that really passed."
    )
    assert timers.clock_jumps(db, 3) == []


def test_the_reviewers_steps_with_the_real_clocks(db: sqlite_utils.Database) -> None:
    """``timers.running(db, now=now + 3h)``, then at the real time: no 3 h added."""
    timers.start(db, 2, "on_site")
    ahead = timers.running(db, now=datetime.now(UTC) + JUMP)
    assert ahead is not None and ahead.seconds(datetime.now(UTC) + JUMP) < 60
    running = timers.running(db)
    assert running is not None and running.seconds() < 60
    assert timers.minutes_to_log(timers.pause(db, 2, "on_site").elapsed_s) <= 1


def test_a_laptop_asleep_for_an_hour_counts_the_hour_on_a_travel_timer(
    db: sqlite_utils.Database, laptop: Laptop
) -> None:
    """Suspended in the car: the wall clock and the awake clock both move on."""
    timers.start(db, 2, "travel")
    laptop.real += timedelta(minutes=10)
    assert shown(db) == "10:00"
    laptop.real += timedelta(hours=1)  # the lid closed, the window's reads stop
    assert shown(db) == "1:10:00"
    assert timers.clock_jumps(db) == []
    laptop.off = JUMP  # woken in another time zone's settings: not real time
    laptop.real += timedelta(minutes=5)
    assert shown(db) == "1:15:00"


def test_time_with_no_fielddesk_running_is_the_wall_clocks(
    db: sqlite_utils.Database, laptop: Laptop, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shut down over lunch: no process watched, the awake clock starts again at boot."""
    timers.start(db, 2, "on_site")
    laptop.real += timedelta(minutes=20)
    assert shown(db) == "20:00"
    monkeypatch.setattr(timers, "_watched", {})  # the app closed, the laptop shut down
    laptop.real += timedelta(hours=1)
    laptop.booted = laptop.real - timedelta(seconds=5)  # started again 5 s ago
    assert shown(db) == "1:20:00"
    assert timers.clock_jumps(db) == []
    laptop.real += timedelta(minutes=1)
    assert shown(db) == "1:21:00", "watched again from the app's start"
    laptop.off = JUMP
    assert shown(db) == "1:21:00"


def test_starting_another_timer_after_a_jump_pauses_this_one_without_it(
    db: sqlite_utils.Database, laptop: Laptop
) -> None:
    timers.start(db, 2, "travel")
    laptop.real += timedelta(minutes=25)
    laptop.off = JUMP
    timers.start(db, 2, "on_site")  # arrived: the travel timer pauses
    travel = timers.timers(db, 2)["travel"]
    assert not travel.running and timers.minutes_to_log(travel.elapsed_s) == 25
