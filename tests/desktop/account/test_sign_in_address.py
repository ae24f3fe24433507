"""The sign-in dialog refuses a plain http:// helpdesk at once, saying why and what to use."""

from __future__ import annotations

import pytest
import requests
from PySide6.QtCore import Qt
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
