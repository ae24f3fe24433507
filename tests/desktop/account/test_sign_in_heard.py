"""A failed sign-in reaches a screen reader: read out at once, and readable in the dialog
(the result label was named "Sign-in result", which Qt read instead of the error)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from pytestqt.qtbot import QtBot

from desktop.account.sign_in import SignInDialog
from tests.desktop.account.test_account_screens import fill, wait_for_result
from tests.desktop.keyboard_helpers import record_announcements, spoken


def test_a_failed_sign_in_is_read_out(
    dialog: SignInDialog, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    heard = record_announcements(monkeypatch)
    dialog.show()
    fill(dialog, qtbot, "http://127.0.0.1:9", "alice", "fielddesk")  # nothing listens there
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    problem = wait_for_result(dialog, qtbot)
    assert "Cannot reach" in problem
    assert spoken(dialog.status) == "Sign-in result: " + " ".join(problem.split())
    assert (" ".join(problem.split()), QAccessible.AnnouncementPoliteness.Assertive) in heard


def test_the_plain_http_warning_is_readable(dialog: SignInDialog, qtbot: QtBot) -> None:
    dialog.show()
    qtbot.keyClicks(dialog.url, "http://helpdesk.example.com")
    warning = dialog.transport.text()
    assert warning.startswith("⚠")
    assert spoken(dialog.transport) == "Connection security: " + warning
