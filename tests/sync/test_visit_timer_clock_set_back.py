"""A visit timer keeps its time when the laptop's clock is set back while it runs.

The laptop's clock was two hours ahead when the technician started the on-site timer;
half an hour in, the laptop reached the customer's Wi-Fi and NTP put the clock right.
The window reads the running timer every second (the status bar's ticker), on the
laptop's clock of the moment: here the timer store's own clock, set by the test.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
import sqlite_utils

from sync.store import open_database, timers, transaction
from sync.store import tickets as ticket_store
from tests.sync.test_store import remote_ticket

ARRIVED = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)  # the real time the visit began
AHEAD = timedelta(hours=2)  # the laptop's clock until NTP puts it right
PUT_RIGHT_AFTER = timedelta(minutes=30, seconds=7)
SLACK = 15  # seconds: what a clock set back may cost, at most


class Laptop:
    """The laptop's clock: real time, two hours ahead until NTP puts it right."""

    def __init__(self) -> None:
        self.real = ARRIVED
        self.ahead = AHEAD

    def now(self) -> datetime:
        return self.real + self.ahead

    def awake(self) -> float:
        """The clock that setting the time does not move: real time, as it passes here."""
        return (self.real - ARRIVED).total_seconds()


@pytest.fixture
def laptop(monkeypatch: pytest.MonkeyPatch) -> Laptop:
    clock = Laptop()
    monkeypatch.setattr(timers, "_now", clock.now)
    monkeypatch.setattr(timers, "_awake", clock.awake)
    return clock


@pytest.fixture
def db() -> Iterator[sqlite_utils.Database]:
    database = open_database(None)
    with transaction(database):
        ticket_store.apply_remote_ticket(database, remote_ticket(7))
    yield database
    database.close()


def window_shows(db: sqlite_utils.Database, laptop: Laptop, until: timedelta) -> list[int]:
    """What the status bar shows of the running timer each second until then (real time);
    NTP puts the clock right at ``PUT_RIGHT_AFTER``."""
    shown = []
    while laptop.real - ARRIVED < until:
        if laptop.real - ARRIVED >= PUT_RIGHT_AFTER:
            laptop.ahead = timedelta(0)
        running = timers.running(db)
        assert running is not None
        shown.append(running.seconds())
        laptop.real += timedelta(seconds=1)
    return shown


def test_ninety_minutes_on_site_log_as_ninety_when_the_clock_was_put_right_meanwhile(
    db: sqlite_utils.Database, laptop: Laptop
) -> None:
    timers.start(db, 7, "on_site")

    shown = window_shows(db, laptop, timedelta(minutes=90))
    stopped = timers.pause(db, 7, "on_site")

    assert timers.minutes_to_log(stopped.elapsed_s) == 90
    assert stopped.elapsed_s >= 90 * 60 - SLACK
    # On screen the clock never falls back to 0:00, nor by more than a few seconds.
    assert min(shown[int(PUT_RIGHT_AFTER.total_seconds()) :]) >= 30 * 60 - SLACK
    assert min(later - earlier for earlier, later in pairwise(shown)) >= -SLACK


def test_the_time_shown_before_the_app_closed_is_kept_when_the_clock_is_put_right_then(
    db: sqlite_utils.Database, laptop: Laptop
) -> None:
    timers.start(db, 7, "on_site")
    window_shows(db, laptop, timedelta(minutes=20))  # then the app closes

    laptop.real, laptop.ahead = ARRIVED + timedelta(hours=1), timedelta(0)  # reopened
    timer = timers.timers(db, 7)["on_site"]
    assert timer.running and timer.seconds() >= 20 * 60 - SLACK  # not 0:00

    laptop.real += timedelta(minutes=10)
    assert timers.pause(db, 7, "on_site").elapsed_s >= 30 * 60 - SLACK


def test_a_clock_that_stays_right_loses_no_second(
    db: sqlite_utils.Database, laptop: Laptop
) -> None:
    laptop.ahead = timedelta(0)
    timers.start(db, 7, "travel")
    shown = window_shows(db, laptop, timedelta(minutes=42))
    assert shown == list(range(42 * 60))
    assert timers.pause(db, 7, "travel").elapsed_s == 42 * 60
