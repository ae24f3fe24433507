"""The sign-in dialog refuses a plain http:// helpdesk at once, saying why and what to use."""

from __future__ import annotations

import pytest
import requests
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from desktop.account.sign_in import SignInDialog
from sync.account import NotSignedIn, load_account
from sync.profile import Profile


@pytest.mark.parametrize("button", ["sign_in_button", "test_button"])
def test_a_plain_http_address_is_refused_before_anything_is_sent(
    dialog: SignInDialog,
    profile: Profile,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    button: str,
) -> None:
    sent: list[object] = []
    monkeypatch.setattr(requests.Session, "request", lambda *a, **_k: sent.append(a))
    for field, text in (
        (dialog.url, "http://rt.example.com"),
        (dialog.user, "alice"),
        (dialog.secret, "fielddesk"),
    ):
        qtbot.keyClicks(field, text)
    qtbot.mouseClick(getattr(dialog, button), Qt.MouseButton.LeftButton)
    said = dialog.status.text()
    assert said.startswith("http://rt.example.com is a plain http:// address")
    assert "unencrypted" in said and "Use https://rt.example.com" in said
    assert not dialog.tasks.busy and sent == []  # nothing started, nothing sent
    assert dialog.isVisible() or dialog.result() == 0
    with pytest.raises(NotSignedIn):
        load_account(profile)


def test_the_dialog_warns_of_plain_http_as_the_address_is_typed(
    dialog: SignInDialog, qtbot: QtBot
) -> None:
    qtbot.keyClicks(dialog.url, "http://rt.example.com")
    assert dialog.transport.isVisibleTo(dialog)
    assert "password or token would cross the network unencrypted" in dialog.transport.text()
    dialog.url.setText("https://rt.example.com")
    assert not dialog.transport.isVisibleTo(dialog)


@pytest.mark.parametrize(("auth", "secret"), [("password", "password"), ("token", "token")])
def test_plain_http_to_this_laptop_is_allowed_but_noted(
    dialog: SignInDialog, qtbot: QtBot, auth: str, secret: str
) -> None:
    dialog.auth.setCurrentIndex(dialog.auth.findData(auth))
    qtbot.keyClicks(dialog.url, "http://127.0.0.1:8080")
    assert dialog.transport.isVisibleTo(dialog)
    said = dialog.transport.text()
    assert f"your {secret} travels unencrypted, but only inside this laptop" in said


def test_the_warning_under_the_address_is_read_whole_not_drawn_over_the_fields(
    dialog: SignInDialog, qtbot: QtBot
) -> None:
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.url, "http://rt.localhost:8080/rt")  # the longest warning
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)  # and the result below

    def laid_out() -> None:
        warning, status = dialog.transport.geometry(), dialog.status.geometry()
        assert warning.height() >= dialog.transport.heightForWidth(warning.width())
        assert warning.bottom() < dialog.user.geometry().top(), "over the user name"
        assert status.height() >= dialog.status.heightForWidth(status.width())
        assert status.bottom() < dialog.sign_in_button.mapTo(dialog, QPoint(0, 0)).y()

    qtbot.waitUntil(laid_out)
