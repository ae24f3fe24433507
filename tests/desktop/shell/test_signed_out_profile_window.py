"""A profile signed out with its data kept opens for its user alone: the sign-in
dialog, prefilled with that user, comes before the window, and nothing of the profile
is shown to whoever cancels it.

Before, after Alice's "Sign out, keep data" the picker offered her profile as
"default (not signed in)"; Bob pressed Open and saw her visits, customers' numbers
and running timer, and could queue notes that went out as whoever signed in next.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop import app as desktop_app
from desktop.account.profile_picker import ProfilePicker
from desktop.account.sign_in import SignInDialog
from desktop.app import Shell
from sync.account import Account, save_account
from sync.profile import Profile
from sync.profiles import sign_out
from tests.replica_faults import fill

URL = "https://helpdesk.example"


@pytest.fixture
def alices_kept_profile(profile: Profile) -> Profile:
    fill(profile, notes=2)  # her visits and two unsent notes
    save_account(profile, Account(url=URL, user="alice", auth="password"), "her-password")
    sign_out(profile, wipe=False)  # File → Sign out → keep the data
    return profile


@pytest.fixture
def on_a_desktop(monkeypatch: pytest.MonkeyPatch) -> list[SignInDialog]:
    """As on a laptop's screen (the tests run offscreen, where nobody could sign in):
    the sign-in dialogs shown, answered Cancel; the picker shown after, cancelled."""
    shown: list[SignInDialog] = []

    def cancel(dialog: SignInDialog) -> int:
        shown.append(dialog)
        return SignInDialog.DialogCode.Rejected.value

    monkeypatch.setattr(desktop_app, "offscreen", lambda: False)
    monkeypatch.setattr(SignInDialog, "exec", cancel)
    monkeypatch.setattr(ProfilePicker, "exec", lambda _self: 0)
    monkeypatch.setattr(QApplication, "quit", lambda: None)
    return shown


def test_the_sign_in_for_its_user_comes_first_and_cancel_shows_nothing_of_it(
    alices_kept_profile: Profile,
    on_a_desktop: list[SignInDialog],
    shell_on: list[Shell],
    qtbot: QtBot,
) -> None:
    shell = Shell(alices_kept_profile, explicit_profile=True)
    shell_on.append(shell)

    (dialog,) = on_a_desktop
    assert (dialog.url.text(), dialog.user.text()) == (URL, "alice")
    assert "This profile keeps alice's visits and unsent work" in dialog.status.text()
    qtbot.waitUntil(lambda: shell.exit_code == 1)  # the picker cancelled too: the app ends
    assert shell.window is None, "no window showed her data"


def test_offscreen_nobody_can_sign_in_so_nothing_of_it_opens(
    alices_kept_profile: Profile,
    shell_on: list[Shell],
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    quit_asked: list[bool] = []
    monkeypatch.setattr(QApplication, "quit", lambda: quit_asked.append(True))

    shell = Shell(alices_kept_profile, explicit_profile=True)
    shell_on.append(shell)

    qtbot.waitUntil(lambda: bool(quit_asked))
    assert shell.window is None and shell.exit_code == 1
