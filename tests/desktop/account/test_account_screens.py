"""Sign-in, profiles and sign-out, driven like a user against the private RT."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import keyring
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.account.sign_in import SignInDialog
from desktop.account.sign_out import SignOutChoice, SignOutDialog
from desktop.shell.main_window import MainWindow
from devrt.instance import RunningRT
from sync import outbox
from sync.account import load_account
from sync.profile import Profile
from sync.profiles import list_profiles, new_profile, sign_out, unsynced_changes
from sync.store import tickets as ticket_store
from tests.faults.proxy import FaultProxy

pytestmark = pytest.mark.rt


def fill(dialog: SignInDialog, qtbot: QtBot, url: str, user: str, secret: str) -> None:
    for field, text in ((dialog.url, url), (dialog.user, user), (dialog.secret, secret)):
        field.clear()
        qtbot.keyClicks(field, text)


def wait_for_result(dialog: SignInDialog, qtbot: QtBot) -> str:
    qtbot.waitUntil(dialog.test_button.isEnabled, timeout=90_000)
    return dialog.status.text()


def test_test_connection_then_sign_in_with_a_password(
    dialog: SignInDialog, profile: Profile, rt: RunningRT, qtbot: QtBot
) -> None:
    fill(dialog, qtbot, rt.url, "alice", "fielddesk")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert not dialog.test_button.isEnabled()  # the check runs in the background
    assert "Connected as Alice Moreau (alice)" in wait_for_result(dialog, qtbot)
    with pytest.raises(Exception, match="not signed in"):
        load_account(profile)  # testing keeps nothing

    with qtbot.waitSignal(dialog.accepted, timeout=30_000):
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    account = load_account(profile)
    assert (account.user, account.auth) == ("alice", "password")
    # the password is in the keyring, nowhere in the profile's files
    assert keyring.get_password("FieldDesk", f"alice@{rt.url}") == "fielddesk"
    assert not any(b"fielddesk\x00" in p.read_bytes() for p in profile.root.rglob("*.json"))


def test_wrong_password_says_so(dialog: SignInDialog, rt: RunningRT, qtbot: QtBot) -> None:
    fill(dialog, qtbot, rt.url, "alice", "wrong")
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert "did not accept this user name and password" in wait_for_result(dialog, qtbot)
    assert dialog.isVisible() is False or dialog.result() == 0


def test_wrong_address_says_so(dialog: SignInDialog, qtbot: QtBot) -> None:
    fill(dialog, qtbot, "http://127.0.0.1:9", "alice", "fielddesk")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert "Cannot reach the helpdesk at http://127.0.0.1:9." in wait_for_result(dialog, qtbot)


def test_another_users_token_is_said_to_be_someone_elses(
    dialog: SignInDialog, rt: RunningRT, qtbot: QtBot
) -> None:
    """Bob's token typed with alice's name: not 'ask whether your account is enabled'."""
    fill(dialog, qtbot, rt.url, "alice", rt.token("bob"))
    dialog.auth.setCurrentIndex(dialog.auth.findData("token"))
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    said = wait_for_result(dialog, qtbot)
    assert said == (
        "These credentials do not belong to the user 'alice': give the user name the token "
        "or password belongs to."
    )


@pytest.fixture
def some_other_web_server(tmp_path: Path) -> Iterator[str]:
    """A web server that is not a helpdesk (a typo'd address lands on one)."""
    handler = partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def test_an_address_that_is_not_rt_says_so(
    dialog: SignInDialog, some_other_web_server: str, qtbot: QtBot
) -> None:
    fill(dialog, qtbot, some_other_web_server, "alice", "fielddesk")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert "not like a Request Tracker 5 helpdesk" in wait_for_result(dialog, qtbot)


def test_what_sign_in_warns_about_stays_on_screen_until_continue(
    dialog: SignInDialog, profile: Profile, rt: RunningRT, qtbot: QtBot
) -> None:
    dialog.show()
    with FaultProxy(rt.url) as alias:  # the same RT under another name and port
        fill(dialog, qtbot, alias.url, "alice", "fielddesk")
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.result_info is not None, timeout=90_000)
    said = dialog.status.text()
    assert "Connected as Alice Moreau (alice)" in said
    assert "@ReferrerWhitelist" in said and "sign in with a token" in said
    assert dialog.isVisible() and dialog.result() == 0  # not accepted yet: read it first
    assert load_account(profile).user == "alice"  # ...but signed in and saved
    assert dialog.sign_in_button.text() == "&Continue"
    assert dialog.cancel_button.isHidden() and dialog.test_button.isHidden()
    assert not dialog.url.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # closing it is continuing, not cancelling
    assert dialog.result() == SignInDialog.DialogCode.Accepted


def test_missing_fields_are_named(dialog: SignInDialog, qtbot: QtBot) -> None:
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert "Please enter the helpdesk address, your user name, your password" in (
        dialog.status.text()
    )


def test_sign_out_lists_unsent_changes_and_wipe_needs_confirmation(
    alice: Profile, qtbot: QtBot
) -> None:
    window = MainWindow(alice)
    qtbot.addWidget(window)
    visit = ticket_store.list_visits(window.db)[0]
    outbox.add_note(window.db, visit.id, "Swapped the toner", author="alice", minutes=10)
    unsent = unsynced_changes(alice)
    assert len(unsent) == 1 and "Swapped the toner" in unsent[0]

    dialog = SignOutDialog("alice at RT", unsent)
    qtbot.addWidget(dialog)
    assert dialog.changes.count() == 1
    assert not dialog.wipe_button.isEnabled()  # not before "I understand…" is ticked
    dialog.confirm.setChecked(True)
    qtbot.mouseClick(dialog.wipe_button, Qt.MouseButton.LeftButton)
    assert dialog.choice is SignOutChoice.WIPE

    window.close()
    sign_out(alice, wipe=True)
    assert not alice.root.exists()
    assert keyring.get_password("FieldDesk", "alice@" + "x") is None


def test_sign_out_keeping_data_forgets_only_the_secret(alice: Profile, rt: RunningRT) -> None:
    sign_out(alice, wipe=False)
    assert alice.database_path.exists()
    assert keyring.get_password("FieldDesk", f"alice@{rt.url}") is None
    assert not (alice.root / "account.json").exists()


def test_several_profiles_are_listed_with_their_account(
    alice: Profile, tmp_path: Path, rt: RunningRT
) -> None:
    home = alice.root.parent
    other = new_profile(home, "bob@helpdesk")
    assert other.root.name == "bob-helpdesk"
    assert new_profile(home, "bob@helpdesk").root.name == "bob-helpdesk-2"
    other.database_path.touch()
    labels = {s.label for s in list_profiles(home)}
    assert f"alice at {rt.url}" in labels
    assert "bob-helpdesk (not signed in)" in labels
