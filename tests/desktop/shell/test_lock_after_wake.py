"""A laptop that wakes past IT's offline limit locks before it shows the visits again.

Qt's timers run on the monotonic clock, which stops while the laptop sleeps; waking
is modelled as the window's wall clock jumping ahead while the monotonic one does not.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from desktop.shell.main_window import MainWindow
from desktop.visits.model import Scope
from sync.profile import Profile
from sync.store import timers
from tests.desktop.shell.test_offline_lock import laptop  # noqa: F401 - the fixture

TICK_MS = 1000  # the status bar's tick


class WallClock:
    """The laptop's wall clock: now, plus however long it slept."""

    def __init__(self, days: float = 0) -> None:
        self.asleep = timedelta(days=days)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.asleep


def open_window(qtbot: QtBot, profile: Profile, clock: WallClock) -> MainWindow:
    window = MainWindow(profile, clock=clock)
    qtbot.addWidget(window)
    window.auto_sync.stop()  # no helpdesk here
    window.resize(1100, 640)
    window.show()
    qtbot.waitExposed(window)
    return window


def count_checks(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    checks: list[object] = []
    check = window.guard.check

    def counted() -> object:
        checks.append(None)
        return check()

    monkeypatch.setattr(window.guard, "check", counted)
    return checks


def test_a_laptop_waking_past_the_limit_locks_within_a_tick(
    qtbot: QtBot,
    laptop: Profile,  # noqa: F811
) -> None:
    clock = WallClock()
    window = open_window(qtbot, laptop, clock)
    window.visits.set_scope(Scope.ALL)
    qtbot.waitUntil(lambda: window.visits.model.visit_count() == 1)  # read on a worker
    assert window.visits.isVisible()
    assert window.guard._timer.remainingTime() > 30_000  # the minute's look is far off

    clock.asleep = timedelta(days=8)  # the lid opens eight days later

    qtbot.waitUntil(lambda: window.locked, timeout=2 * TICK_MS)
    assert window.lock_screen.isVisible()
    assert not window.visits.isVisible() and not window.rail.isVisible()


def test_the_application_becoming_active_past_the_limit_locks_at_once(
    qtbot: QtBot,
    laptop: Profile,  # noqa: F811
) -> None:
    clock = WallClock()
    window = open_window(qtbot, laptop, clock)
    window.timer_status.ticker.stop()  # only the activation may tell
    clock.asleep = timedelta(days=8)

    app = QGuiApplication.instance()
    assert isinstance(app, QGuiApplication)
    app.applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)

    assert window.locked
    assert window.lock_screen.isVisible() and not window.visits.isVisible()


def test_no_jump_no_extra_checks(
    qtbot: QtBot,
    laptop: Profile,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = open_window(qtbot, laptop, WallClock())
    checks = count_checks(window, monkeypatch)
    ticks: list[None] = []
    window.timer_status.ticker.timeout.connect(lambda: ticks.append(None))

    qtbot.waitUntil(lambda: len(ticks) >= 3, timeout=5 * TICK_MS)

    assert checks == []
    assert not window.locked


def test_the_warning_strip_counts_the_deadline_from_now_after_a_sleep(
    qtbot: QtBot,
    laptop: Profile,  # noqa: F811
) -> None:
    """Still warned after the wake, but "Sync before Thursday 14:00" is now "today 14:00":
    the strip is told again though the standing did not change."""
    clock = WallClock(days=5 + 5 / 1440)  # just warned: the lock two days ahead
    window = open_window(qtbot, laptop, clock)
    before = window.offline_strip.text()
    assert before.startswith("Sync before ")

    clock.asleep = timedelta(days=7 - 5 / 1440)  # five minutes before the lock
    window.guard.check()

    assert not window.locked
    assert window.offline_strip.text() == window.guard.standing.message(clock())
    assert window.offline_strip.text() != before


def test_a_running_timer_stays_out_of_the_status_bar_while_locked(
    qtbot: QtBot,
    laptop: Profile,  # noqa: F811
) -> None:
    """The status bar's tick that looks for a wake re-reads the timer: it must not bring the
    visit's number back over the lock screen."""
    clock = WallClock()
    window = open_window(qtbot, laptop, clock)
    timers.start(window.db, 7, "on_site")
    qtbot.waitUntil(window.timer_status.isVisible, timeout=2 * TICK_MS)

    clock.asleep = timedelta(days=8)
    assert window.guard.check().locked
    ticks: list[None] = []
    window.timer_status.ticker.timeout.connect(lambda: ticks.append(None))
    qtbot.waitUntil(lambda: len(ticks) >= 2, timeout=3 * TICK_MS)

    assert not window.timer_status.isVisible()


def test_a_wake_from_sleep_syncs_at_once(
    qtbot: QtBot,
    laptop: Profile,  # noqa: F811
) -> None:
    clock = WallClock()
    window = open_window(qtbot, laptop, clock)
    window.auto_sync.start()
    wanted: list[object] = []
    window.auto_sync.due.connect(wanted.append)
    assert window.auto_sync.periodic.remainingTime() > 60_000  # the 10 minutes' tick far off

    clock.asleep = timedelta(hours=3)  # a lunch break with the lid closed, within the limit

    qtbot.waitUntil(lambda: bool(wanted), timeout=2 * TICK_MS)
    assert not window.locked
    assert window.auto_sync.periodic.remainingTime() > 9 * 60_000  # counted from the wake
