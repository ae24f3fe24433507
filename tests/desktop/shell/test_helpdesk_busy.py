"""A busy helpdesk asked for an hour's peace (Retry-After): the window says until when,
starts no sync of its own before then, one when the wait is over, and "Sync now" still
works.  Driven by the run's report, as the sync worker hands it over (no helpdesk needed:
tests/faults/test_slow_helpdesk.py gets that report from the real RT).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from desktop.shell.sync_status import Connectivity
from desktop.shell.window_sync import WindowSync
from sync.engine import SyncReport
from sync.profile import Profile
from tests.desktop.gui_helpers import Said

HOUR_S = 3600.0


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


class Window:
    """The window's sync side; ``runs`` counts the syncs it started (none really runs)."""

    def __init__(self, sync: WindowSync) -> None:
        self.sync = sync
        self.runs = 0

    def start(self, **_options: object) -> bool:
        self.runs += 1
        return True


@pytest.fixture
def window(
    profile: Profile, qtbot: QtBot, said: Said, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Window]:
    main = QMainWindow()
    qtbot.addWidget(main)
    sync = WindowSync(main, profile, said.bridge, lambda: True)
    sync.auto.clock = clock
    sync.auto.start()
    shell = Window(sync)
    monkeypatch.setattr(sync.controller, "start", shell.start)
    main.show()
    yield shell
    # As the window does when it closes: a retry booked by a report (changes to retry)
    # would otherwise fire in a later test, with the real controller back, and start a sync.
    sync.shutdown()


def busy_for_an_hour() -> SyncReport:
    """What the engine reports when RT answers 503 with Retry-After: 3600."""
    return SyncReport(
        offline=True,
        error="the helpdesk is busy or in maintenance and asked us to wait 1 h",
        next_try_in_s=HOUR_S,
    )


def expected_clock(clock: Clock) -> str:
    """The hour's end as the technician's clock shows it (rounded up to the minute),
    "tomorrow" when it crosses midnight."""
    end = (clock.now + timedelta(seconds=HOUR_S + 59.999999)).astimezone()
    day = "tomorrow " if end.date() != clock.now.astimezone().date() else ""
    return f"{day}{end:%H:%M}"


def automatic_triggers(sync: WindowSync) -> None:
    """The timer ticks, a change was just saved, and the network came back."""
    sync.auto.periodic.timeout.emit()
    sync.auto.after_local_change()
    sync.auto.soon.timeout.emit()
    sync.auto.network_back()


def test_the_window_says_when_it_tries_again(window: Window, clock: Clock) -> None:
    window.sync.controller.finished.emit(busy_for_an_hour())

    indicator = window.sync.indicator
    assert indicator.state is Connectivity.BUSY
    assert f"Helpdesk busy — next try at {expected_clock(clock)}" in indicator.text.text()
    status = window.sync.window.statusBar().currentMessage()
    assert "asked us to wait 1 h" in status and expected_clock(clock) in status
    assert "Your changes are kept" in status


def test_nothing_starts_on_its_own_before_the_wait_is_over(window: Window, clock: Clock) -> None:
    window.sync.controller.finished.emit(busy_for_an_hour())
    auto = window.sync.auto

    automatic_triggers(window.sync)
    clock.now += timedelta(minutes=59)
    automatic_triggers(window.sync)
    assert window.runs == 0
    # One sync is booked for the end of the wait, not a minute before (the timer runs on
    # the real clock: a loaded machine may take some seconds to get here).
    assert auto.resume.isActive()
    assert HOUR_S - 30 <= auto.resume.remainingTime() / 1000 <= HOUR_S + 60

    clock.now += timedelta(minutes=2)
    auto.resume.timeout.emit()
    assert window.runs == 1
    auto.periodic.timeout.emit()
    assert window.runs == 2  # back to the usual rhythm


def test_sync_now_still_works_and_a_good_run_ends_the_wait(window: Window) -> None:
    window.sync.controller.finished.emit(busy_for_an_hour())

    assert window.sync.sync_action.isEnabled()
    window.sync.sync_action.trigger()
    assert window.runs == 1

    window.sync.controller.finished.emit(SyncReport(pushed=1, tickets_pulled=3))
    assert window.sync.indicator.state is Connectivity.ONLINE
    assert "busy" not in window.sync.indicator.text.text()
    assert not window.sync.auto.resume.isActive()
    window.sync.auto.periodic.timeout.emit()
    assert window.runs == 2


def test_a_stopped_run_says_what_happened(window: Window) -> None:
    """A change's answer lost on the way back: the status says what happened, not just "offline"."""
    lost = (
        "the connection to the helpdesk broke after the change was sent, before its answer "
        "came; nothing is lost: the change is checked before any resend, never sent twice"
    )
    window.sync.controller.finished.emit(SyncReport(offline=True, error=lost))

    status = window.sync.window.statusBar().currentMessage()
    assert status == f"Not synced: {lost}. Your changes are kept and will be sent later."
    assert window.sync.indicator.state is Connectivity.OFFLINE
    window.sync.auto.periodic.timeout.emit()  # probing soon is right: the next sync checks it
    assert window.runs == 1


def test_a_change_in_doubt_is_looked_for_again_when_it_may_go_not_at_the_next_tick(
    window: Window,
) -> None:
    """A note whose answer was lost, not on the helpdesk yet, may be sent again in 90 s: a
    sync starts then, not up to ten minutes later with the periodic timer."""
    auto = window.sync.auto
    window.sync.controller.finished.emit(SyncReport(pushed=2, retry_later=1, resend_in_s=90.0))

    assert auto.resend.isActive()
    assert 60 <= auto.resend.remainingTime() / 1000 <= 95  # a coarse timer: 5 % either way
    auto.resend.timeout.emit()
    assert window.runs == 1

    window.sync.controller.finished.emit(SyncReport(pushed=1))  # found or sent: nothing waits
    assert not auto.resend.isActive()


def test_a_change_backing_off_after_an_error_waits_for_the_tick(window: Window) -> None:
    """Its backoff restarts with each run: a sync at its moment (a second or two) would
    hammer a failing helpdesk; the timer's rhythm holds, and a change in doubt due at
    once still leaves half a minute between syncs."""
    auto = window.sync.auto
    window.sync.controller.finished.emit(SyncReport(retry_later=1))
    assert not auto.resend.isActive()

    window.sync.controller.finished.emit(SyncReport(retry_later=1, resend_in_s=0.0))
    assert auto.resend.remainingTime() / 1000 >= 25


def test_a_change_the_helpdesk_took_only_in_part_is_told(window: Window, said: Said) -> None:
    """RT kept a checklist's note and refused the field sent with it: the user is told,
    as a warning (nothing waits in the Outbox; the note is on the helpdesk)."""
    notice = (
        "#7: Checklist: PM: saved on the helpdesk, but it did not take all of it "
        "(Checklist State: Permission Denied)"
    )
    window.sync.controller.finished.emit(SyncReport(pushed=1, notices=[notice]))

    assert notice in said.texts()
    assert window.sync.indicator.state is Connectivity.ONLINE
