"""The screens other than the visit list are made when first needed, the visit panel
just after the first paint; the user sees no difference: every screen is on the rail
and in the View menu from the start, opens with its Ctrl+<n>, knows the visit being
worked on, and F1 lists its keys; the panel shows the list's visit a frame later."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop.kb import KnowledgeBaseView
from desktop.outbox import OutboxView
from desktop.shell.lazy_screen import LazyScreen
from desktop.shell.main_window import MainWindow
from desktop.visits.model import Scope
from desktop.visits.page import SCOPE_SETTING
from sync.profile import Profile
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from sync.store.settings import set_setting
from tests.sync.test_store import remote_ticket

LATER = ("kb", "outbox", "conflicts", "ready", "assets")


def opened(profile: Profile, qtbot: QtBot) -> MainWindow:
    db = open_database(profile.database_path)
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket(7, site="ACME Dental"))
    db.close()
    window = MainWindow(profile)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitActive(window):
        window.activateWindow()
    return window


def test_every_screen_is_on_the_rail_and_opens_with_its_key(profile: Profile, qtbot: QtBot) -> None:
    window = opened(profile, qtbot)
    titles = [page.title for page in window.rail.pages.values()]
    assert titles == [
        "My visits",
        "Knowledge base",
        "Outbox",
        "Conflicts",
        "Ready for the road",
        "Equipment",
    ]
    assert [a.text() for a in window.view_menu.actions()] == titles
    assert all(window._later[key].built is None for key in LATER)  # not made at start

    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == "outbox"
    page = window.rail.pages["outbox"].widget
    assert isinstance(page, LazyScreen) and isinstance(page.built, OutboxView)
    assert page.built.isVisible()


def test_a_screen_made_later_knows_the_visit_being_worked_on(
    profile: Profile, qtbot: QtBot
) -> None:
    window = opened(profile, qtbot)
    window.open_visit(7)
    window.open_article(1)  # a KB link in the visit: the KB opens on the article
    assert window.current_page() == "kb"
    assert isinstance(window.kb, KnowledgeBaseView) and window.kb.visit_id == 7
    window.open_visit(7)
    assert window.assets.current_visit == 7


def test_f1_lists_the_keys_of_screens_not_opened_yet(
    profile: Profile, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = opened(profile, qtbot)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)  # F1's box: read, not waited on
    window.show_shortcuts()
    assert "Ctrl+K" in window.shortcut_box.text()  # the Knowledge base's Search
    assert window.current_page() == "visits"  # listed, not opened


class _Paints(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_the_window_is_started_after_its_first_paint(profile: Profile, qtbot: QtBot) -> None:
    window = MainWindow(profile)
    qtbot.addWidget(window)
    paints = _Paints()
    window.installEventFilter(paints)
    painted_when_started: list[int] = []
    window.started.connect(lambda: painted_when_started.append(paints.count))
    window.show()
    qtbot.waitUntil(lambda: bool(painted_when_started))
    assert painted_when_started[0] >= 1


def test_a_window_never_shown_still_starts(profile: Profile, qtbot: QtBot) -> None:
    window = MainWindow(profile)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.started, timeout=1000):
        pass


def test_the_visit_panel_fills_in_just_after_the_first_paint(
    profile: Profile, qtbot: QtBot
) -> None:
    from desktop.visit import VisitDetail  # noqa: PLC0415 - made by the window, after its paint

    db = open_database(profile.ensure().database_path)
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket(7, visit_start=soon()))
        set_setting(db, SCOPE_SETTING, Scope.ALL.value)  # "soon" may be tomorrow at midnight
    db.close()
    window = MainWindow(profile)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.findChild(VisitDetail) is not None)
    # Nothing asked for it: the panel came with the list's visit and filled the Visit menu.
    panel = window.findChild(VisitDetail)
    assert panel is not None and panel.isVisible()
    assert window.visits.selected_id == 7
    assert panel.visit is not None and panel.visit.id == 7
    assert panel.header.title.full_text.startswith("#7 ")
    in_menu = [a for a in window.visit_menu.actions() if not a.isSeparator()]
    assert set(in_menu) == {*panel.work_actions.actions.values(), panel.newest_first}
    assert panel.width() >= 500  # the width the visits page keeps for it


def soon() -> str:
    """A visit about to start: the one the list selects (the next one up)."""
    return (datetime.now(UTC) + timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
