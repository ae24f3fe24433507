"""The main window's title and strip say who is signed in (the window the entry point opens)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desktop.shell.main_window import MainWindow
from sync.account import Account, save_account
from sync.profile import Profile


def test_main_window_shows_who_is_signed_in(qtbot: QtBot, profile: Profile) -> None:
    window = MainWindow(profile)
    qtbot.addWidget(window)
    assert "Not signed in" in window.banner.text.text()
    window.close()

    save_account(profile, Account(url="http://rt.example", user="alice", auth="token"), "t0k3n")
    window = MainWindow(profile)
    qtbot.addWidget(window)
    assert window.windowTitle() == "FieldDesk — alice at http://rt.example"
    assert not window.banner.isVisibleTo(window)
    # The secret went to the keyring, not into the profile's files.
    window.close()
    assert not any(b"t0k3n" in p.read_bytes() for p in profile.root.rglob("*") if p.is_file())
