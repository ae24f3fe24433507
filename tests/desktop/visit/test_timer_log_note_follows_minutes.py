"""The visit timer's log: the prefilled note says the minutes logged, until the
technician writes their own.

Before, a timer stopped under half a minute offered "1 min" with the note "Travel to
site: 0 min (visit timer)", and changing the minutes never changed the note: the entry
read "⏱ 1 min" beside "0 min"."""

from __future__ import annotations

import sqlite_utils
from pytestqt.qtbot import QtBot

from desktop.visit.dialogs import TimeLogDialog
from sync.store import outbox as outbox_store
from sync.store import timers
from tests.desktop.visit.local_visit import VISIT, local_db, seed
from tests.desktop.visit.test_timer_bar import PANEL_AT_1280, Panel, bar_in_panel

__all__ = ["local_db"]  # the fixture


def stopped_dialog(qtbot: QtBot, db: sqlite_utils.Database) -> tuple[Panel, TimeLogDialog]:
    """The panel, kept: the dialog is its bar's."""
    seed(db)
    panel = bar_in_panel(qtbot, db, PANEL_AT_1280)
    timers.start(db, VISIT, "travel")  # stopped at once: under half a minute
    panel.bar.stop("travel")
    dialog = panel.bar.dialog
    assert isinstance(dialog, TimeLogDialog)
    return panel, dialog


def logged_note(db: sqlite_utils.Database) -> tuple[int, str]:
    (row,) = outbox_store.rows(db)
    return row.payload["time_taken"], row.payload["content"]


def test_the_prefilled_note_says_the_minutes_logged(
    qtbot: QtBot, local_db: sqlite_utils.Database
) -> None:
    _panel, dialog = stopped_dialog(qtbot, local_db)
    assert dialog.minutes.value() == 1
    assert dialog.note.text() == "Travel to site: 1 min (visit timer)", "not '0 min'"
    dialog.minutes.setValue(25)
    assert dialog.note.text() == "Travel to site: 25 min (visit timer)"
    dialog.submit()
    assert logged_note(local_db) == (25, "Travel to site: 25 min (visit timer)")


def test_a_note_the_technician_wrote_is_kept(qtbot: QtBot, local_db: sqlite_utils.Database) -> None:
    _panel, dialog = stopped_dialog(qtbot, local_db)
    dialog.note.setText("Drive from the depot, roadworks on the A64")
    dialog.minutes.setValue(40)
    assert dialog.note.text() == "Drive from the depot, roadworks on the A64"
    dialog.submit()
    assert logged_note(local_db) == (40, "Drive from the depot, roadworks on the A64")
