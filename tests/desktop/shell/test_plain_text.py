"""Text from outside is shown as text: never as markup, in any label or notification.

Qt guesses "rich text" from the text itself when a label is left in its
automatic mode, so a file named ``<img src=…>.pdf`` or a subject with a link in
it would be rendered.  Each place that shows a customer's, a sender's or the
helpdesk's words says plain text.
"""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desktop.common.messages import Level, Message, MessageBridge
from desktop.outbox.editor import ChangeEditor
from desktop.shell.banner import Banner
from desktop.shell.notifier import new_visits_text
from desktop.visit import VisitDetail
from sync import outbox
from sync.profile import Profile
from sync.store import tickets as ticket_store
from sync.store.outbox import mark_rejected
from tests.hostile_replica import SUBJECT, VISIT_ID, hostile_replica

HOSTILE_NAME = "<img src='http://evil.example/t.gif'><a href='https://evil.example'>scan</a>.pdf"


def test_the_message_strip_shows_a_crafted_file_name_as_it_is(qtbot: QtBot) -> None:
    banner = Banner()
    qtbot.addWidget(banner)
    banner.show_message(Message(Level.ERROR, f"{HOSTILE_NAME} is no longer on this laptop"))
    assert banner.text.textFormat() == Qt.TextFormat.PlainText
    assert banner.text.text().startswith(HOSTILE_NAME)


def test_notifications_carry_no_markup_or_control_characters(tmp_path: Path) -> None:
    db = hostile_replica(tmp_path / "fd.db", tmp_path / "files").db
    visit = ticket_store.get_visit(db, VISIT_ID)
    assert visit is not None
    db.close()
    text = new_visits_text([visit], markup_server=True)  # GNOME and KDE read markup
    assert not set("<>&") & set(text)
    assert text.startswith("#9001 Printer ‹b›offline‹/b› ＆ ‹a href=")
    plain = new_visits_text([visit], markup_server=False)  # Windows, macOS: shown as is
    assert plain.startswith(f"#9001 {SUBJECT}"[:40])


def test_every_label_of_a_hostile_visit_shows_its_words_not_their_markup(
    profile: Profile, qtbot: QtBot
) -> None:
    hostile = hostile_replica(profile.database_path, profile.attachments_dir)
    panel = VisitDetail(hostile.db, profile, MessageBridge())
    qtbot.addWidget(panel)
    panel.show_visit(VISIT_ID)
    for label in panel.findChildren(QLabel):
        text = label.text()
        interpreted = label.textFormat() == Qt.TextFormat.RichText or (
            label.textFormat() == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text)
        )
        if interpreted:  # markup of ours, their words escaped
            assert "<b>offline</b>" not in text and "<script>" not in text, text
        else:  # their words as they are: not escaped twice (the header showed "&quot;")
            assert "&quot;" not in text and "&lt;" not in text and "&amp;" not in text, text
    assert panel.header.title.full_text == f"#{VISIT_ID} {SUBJECT}"  # shown cut to its room
    panel.shutdown()
    hostile.db.close()


def test_a_refused_change_quotes_the_helpdesk_as_plain_text(profile: Profile, qtbot: QtBot) -> None:
    hostile = hostile_replica(profile.database_path, profile.attachments_dir)
    outbox.set_fields(hostile.db, VISIT_ID, {"parts_used": "<b>2 x fuser</b>"})
    [row] = outbox.rows(hostile.db)
    mark_rejected(hostile.db, row.seq, "Invalid value '<img src=x>' for Parts Used")
    [row] = outbox.rows(hostile.db)
    editor = ChangeEditor(row, lambda _changes: True)
    qtbot.addWidget(editor)
    quoted = [label for label in editor.findChildren(QLabel) if "<img src=x>" in label.text()]
    assert quoted and all(label.textFormat() == Qt.TextFormat.PlainText for label in quoted)
    hostile.db.close()
