"""The main window over a replica filled by a real sync from the private RT."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.main_window import MainWindow
from desktop.models.visits import VisitsModel
from devrt.instance import RunningRT
from sync.profile import Profile
from sync.session import sign_in
from sync.store import tickets as ticket_store

pytestmark = pytest.mark.rt


@pytest.fixture
def window(rt: RunningRT, profile: Profile, qtbot: QtBot) -> MainWindow:
    sign_in(profile, rt.url, "alice", rt.token("alice"), "token")
    main = MainWindow(profile)
    qtbot.addWidget(main)
    with qtbot.waitSignal(main.sync_controller.finished, timeout=60_000) as finished:
        main.sync_action.trigger()  # the toolbar's "Sync now" (Ctrl+R)
    assert finished.args[0].ok
    return main


def test_sync_button_fills_the_visit_list_without_blocking(window: MainWindow) -> None:
    assert window.model.rowCount() == len(ticket_store.list_visits(window.db)) > 0
    assert window.sync_action.isEnabled() and not window.progress.isVisible()
    assert window.detail.toPlainText().startswith("#")  # the first visit is shown


def test_filter_as_you_type(window: MainWindow, qtbot: QtBot) -> None:
    total = window.proxy.rowCount()
    qtbot.keyClicks(window.filter, "acme")
    assert 0 < window.proxy.rowCount() < total
    for row in range(window.proxy.rowCount()):
        assert "acme" in window.proxy.index(row, 1).data().lower()


def test_visit_model_passes_qt_model_tester(window: MainWindow, qtmodeltester: ModelTester) -> None:
    model = VisitsModel()
    model.set_visits(ticket_store.list_visits(window.db))
    qtmodeltester.check(model)


def test_closing_mid_sync_loses_nothing(rt: RunningRT, profile: Profile, qtbot: QtBot) -> None:
    sign_in(profile, rt.url, "bob", rt.token("bob"), "token")
    main = MainWindow(profile, sync_on_start=True)
    qtbot.addWidget(main)
    assert main.sync_controller.running
    main.close()  # cancels and waits for the worker
    assert not main.sync_controller.running
    again = MainWindow(profile)
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.sync_controller.finished, timeout=60_000):
        again.sync_action.trigger()
    assert again.model.rowCount() > 0


def test_not_signed_in_says_so(tmp_path: Path, qtbot: QtBot) -> None:
    main = MainWindow(Profile(tmp_path / "p").ensure())
    qtbot.addWidget(main)
    assert "Not signed in" in main.statusBar().currentMessage()
    assert main.model.rowCount() == 0
