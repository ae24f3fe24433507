"""The sign-in dialog's keys: Enter signs in, and a failure puts the cursor on what to fix."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.account.sign_in import SignInDialog
from devrt.instance import RunningRT
from sync.account import load_account
from sync.profile import Profile
from tests.desktop.account.test_account_screens import fill, wait_for_result

pytestmark = pytest.mark.rt


def show(dialog: SignInDialog, qtbot: QtBot) -> None:
    """Shown and active, as the user sees it: focus goes where a person would type."""
    dialog.show()
    with qtbot.waitActive(dialog):
        dialog.activateWindow()


def test_enter_in_the_password_field_signs_in(
    dialog: SignInDialog, profile: Profile, rt: RunningRT, qtbot: QtBot
) -> None:
    show(dialog, qtbot)
    fill(dialog, qtbot, rt.url, "alice", "fielddesk")
    with qtbot.waitSignal(dialog.accepted, timeout=30_000):
        qtbot.keyClick(dialog.secret, Qt.Key.Key_Return)
    assert load_account(profile).user == "alice"


def test_a_refused_password_puts_the_cursor_back_in_the_password(
    dialog: SignInDialog, rt: RunningRT, qtbot: QtBot
) -> None:
    show(dialog, qtbot)
    fill(dialog, qtbot, rt.url, "alice", "wrong")
    dialog.url.setFocus()
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert "did not accept" in wait_for_result(dialog, qtbot)
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.secret)
    assert dialog.secret.selectedText() == "wrong"  # typing replaces it


def test_an_unreachable_address_puts_the_cursor_in_the_address(
    dialog: SignInDialog, qtbot: QtBot
) -> None:
    show(dialog, qtbot)
    fill(dialog, qtbot, "http://127.0.0.1:9", "alice", "fielddesk")
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert "Cannot reach" in wait_for_result(dialog, qtbot)
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.url)


def test_a_missing_user_name_puts_the_cursor_there(dialog: SignInDialog, qtbot: QtBot) -> None:
    show(dialog, qtbot)
    qtbot.keyClicks(dialog.url, "https://helpdesk.example.com")
    qtbot.keyClicks(dialog.secret, "fielddesk")
    qtbot.keyClick(dialog.secret, Qt.Key.Key_Return)
    assert "Please enter your user name." in dialog.status.text()
    assert dialog.focusWidget() is dialog.user
