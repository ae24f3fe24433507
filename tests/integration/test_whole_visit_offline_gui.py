"""End to end, through the window: sign in, sync, RT goes down, a whole visit is done
offline, the app restarts, RT comes back, one sync — and RT holds each thing exactly once."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.account.sign_in import SignInDialog
from desktop.shell.main_window import MainWindow
from desktop.shell.sync_status import Connectivity
from devrt.instance import RTInstance, RunningRT
from sync import outbox
from sync.connectors.rt import FIELD_QUEUE, ticket_sql_quote
from sync.profile import Profile
from sync.store import tickets as ticket_store
from tests.desktop.visit import helpers
from tests.integration.helpers import (
    assert_one_signed_report,
    comments_with,
    connector,
    server_ticket,
)

pytestmark = [pytest.mark.rt, pytest.mark.slow]

NOTE = "Fuser unit replaced; test pages clean from both trays."


def open_window(profile: Profile, qtbot: QtBot) -> MainWindow:
    window = MainWindow(profile)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitActive(window):
        window.activateWindow()
    return window


def sign_in_through_the_dialog(window: MainWindow, rt: RunningRT, qtbot: QtBot) -> None:
    """File → Sign in…: type the address, user and password, press Sign in."""
    poll = QTimer()

    def fill_in_once_shown() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SignInDialog) or not dialog.isVisible():
            return  # exec() has not shown it yet
        poll.stop()
        qtbot.keyClicks(dialog.url, rt.url)
        qtbot.keyClicks(dialog.user, "alice")
        qtbot.keyClicks(dialog.secret, "fielddesk")
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)

    poll.timeout.connect(fill_in_once_shown)
    poll.start(50)
    with qtbot.waitSignal(window.sync_controller.finished, timeout=90_000) as first_sync:
        assert window.open_sign_in()  # modal: returns once signed in, then starts the sync
    assert first_sync.args[0].ok


def sync_now(window: MainWindow, qtbot: QtBot) -> object:
    """Ctrl+R, as the technician would press it."""
    if not window.isActiveWindow():  # a dialog just closed
        with qtbot.waitActive(window):
            window.activateWindow()
    with qtbot.waitSignal(window.sync_controller.finished, timeout=90_000) as done:
        qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    return done.args[0]


def test_a_whole_visit_done_offline_reaches_rt_once(
    rt: RunningRT, rt_instance: RTInstance, profile: Profile, qtbot: QtBot, tmp_path: Path
) -> None:
    window = open_window(profile, qtbot)
    sign_in_through_the_dialog(window, rt, qtbot)
    visit = next(
        v for v in ticket_store.list_visits(window.db) if "printer jams" in v.subject.lower()
    )
    before = server_ticket(rt, visit.id)

    rt_instance.down()  # the customer's basement: no network
    try:
        report = sync_now(window, qtbot)
        assert report.offline  # type: ignore[attr-defined]
        assert window.indicator.state is Connectivity.OFFLINE
        assert "Offline" in window.indicator.text.text()

        window.open_visit(visit.id)
        panel = window.visit_panel
        helpers.write_note(qtbot, panel, NOTE, quick=(60, 15))
        helpers.drop_files(panel, [helpers.make_photo(tmp_path / "fuser-before.jpg")])
        qtbot.keyClicks(panel.dialog.text, "Fuser before replacement.")  # type: ignore[union-attr]
        helpers.save(qtbot, panel, panel.dialog)  # type: ignore[arg-type]
        helpers.sign_report(qtbot, panel, "Julie Marsh")
        helpers.set_status(qtbot, panel, "resolved", reason="customer needs the printer back")
        helpers.new_ticket(qtbot, panel, "Waiting-room screen flickers at Acme")
        pending = len(outbox.rows(window.db))
        assert pending >= 5
        assert f"{pending} unsent" in window.indicator.text.text()

        # The laptop is closed and opened again: everything is still there, unsent.
        window.close()
        window = open_window(profile, qtbot)
        assert f"{pending} unsent" in window.indicator.text.text()
        assert ticket_store.get_visit(window.db, visit.id).status == "resolved"  # type: ignore[union-attr]
    finally:
        rt_instance.up()  # back at the office; the helpdesk has the same address

    report = sync_now(window, qtbot)
    assert report.ok and report.pushed == pending  # type: ignore[attr-defined]
    assert window.indicator.state is Connectivity.ONLINE
    assert "all sent" in window.indicator.text.text()
    again = sync_now(window, qtbot)
    assert again.pushed == 0  # type: ignore[attr-defined]

    assert len(comments_with(rt, visit.id, NOTE)) == 1
    [photo] = comments_with(rt, visit.id, "Fuser before replacement.")
    assert [a.filename for a in photo.attachments] == ["fuser-before.jpg"]
    assert_one_signed_report(rt, visit.id)
    after = server_ticket(rt, visit.id)
    assert after.fields["status"] == "resolved"
    assert after.time_worked == before.time_worked + 75
    created = connector(rt, "supervisor").search_tickets(
        f"Queue = {ticket_sql_quote(FIELD_QUEUE)}"
        " AND Subject = 'Waiting-room screen flickers at Acme'",
        "Owner",
    )
    assert len(created) == 1
