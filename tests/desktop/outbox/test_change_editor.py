"""Editing a refused change is a work dialog like the visit's: the visit named, Cancel
then a big Save, Ctrl+Enter saves from the text, and only what was changed is kept.
(Its round trip through a real RT: test_outbox_view.py.)"""

from __future__ import annotations

from typing import Any

import sqlite_utils
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit, QSpinBox
from pytestqt.qtbot import QtBot

from desktop.common.action_dialog import VisitRef
from desktop.outbox.editor import ChangeEditor
from sync import outbox
from sync.outbox import OutboxRow
from sync.store import tickets as ticket_store
from sync.store.outbox import mark_rejected
from tests.desktop.visit.local_visit import VISIT, local_db, seed

__all__ = ["local_db"]  # the fixture


def refused_note(db: sqlite_utils.Database) -> OutboxRow:
    seed(db)
    outbox.add_note(db, VISIT, "Customer key: see cabinet 3.", author="alice", minutes=10)
    [row] = outbox.rows(db)
    mark_rejected(db, row.seq, "you may not write on this visit: it is assigned to bob")
    [row] = outbox.rows(db)
    return row


def editor_for(qtbot: QtBot, db: sqlite_utils.Database, saved: list[Any]) -> ChangeEditor:
    def save(changes: dict[str, Any]) -> bool:
        saved.append(changes)
        return True

    editor = ChangeEditor(refused_note(db), save)
    visit = ticket_store.get_visit(db, VISIT)
    assert visit is not None
    editor.belongs_to(VisitRef.of(visit))
    qtbot.addWidget(editor)
    editor.show()
    editor.activateWindow()  # its keys (Ctrl+Enter) are the active window's
    qtbot.waitUntil(editor.isActiveWindow)
    return editor


def test_the_editor_names_the_visit_and_offers_cancel_then_save(
    qtbot: QtBot, local_db: sqlite_utils.Database
) -> None:
    editor = editor_for(qtbot, local_db, [])
    assert editor.windowTitle() == "Edit the refused change on #3 · Elmgrove Medical Practice"
    assert editor.visit_line.full_text.startswith("#3 · Elmgrove Medical Practice — ")
    assert editor.cancel_button.x() < editor.save_button.x()  # as every work dialog
    assert "Save edit" in editor.save_button.text()


def test_ctrl_enter_saves_only_what_was_changed(
    qtbot: QtBot, local_db: sqlite_utils.Database
) -> None:
    saved: list[Any] = []
    editor = editor_for(qtbot, local_db, saved)
    text = editor.findChild(QPlainTextEdit)
    minutes = editor.findChild(QSpinBox)
    assert text is not None and minutes is not None and text.hasFocus()
    text.selectAll()
    qtbot.keyClicks(text, "Customer key: cabinet 3, top shelf.")
    qtbot.keyClick(text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert saved == [{"content": "Customer key: cabinet 3, top shelf."}]  # the minutes stay
    assert editor.result() == ChangeEditor.DialogCode.Accepted
