"""Signing out asks before a half-written note is lost, and leaves nothing copied from
the profile's data on the clipboard for the next person at the laptop.

Before, File → Sign out → Keep closed the note dialog and its text was gone, and a
customer's number copied from the visit stayed on the clipboard after a keep-data
sign-out (it was cleared only by a wipe).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop.account.sign_out import SignOutChoice, SignOutDialog
from desktop.common.copied import copy_text
from desktop.shell.main_window import MainWindow
from sync.profile import Profile
from tests.desktop.keyboard_helpers import open_window
from tests.desktop.visit.test_escape_keeps_typing import NOTE, answering

NUMBER = "+44 113 496 0123"


@pytest.fixture
def sign_out_answers(monkeypatch: pytest.MonkeyPatch) -> list[SignOutDialog]:
    """The sign-out dialogs shown, each answered "Sign out, keep data"."""
    shown: list[SignOutDialog] = []

    def keep(dialog: SignOutDialog) -> int:
        shown.append(dialog)
        dialog.choice = SignOutChoice.KEEP_DATA
        return 1

    monkeypatch.setattr(SignOutDialog, "exec", keep)
    return shown


def test_a_half_written_note_is_kept_unless_discarded(
    qtbot: QtBot, profile: Profile, sign_out_answers: list[SignOutDialog]
) -> None:
    window = open_window(qtbot, profile)
    window.visit_panel.work_actions["note"].trigger()
    note = window.visit_panel.dialog
    assert note is not None
    qtbot.keyClicks(note.text, NOTE)

    asked = answering(qtbot, lambda box: qtbot.keyClick(box, Qt.Key.Key_Return))
    window.open_sign_out()
    assert asked and asked[1] == "&Keep editing"
    assert sign_out_answers == [], "no sign-out while the note is kept"
    assert note.isVisible() and note.text.toPlainText() == NOTE

    def discard(box: QMessageBox) -> None:
        [button] = [b for b in box.buttons() if b.text() == "&Discard"]
        button.click()

    answering(qtbot, discard)
    window.open_sign_out()
    assert len(sign_out_answers) == 1, "discarded on purpose: the sign-out goes on"


def test_nothing_copied_from_the_profile_outlives_a_sign_out(
    qtbot: QtBot, profile: Profile, sign_out_answers: list[SignOutDialog]
) -> None:
    window: MainWindow = open_window(qtbot, profile)
    copy_text(NUMBER)  # as the visit header's Copy does
    assert QGuiApplication.clipboard().text() == NUMBER

    window.open_sign_out()

    assert sign_out_answers and sign_out_answers[0].choice is SignOutChoice.KEEP_DATA
    assert QGuiApplication.clipboard().text() != NUMBER
