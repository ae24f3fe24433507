"""The sync indicator tells the truth: running, refused, in conflict — and leads to the fix.

The indicator on its own first; then a real sync against the private RT in
which the helpdesk refuses a note for a missing right.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.shell.main_window import MainWindow
from desktop.shell.sync_status import Connectivity, SyncIndicator
from devrt.instance import RunningRT
from sync import outbox
from sync.account import Account, save_account
from sync.errors import Cause
from sync.profile import Profile
from sync.store import tickets as ticket_store
from tests.integration import rt_admin


def test_a_running_sync_says_so_with_its_progress(qtbot: QtBot) -> None:
    indicator = SyncIndicator()
    qtbot.addWidget(indicator)
    assert "Connection not checked yet" in indicator.text.text()
    indicator.sync_started()
    assert indicator.text.text().startswith("Syncing…")
    indicator.sync_progressed("pull", 3, 12)
    text = indicator.text.text()
    assert text.startswith("Syncing — downloading visits 3 of 12")
    assert "not checked" not in text and "never" not in text
    indicator.sync_ended()
    indicator.update_state(state=Connectivity.ONLINE, last_sync="2026-01-01T00:00:00Z")
    assert indicator.text.text().startswith("Online · synced ")


def test_a_laptop_never_synced_says_not_synced_yet(qtbot: QtBot) -> None:
    """ "synced never" read as a fault on a laptop that simply has not synced yet."""
    indicator = SyncIndicator()
    qtbot.addWidget(indicator)
    text = indicator.text.text()
    assert "not synced yet" in text and "never" not in text
    indicator.update_state(state=Connectivity.ONLINE, last_sync="2026-01-01T00:00:00Z")
    assert "not synced yet" not in indicator.text.text()


def test_conflicts_turn_it_to_attention_and_a_click_or_enter_opens_them(qtbot: QtBot) -> None:
    indicator = SyncIndicator()
    qtbot.addWidget(indicator)
    indicator.show()
    indicator.update_state(state=Connectivity.ONLINE, pending=1, conflicts=1)
    assert indicator.text.text().startswith("Needs you: 1 in conflict · Online")
    with qtbot.waitSignal(indicator.open_requested) as opened:
        qtbot.mouseClick(indicator, Qt.MouseButton.LeftButton)
    assert opened.args == ["conflicts"]
    indicator.update_state(refused=2, pending=1)
    assert indicator.text.text().startswith("Needs you: 2 refused, 1 in conflict")
    assert "1 unsent" in indicator.text.text()  # waiting for a sync: counted apart
    with qtbot.waitSignal(indicator.open_requested) as opened:
        qtbot.keyClick(indicator, Qt.Key.Key_Return)
    assert opened.args == ["outbox"]
    indicator.update_state(refused=0, conflicts=0, pending=0)
    with qtbot.assertNotEmitted(indicator.open_requested):
        qtbot.mouseClick(indicator, Qt.MouseButton.LeftButton)
    assert "Needs you" not in indicator.text.text()


@pytest.mark.rt
def test_a_refused_change_shows_in_the_indicator_and_leads_to_its_real_fix(
    rt: RunningRT, alice: Profile, qtbot: QtBot
) -> None:
    window = MainWindow(alice)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    visit = next(v for v in ticket_store.list_visits(window.db) if v.status in ("new", "open"))
    outbox.add_note(window.db, visit.id, "Swapped the PSU.", author="alice", minutes=10)
    window.local_change_saved()
    rt_admin.revoke_owner_rights(rt, "CommentOnTicket", "ModifyTicket")
    try:
        with qtbot.waitSignal(window.sync_controller.finished, timeout=60_000) as finished:
            window.sync_action.trigger()
            running = window.indicator.text.text()
            assert running.startswith("Syncing") and "not checked" not in running
    finally:
        rt_admin.grant_owner_rights(rt, "CommentOnTicket", "ModifyTicket")
    assert len(finished.args[0].rejected) == 1

    # Not green "Online · synced just now": the count, in the attention colour.
    indicator = window.indicator
    assert indicator.text.text().startswith("Needs you: 1 refused · Online · synced just now")
    assert "all sent" not in indicator.text.text()
    assert "1 refused" in window.statusBar().currentMessage()
    message = window.banner.text.text()
    assert "CommentOnTicket" in message and "Outbox" in message

    qtbot.mouseClick(indicator, Qt.MouseButton.LeftButton)
    assert window.current_page() == "outbox"
    assert not window.banner.isVisible()  # it pointed here; it would cover the reasons
    [row] = [r for r in outbox.rows(window.db) if r.state == "rejected"]
    assert row.error_cause == Cause.NO_RIGHT
    detail = window.outbox.detail.text()
    assert "ask the RT administrator" in detail and "Editing does not help" in detail
    assert "Edit it and retry" not in detail


@pytest.mark.rt
def test_a_revoked_token_says_to_make_a_new_token_not_just_sign_in(
    rt: RunningRT, alice: Profile, qtbot: QtBot
) -> None:
    token = rt_admin.create_token(rt, "alice")
    save_account(alice, Account(url=rt.url, user="alice", auth="token"), token)
    rt_admin.revoke_token(rt, token)
    window = MainWindow(alice)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.sync_controller.finished, timeout=60_000) as finished:
        window.sync_action.trigger()
    assert finished.args[0].auth_failed
    assert window.indicator.state is Connectivity.SIGN_IN
    message = window.banner.text.text()
    assert "refused alice's token" in message and "Create a new token in RT" in message
    assert "Nothing was lost" in message
