"""A sync wanted while one runs is not dropped: a note saved during a sync's pull (its
push already done), the network back during an offline try, or Sync now, start one
more sync when the run ends -- one for all of them, and never a loop of runs that fail.

It used to wait for the periodic tick, up to ten minutes: the "soon" timer fired during
the run and was dropped because a sync was running.
"""

from __future__ import annotations

import threading

import pytest
from pytestqt.qtbot import QtBot

from desktop.shell.main_window import MainWindow
from desktop.shell.sync_controller import SyncController
from desktop.shell.sync_status import OFFLINE_RETRY_SECONDS
from sync import outbox
from sync.engine import SyncEngine, SyncReport
from sync.profile import Profile
from sync.store import tickets as ticket_store
from tests.desktop.shell.test_helpdesk_busy import Window, busy_for_an_hour, clock, window

__all__ = ["clock", "window"]  # the fixtures, shared with the busy-helpdesk tests

OFFLINE = SyncReport(offline=True, error="the helpdesk cannot be reached")


@pytest.fixture
def running(window: Window, monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether the (pretend) sync runs: set it, then end the run with ``end_run``."""
    state = [False]
    monkeypatch.setattr(SyncController, "running", property(lambda _self: state[0]))

    def start(**options: object) -> bool:  # as the controller: none while one runs
        return not state[0] and window.start(**options)

    monkeypatch.setattr(window.sync.controller, "start", start)
    return state


def end_run(window: Window, running: list[bool], report: SyncReport) -> None:
    running[0] = False
    window.sync.controller.finished.emit(report)


def test_what_came_during_a_run_starts_one_sync_when_it_ends(
    window: Window, running: list[bool]
) -> None:
    auto = window.sync.auto
    running[0] = True
    auto.after_local_change()
    auto.soon.timeout.emit()  # a note saved during the pull
    auto.network_back()
    window.sync.start()  # Sync now (the lock screen's button)
    assert window.runs == 0

    end_run(window, running, SyncReport(pushed=1, tickets_pulled=2))
    assert window.runs == 1  # one for all three
    end_run(window, running, SyncReport(pushed=1))
    assert window.runs == 1  # nothing came during that one


def test_the_timer_ticking_during_a_run_adds_none(window: Window, running: list[bool]) -> None:
    running[0] = True
    window.sync.auto.periodic.timeout.emit()  # the run going fetches what the tick would
    end_run(window, running, SyncReport(tickets_pulled=1))
    assert window.runs == 0


def test_a_run_that_ends_offline_or_busy_does_not_start_another(
    window: Window, running: list[bool]
) -> None:
    """The next try is the offline probe's (a minute), or the helpdesk's wait's end."""
    auto = window.sync.auto
    for report in (OFFLINE, busy_for_an_hour()):
        running[0] = True
        auto.soon.timeout.emit()
        window.sync.start()
        end_run(window, running, report)
        assert window.runs == 0, report
    assert auto.resume.isActive()  # the busy helpdesk's hour


def test_the_network_back_during_an_offline_try_starts_one_more_not_a_loop(
    window: Window, running: list[bool]
) -> None:
    auto = window.sync.auto
    running[0] = True
    auto.network_back()  # while the try started offline still waits for its answer
    end_run(window, running, OFFLINE)
    assert window.runs == 1

    running[0] = True  # that one fails offline too (the Wi-Fi has no way out yet)
    end_run(window, running, OFFLINE)
    assert window.runs == 1  # the probe's turn now
    assert auto.periodic.interval() == OFFLINE_RETRY_SECONDS * 1000


@pytest.mark.rt
def test_a_note_saved_during_a_sync_is_sent_by_one_that_starts_as_it_ends(
    alice: Profile, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    pulling, go_on = threading.Event(), threading.Event()
    pull = SyncEngine.pull

    def slow_pull(engine: SyncEngine, report: SyncReport) -> None:
        pulling.set()
        go_on.wait(60)  # a slow link: the downloads outlast the 'soon' timer
        pull(engine, report)

    monkeypatch.setattr(SyncEngine, "pull", slow_pull)
    window = MainWindow(alice)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.auto_sync.soon.setInterval(100)
    visit = next(v for v in ticket_store.list_visits(window.db) if v.status in ("new", "open"))

    with qtbot.waitSignal(window.sync_controller.finished, timeout=90_000):
        window.auto_sync.periodic.timeout.emit()  # the ten-minute tick
        qtbot.waitUntil(pulling.is_set, timeout=60_000)  # its push is done
        outbox.add_note(window.db, visit.id, "Fan replaced during the sync.", author="alice")
        window.local_change_saved()
        qtbot.waitUntil(lambda: not window.auto_sync.soon.isActive())  # fired, mid-run
        go_on.set()
    assert outbox.unsent_count(window.db) == 1  # the run had pushed before it was saved

    assert window.sync_controller.running  # the next run started as that one ended
    with qtbot.waitSignal(window.sync_controller.finished, timeout=90_000) as finished:
        pass
    assert finished.args[0].pushed == 1
    assert outbox.unsent_count(window.db) == 0
    assert "all sent" in window.indicator.text.text()
