"""The window says when the laptop's clock jumped under a running timer.

Before, a jump forward was added to the timer for good and nothing said so; now the
timer keeps the time that really passed, and the timer bar (and the status bar's
timer, in its tooltip) say what happened in words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlite_utils
from pytestqt.qtbot import QtBot

from desktop.common.messages import MessageBridge
from desktop.shell.timer_status import TimerStatus
from desktop.visit.timer_bar import TimerBar
from sync.changes.time_entry import log_time
from sync.store import timers
from tests.desktop.visit.local_visit import VISIT, local_db, seed

__all__ = ["local_db"]  # the fixture


def test_a_clock_jump_is_said_under_the_timers_and_in_the_status_bar(
    qtbot: QtBot, local_db: sqlite_utils.Database
) -> None:
    seed(local_db)
    bar = TimerBar(local_db, MessageBridge(), lambda: "alice")
    qtbot.addWidget(bar)
    bar.resize(575, 80)
    bar.show_visit(VISIT)
    bar.show()
    bar.starts["on_site"].click()
    assert not bar.jump.isVisible()

    # The laptop's clock 3 h ahead for a moment (a wrong time zone, then put right).
    timers.running(local_db, now=datetime.now(UTC) + timedelta(hours=3))
    bar.update_clocks()
    assert bar.jump.isVisible()
    assert bar.jump.text() == (  # read ahead, then (here) at the right time again
        "The laptop's clock jumped 3 h 00 min ahead and was set back 3 h 00 min while the"
        f" on-site timer of visit #{VISIT} ran: the timer counted only the time that really"
        " passed."
    )
    assert bar.clocks["on_site"].text().startswith("0:0"), "not 3:00:00"

    status = TimerStatus(local_db)
    qtbot.addWidget(status)
    assert status.text().endswith(" ⚠")
    assert bar.jump.text() in status.toolTip()
    status.stop()

    timers.start(local_db, VISIT, "travel")  # the on-site timer pauses, its time held
    local_db.execute("UPDATE visit_timers SET elapsed_s = 60 WHERE kind = 'on_site'")
    bar.update_clocks()
    assert bar.jump.isVisible(), "its time not logged yet: still said"
    log_time(local_db, VISIT, "on_site", 1, "", author="alice")
    bar.update_clocks()
    assert not bar.jump.isVisible(), "logged: nothing left to say"
