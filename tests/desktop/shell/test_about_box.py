"""Help → About FieldDesk says which version runs, on which profile, against which
helpdesk: what support asks first on a call."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop.shell.main_window import MainWindow
from sync import installed_version
from sync.account import Account, save_account
from sync.profile import Profile


def about_text(qtbot: QtBot, profile: Profile, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)  # read, not waited on
    window = MainWindow(profile)
    qtbot.addWidget(window)
    about = [action for action in window.help_menu.actions() if "About" in action.text()]
    assert [action.text() for action in about] == ["&About FieldDesk"]
    about[0].trigger()
    return QTextDocumentFragment.fromHtml(window.about_box.text()).toPlainText()


def test_about_names_the_version_the_profile_and_the_helpdesk(
    qtbot: QtBot, profile: Profile, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_account(profile, Account(url="https://rt.example.com", user="alice", auth="token"), "t")
    shown = about_text(qtbot, profile, monkeypatch)
    assert shown.splitlines() == [
        f"FieldDesk {installed_version()}",
        f"Profile: {profile.root}",
        "Helpdesk: https://rt.example.com, signed in as alice",
    ]


def test_about_says_when_no_one_is_signed_in(
    qtbot: QtBot, profile: Profile, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "Helpdesk: not signed in" in about_text(qtbot, profile, monkeypatch)
