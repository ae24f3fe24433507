"""The visit list opens on the day: Today (or the profile's last choice), on the visit now."""

from __future__ import annotations

from datetime import timedelta

import sqlite_utils
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.visits import VisitsPage
from desktop.visits.model import Scope
from sync.profile import Profile
from sync.store import open_database
from tests.desktop.visits.helpers import visit


def page(qtbot: QtBot, db: sqlite_utils.Database | None) -> VisitsPage:
    shown = VisitsPage(QWidget(), db)
    qtbot.addWidget(shown)
    shown.resize(900, 500)
    shown.show()
    return shown


def test_opens_on_today_not_on_an_old_stalled_ticket(qtbot: QtBot) -> None:
    shown = page(qtbot, None)
    stale = visit(1, starts_in=timedelta(days=-2), status="stalled")  # two days old, still open
    shown.set_visits([stale, visit(2, starts_in=timedelta(days=3))])
    checked = shown.scope_buttons.checkedButton()
    assert checked is not None and checked.property("scope") == Scope.TODAY.value
    assert shown.model.visit_count() == 0 and shown.selected_id is None


def test_the_visit_under_way_is_selected(qtbot: QtBot) -> None:
    shown = page(qtbot, None)
    shown.set_scope(Scope.ALL)
    shown.set_visits(
        [
            visit(1, starts_in=timedelta(days=-2), status="stalled"),
            visit(2, starts_in=timedelta(minutes=-90), hours=0.5, status="resolved"),
            visit(3, starts_in=timedelta(minutes=-20), hours=0.5),  # under way
            visit(4, starts_in=timedelta(minutes=15)),
        ]
    )
    assert shown.selected_id == 3


def test_the_next_visit_is_selected_when_none_is_under_way(qtbot: QtBot) -> None:
    shown = page(qtbot, None)
    shown.set_scope(Scope.ALL)
    shown.set_visits(
        [
            visit(1, starts_in=timedelta(days=-2), status="stalled"),
            visit(2, starts_in=timedelta(hours=3)),
            visit(3, starts_in=timedelta(days=1)),
        ]
    )
    assert shown.selected_id == 2


def test_the_last_chosen_scope_is_remembered_per_profile(qtbot: QtBot, profile: Profile) -> None:
    db = open_database(profile.database_path)
    first = page(qtbot, db)
    week = next(b for b in first.scope_buttons.buttons() if b.property("scope") == "week")
    qtbot.mouseClick(week, Qt.MouseButton.LeftButton)
    again = page(qtbot, open_database(profile.database_path))  # the next start
    checked = again.scope_buttons.checkedButton()
    assert checked is not None and checked.property("scope") == Scope.WEEK.value
    elsewhere = page(qtbot, open_database(None))  # another profile: the day first
    checked = elsewhere.scope_buttons.checkedButton()
    assert checked is not None and checked.property("scope") == Scope.TODAY.value
