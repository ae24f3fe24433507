"""A link opens without asking only when it leads into the helpdesk: its host, port and path.

With the helpdesk at https://intranet.example.com/rt, the same host's webmail is
somewhere else.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop.common import outside_links
from desktop.common.messages import MessageBridge

HELPDESK = "https://intranet.example.com/rt"


@pytest.mark.parametrize(
    ("link", "inside"),
    [
        ("https://intranet.example.com/rt", True),
        ("https://intranet.example.com/rt/", True),
        ("https://intranet.example.com/rt/Ticket/Display.html?id=42", True),
        ("https://INTRANET.example.com:443/rt/Articles/Article/Display.html?id=7", True),
        ("https://intranet.example.com/webmail/login.php", False),
        ("https://intranet.example.com/rtx/evil", False),
        ("https://intranet.example.com/", False),
        ("https://intranet.example.com", False),
        ("https://intranet.example.com/rt/../webmail/login.php", False),
        ("https://intranet.example.com/rt/%2e%2e/webmail/login.php", False),
        ("https://intranet.example.com/rt%2F..%2Fwebmail/login.php", False),
        ("https://intranet.example.com:8443/rt/", False),
        ("http://intranet.example.com/rt/", False),
    ],
)
def test_only_links_under_the_helpdesks_path_are_the_helpdesk(link: str, inside: bool) -> None:
    assert outside_links.is_helpdesk(QUrl(link), HELPDESK) is inside


def test_a_helpdesk_at_the_root_takes_any_path_of_its_host() -> None:
    assert outside_links.is_helpdesk(
        QUrl("https://rt.example.com/Ticket/Display.html"), "https://rt.example.com"
    )
    assert outside_links.is_helpdesk(QUrl("https://rt.example.com/x"), "https://rt.example.com/")


def test_the_same_hosts_webmail_asks_first(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    opened: list[QUrl] = []

    def answer(_parent: object, _title: str, text: str, *_buttons: object) -> object:
        asked.append(text)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", answer)
    monkeypatch.setattr(outside_links.QDesktopServices, "openUrl", opened.append)
    parent = QWidget()
    qtbot.addWidget(parent)

    webmail = QUrl("https://intranet.example.com/webmail/login.php")
    assert not outside_links.open_outside_link(parent, webmail, MessageBridge(), helpdesk=HELPDESK)
    [question] = asked
    assert "https://intranet.example.com/webmail/login.php" in question
    assert opened == []

    ticket = QUrl("https://intranet.example.com/rt/Ticket/Display.html?id=42")
    monkeypatch.setattr(
        outside_links.QDesktopServices, "openUrl", lambda url: opened.append(url) or True
    )
    assert outside_links.open_outside_link(parent, ticket, MessageBridge(), helpdesk=HELPDESK)
    assert opened == [ticket] and len(asked) == 1
