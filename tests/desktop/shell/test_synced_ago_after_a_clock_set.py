"""The laptop's clock ran an hour ahead at a sync; NTP set it right at the next Wi-Fi.
The indicator ages that sync as time passes ("synced 10 min ago"), not "synced just now"
for the hour the clock was ahead: this window's own sync is aged on a clock nobody sets.
A stored stamp ahead of the clock (an earlier session's) is never "just now" either.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot

import sync.store.settings
from desktop.shell.main_window import MainWindow
from desktop.shell.sync_status import SyncIndicator, ago
from sync.engine import SyncReport
from sync.profile import Profile
from sync.stamps import STAMP_FORMAT
from tests.desktop.shell.test_helpdesk_busy import Window, clock, window

__all__ = ["clock", "window"]  # the fixtures, shared with the busy-helpdesk tests

HOUR = timedelta(hours=1)


class Steady:
    """The steady clock, moved by the test."""

    def __init__(self) -> None:
        self.seconds = 1000.0

    def __call__(self) -> float:
        return self.seconds


def stamp(moment: datetime) -> str:
    return moment.strftime(STAMP_FORMAT)


def test_a_stamp_ahead_of_the_clock_is_not_just_now() -> None:
    now = datetime.now(UTC)
    for ahead in (timedelta(minutes=10), HOUR, timedelta(days=2)):
        assert ago(stamp(now + ahead), now) != "just now", ahead
    assert ago(stamp(now - timedelta(seconds=20)), now) == "just now"
    assert ago(stamp(now - timedelta(minutes=12)), now) == "12 min ago"


def test_this_windows_sync_ages_whatever_the_wall_clock_did(window: Window) -> None:
    indicator = window.sync.indicator
    steady = indicator.steady = Steady()
    window.sync.controller.finished.emit(SyncReport(pushed=1, tickets_pulled=3))
    # What the window re-reads after it: the laptop's clock then, an hour ahead.
    indicator.update_state(last_sync=stamp(datetime.now(UTC) + HOUR))
    assert "synced just now" in indicator.text.text()

    synced_at = steady.seconds
    for minutes in (10, 30, 50):
        steady.seconds = synced_at + 60 * minutes
        window.sync.controller.finished.emit(SyncReport(offline=True, error="no network"))
        assert f"synced {minutes} min ago" in indicator.text.text(), minutes


def test_before_its_own_sync_the_window_tells_the_stored_one(qtbot: QtBot) -> None:
    indicator = SyncIndicator()
    qtbot.addWidget(indicator)
    indicator.update_state(last_sync=stamp(datetime.now(UTC) - timedelta(minutes=7)))
    assert "synced 7 min ago" in indicator.text.text()


@pytest.mark.rt
def test_a_real_sync_while_the_clock_ran_ahead_ages_after_ntp_set_it(
    alice: Profile, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    class AnHourAhead(datetime):
        @classmethod
        def now(cls, tz: object = None) -> datetime:  # type: ignore[override]
            return datetime.now(UTC) + HOUR

    window = MainWindow(alice)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    steady = window.indicator.steady = Steady()
    monkeypatch.setattr(sync.store.settings, "datetime", AnHourAhead)  # the stamp it stores
    with qtbot.waitSignal(window.sync_controller.finished, timeout=90_000) as finished:
        window.sync_action.trigger()
    assert finished.args[0].ok
    monkeypatch.undo()  # NTP set the clock right
    assert "synced just now" in window.indicator.text.text()

    steady.seconds += 10 * 60
    window.indicator.update_state()  # its ticker
    assert "synced 10 min ago" in window.indicator.text.text()
