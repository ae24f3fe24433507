"""How a sync ended is read out to a screen reader when the technician asked for it (Sync
now, Ctrl+R), pressed Cancel, or the helpdesk came or went -- not the "Synced" of every
automatic run, every ten minutes.  It used to go to the status bar only: a blind
technician who pressed Ctrl+R never heard whether the sync worked or they were offline.

Driven by the run's report, as the sync worker hands it over (no helpdesk needed)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAccessible

from desktop.shell.sync_status import Why
from sync.engine import SyncReport
from tests.desktop.keyboard_helpers import Announced, record_announcements
from tests.desktop.shell.test_helpdesk_busy import Window, busy_for_an_hour, clock, window

__all__ = ["clock", "window"]  # the fixtures, shared with the busy-helpdesk tests

POLITE = QAccessible.AnnouncementPoliteness.Polite
SYNCED = SyncReport(pushed=1, tickets_pulled=2)
OFFLINE = SyncReport(offline=True, error="the helpdesk cannot be reached")
SYNCED_WORDS = "Synced: 1 sent, 2 visits updated"
OFFLINE_WORDS = "Not synced: the helpdesk cannot be reached. Your changes are kept and will be"


@pytest.fixture
def heard(monkeypatch: pytest.MonkeyPatch) -> Announced:
    return record_announcements(monkeypatch)


def sync_now(window: Window, report: SyncReport) -> None:
    window.sync.sync_action.trigger()  # Sync now, Ctrl+R
    window.sync.controller.finished.emit(report)


def automatic(window: Window, report: SyncReport) -> None:
    window.sync.auto.due.emit(Why.TICK)
    window.sync.controller.finished.emit(report)


def texts(heard: Announced) -> list[str]:
    return [text for text, _politeness in heard]


def test_sync_now_is_heard_to_end_synced_or_offline(window: Window, heard: Announced) -> None:
    sync_now(window, SYNCED)
    assert heard == [(SYNCED_WORDS, POLITE)]
    sync_now(window, OFFLINE)
    sync_now(window, OFFLINE)  # still offline: asked, so told again
    assert texts(heard)[1:] == [texts(heard)[1]] * 2
    assert texts(heard)[1].startswith(OFFLINE_WORDS)
    assert window.runs == 3


def test_automatic_runs_are_heard_only_when_the_helpdesk_comes_or_goes(
    window: Window, heard: Announced
) -> None:
    automatic(window, SYNCED)
    automatic(window, SYNCED)
    assert heard == []  # the timer's runs: not news
    automatic(window, OFFLINE)
    automatic(window, OFFLINE)
    assert len(heard) == 1 and heard[0][0].startswith(OFFLINE_WORDS)
    automatic(window, SYNCED)  # back online
    assert heard[1:] == [(SYNCED_WORDS, POLITE)]
    automatic(window, SYNCED)
    assert len(heard) == 2
    assert window.runs == 6


def test_a_cancelled_run_is_heard_whoever_started_it(window: Window, heard: Announced) -> None:
    automatic(window, SYNCED)
    automatic(window, SyncReport(cancelled=True))  # Cancel sync pressed during it
    assert texts(heard) == ["Sync cancelled; it resumes where it stopped next time"]


def test_a_busy_helpdesk_is_heard_after_sync_now(window: Window, heard: Announced) -> None:
    sync_now(window, busy_for_an_hour())
    [(text, politeness)] = heard
    assert text.startswith("The helpdesk is busy and asked us to wait 1 h") and politeness is POLITE


def test_sync_now_pressed_during_a_run_is_heard_at_the_end_of_the_next(
    window: Window, heard: Announced, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The run going was the timer's: the one Sync now asked for comes after it."""
    running = [True]
    controller = window.sync.controller
    monkeypatch.setattr(type(controller), "running", property(lambda _self: running[0]))
    monkeypatch.setattr(controller, "start", lambda **_options: not running[0])
    window.sync.sync_action.trigger()  # refused: one runs
    running[0] = False
    controller.finished.emit(SyncReport(tickets_pulled=1))  # the timer's: Sync now's starts
    controller.finished.emit(SYNCED)
    assert heard == [(SYNCED_WORDS, POLITE)]


@pytest.mark.parametrize(
    ("report", "words"),
    [
        (SyncReport(tickets_pulled=1), "Synced: nothing to send, 1 visit updated"),
        (SyncReport(rejected=["#3"]), "Synced: 0 sent, 1 refused, 0 visits updated"),
        (
            SyncReport(retry_later=3, tickets_pulled=1),
            "Synced: 0 sent, 3 to retry, 1 visit updated",
        ),
        (SyncReport(pushed=2, conflicts=1), "Synced: 2 sent, 1 in conflict, 0 visits updated"),
    ],
    ids=["nothing", "refused", "to-retry", "conflict"],
)
def test_nothing_to_send_only_when_nothing_was_held_back(
    window: Window, heard: Announced, report: SyncReport, words: str
) -> None:
    """A refused change, one in conflict or one left to retry was summed up as "nothing to
    send", as if the outbox were empty."""
    sync_now(window, report)
    assert texts(heard)[0].startswith(words), texts(heard)
