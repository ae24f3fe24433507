"""The main window over a replica filled by a real sync from the private RT."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.common.messages import Level
from desktop.shell.main_window import MainWindow
from desktop.shell.sync_status import Connectivity
from desktop.visits.model import IS_HEADING_ROLE, SITE, Scope, VisitsModel
from devrt.instance import RunningRT
from sync import outbox
from sync.profile import Profile
from sync.session import sign_in
from sync.store import tickets as ticket_store

pytestmark = pytest.mark.rt


@pytest.fixture
def window(alice: Profile, qtbot: QtBot) -> MainWindow:
    main = MainWindow(alice)
    qtbot.addWidget(main)
    show(main, qtbot)
    return main


def show(main: MainWindow, qtbot: QtBot) -> None:
    """Shown and active, so window shortcuts (Ctrl+R, Alt+1…) reach it."""
    main.show()
    with qtbot.waitActive(main):
        main.activateWindow()


def shown_visit_ids(window: MainWindow) -> list[int]:
    model = window.visits.model
    return [v.id for r in range(model.rowCount()) if (v := model.visit_at(r)) is not None]


def test_sync_button_fills_the_visit_list_without_blocking(
    rt: RunningRT, profile: Profile, qtbot: QtBot
) -> None:
    sign_in(profile, rt.url, "alice", rt.token("alice"), "token")
    main = MainWindow(profile)
    qtbot.addWidget(main)
    show(main, qtbot)
    assert main.visits.model.visit_count() == 0
    with qtbot.waitSignal(main.sync_controller.finished, timeout=60_000) as finished:
        qtbot.keyClick(main, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)  # "Sync now"
        assert main.progress_action.isVisible() and not main.sync_action.isEnabled()
    assert finished.args[0].ok
    everything = len(ticket_store.list_visits(main.db))
    qtbot.waitUntil(lambda: 0 < main.visits.model.visit_count() < everything)  # today's
    qtbot.keyClick(main, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)  # All
    qtbot.waitUntil(lambda: main.visits.model.visit_count() == everything)
    assert main.sync_action.isEnabled() and not main.progress_action.isVisible()
    assert main.indicator.state is Connectivity.ONLINE
    assert "synced just now" in main.indicator.text.text()
    assert main.visit_panel.header.title.full_text.startswith("#")  # the first visit is shown


def test_visits_are_grouped_by_day_with_headings(window: MainWindow) -> None:
    model = window.visits.model
    headings = [model.index(r, 0).data() for r in model.heading_rows()]
    assert any(h.startswith("Today · ") for h in headings)
    assert any(h.startswith("Not scheduled") for h in headings) or all(
        v.visit_start for v in ticket_store.list_visits(window.db)
    )
    # Headings are not rows to stand on (tests/desktop/visits/test_day_headings.py).
    first_heading = model.heading_rows()[0]
    assert model.index(first_heading, 0).data(IS_HEADING_ROLE)


def test_today_and_week_scopes(window: MainWindow, qtbot: QtBot) -> None:
    all_count = len(ticket_store.list_visits(window.db))
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)  # All
    qtbot.waitUntil(lambda: window.visits.model.visit_count() == all_count)
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)  # Today
    qtbot.waitUntil(lambda: window.visits.model.visit_count() < all_count)
    today = [ticket_store.get_visit(window.db, i) for i in shown_visit_ids(window)]
    assert today, "the sample data has visits today"
    assert all(v is not None and v.visit_start for v in today)
    assert len(today) < all_count
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # This week
    qtbot.waitUntil(lambda: window.visits.model.visit_count() > len(today))
    assert window.visits.model.visit_count() <= all_count
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)  # All
    qtbot.waitUntil(lambda: window.visits.model.visit_count() == all_count)


def test_filter_as_you_type_keeps_only_matching_days(window: MainWindow, qtbot: QtBot) -> None:
    window.visits.set_scope(Scope.ALL)
    total = window.visits.model.visit_count()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.visits.filter.hasFocus()
    qtbot.keyClicks(window.visits.filter, "acme")
    model = window.visits.model
    assert 0 < model.visit_count() < total
    for visit_id in shown_visit_ids(window):
        row = model.row_of(visit_id)
        assert row is not None and "acme" in model.index(row, SITE).data().lower()
    # every heading left has a visit under it
    for row in model.heading_rows():
        assert model.visit_at(row + 1) is not None
    qtbot.keyClicks(window.visits.filter, "zzzz-nothing")
    assert model.rowCount() == 0 and window.visits.empty.isVisibleTo(window)
    window.visits.filter.clear()  # back to every visit: the "no match" note goes
    assert model.visit_count() == total
    assert not window.visits.empty.isVisibleTo(window)


def test_unsent_change_shows_a_badge_and_the_count(window: MainWindow, qtbot: QtBot) -> None:
    visit_id = shown_visit_ids(window)[0]
    outbox.add_note(window.db, visit_id, "Checked the cabling", author="alice", minutes=15)
    with qtbot.waitSignal(window.visits.loaded):  # the list re-reads on its worker
        window.local_change_saved()
    model = window.visits.model
    row = model.row_of(visit_id)
    assert row is not None and "↑ 1" in model.index(row, 7).data()
    assert "1 unsent" in window.indicator.text.text()
    assert window.auto_sync.soon.isActive()  # it will be sent soon without a click


def test_new_visits_after_a_sync_are_announced(window: MainWindow, qtbot: QtBot) -> None:
    visits = ticket_store.list_visits(window.db)
    window._known_visit_ids = {v.id for v in visits[1:]}  # as if the first one just arrived
    with qtbot.waitSignal(window.visits.loaded):
        window.refresh()
    assert window.notifier.last is not None
    assert f"#{visits[0].id}" in window.notifier.last[1]
    assert window.banner.message is not None and window.banner.message.level is Level.INFO


def test_visit_model_passes_qt_model_tester(window: MainWindow, qtmodeltester: ModelTester) -> None:
    model = VisitsModel(today=date.today())
    model.set_visits(ticket_store.list_visits(window.db))
    qtmodeltester.check(model)
    model.set_filter("acme")
    qtmodeltester.check(model)


def test_closing_mid_sync_loses_nothing(rt: RunningRT, profile: Profile, qtbot: QtBot) -> None:
    sign_in(profile, rt.url, "bob", rt.token("bob"), "token")
    main = MainWindow(profile, sync_on_start=True)
    qtbot.addWidget(main)
    qtbot.waitUntil(lambda: main.sync_controller.running)  # starts after the first paint
    main.close()  # cancels and waits for the worker
    assert not main.sync_controller.running
    again = MainWindow(profile)
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.sync_controller.finished, timeout=60_000):
        again.sync_action.trigger()
    again.visits.set_scope(Scope.ALL)  # bob's visits may all be on another day than today
    qtbot.waitUntil(lambda: again.visits.model.visit_count() > 0)  # read on the list's worker


def test_not_signed_in_says_so(tmp_path: Path, qtbot: QtBot) -> None:
    main = MainWindow(Profile(tmp_path / "p").ensure())
    qtbot.addWidget(main)
    assert main.banner.isVisibleTo(main)
    assert "Not signed in" in main.banner.text.text()
    assert "not signed in" in main.windowTitle()
    assert main.visits.model.rowCount() == 0
