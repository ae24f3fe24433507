"""The network check opens from the visit (its site) and from the Tools menu (no site)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.netcheck import NetcheckDialog
from desktop.shell.main_window import MainWindow
from sync.profile import Profile
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from tests.sync.test_store import remote_ticket

VISIT = 7


@pytest.fixture
def window(tmp_path: Path, qtbot: QtBot) -> MainWindow:
    profile = Profile(tmp_path / "p").ensure()
    db = open_database(profile.database_path)
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket(VISIT, site="ACME Dental"))
    db.close()
    main = MainWindow(profile)
    qtbot.addWidget(main)
    main.show()
    main.open_visit(VISIT)
    return main


def open_dialogs(window: MainWindow) -> list[NetcheckDialog]:
    return [d for d in window.findChildren(NetcheckDialog) if d.isVisible()]


def test_the_visit_action_opens_the_check_for_the_visits_site(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.visit_panel.work_actions["netcheck"].trigger()
    (dialog,) = open_dialogs(window)
    assert dialog.windowTitle() == "Network check — #7 ACME Dental"
    assert dialog.site_label.text().startswith("Site: ACME Dental")
    assert dialog.attach_button.toolTip().startswith("An internal note")


def test_the_tools_menu_opens_a_check_without_a_site(window: MainWindow) -> None:
    (action,) = [a for a in window.tools_menu.actions() if a.text() == "&Network check…"]
    action.trigger()
    (dialog,) = open_dialogs(window)
    assert dialog.visit is None
    assert dialog.windowTitle() == "Network check"
    assert not dialog.save_targets_button.isEnabled()


def test_closing_the_window_closes_its_checks(window: MainWindow, qtbot: QtBot) -> None:
    window.open_netcheck(VISIT)
    (dialog,) = open_dialogs(window)
    with qtbot.waitSignal(dialog.finished):
        window.close()
    assert not window.netchecks
