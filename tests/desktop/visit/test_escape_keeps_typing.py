"""Escape does not throw away what was typed: with a note written, it asks first, and
Keep editing is what Enter (or Escape again) chooses.  With nothing typed it closes at once."""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.common.action_dialog import ActionDialog
from desktop.visit import VisitDetail
from desktop.visit.composer import NoteDialog
from desktop.visit.dialogs import StatusDialog
from desktop.visit.report import ServiceReportDialog
from sync.profile import Profile
from tests.desktop.keyboard_helpers import labels_hiding_their_text
from tests.desktop.visit.local_visit import local_db, local_panel, seed

__all__ = ["local_db"]  # the fixture

NOTE = "Replaced fuser, cleaned rollers, ran 50 test pages from both trays."


def panel_with(qtbot: QtBot, profile: Profile, db: sqlite_utils.Database) -> VisitDetail:
    seed(db)
    return local_panel(qtbot, profile, db)


def open_dialog(panel: VisitDetail, action: str) -> ActionDialog:
    panel.work_actions[action].trigger()
    dialog = panel.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def answering(qtbot: QtBot, answer: Callable[[QMessageBox], None]) -> list[str]:
    """Answer the question the next key raises; what it asked (its text, its default)."""
    asked: list[str] = []
    tries = iter(range(200))  # two seconds, then no more looking (nothing was asked)

    def find() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            if next(tries, None) is not None:
                QTimer.singleShot(10, find)
            return
        default = box.defaultButton()
        asked.extend([box.text(), default.text() if default is not None else ""])
        answer(box)

    QTimer.singleShot(0, find)
    return asked


def note_typed(qtbot: QtBot, panel: VisitDetail) -> NoteDialog:
    dialog = open_dialog(panel, "note")
    assert isinstance(dialog, NoteDialog)
    qtbot.keyClicks(dialog.text, NOTE)
    return dialog


def test_escape_with_a_note_typed_asks_and_keeps_it(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    dialog = note_typed(qtbot, panel_with(qtbot, profile, local_db))
    asked = answering(qtbot, lambda box: qtbot.keyClick(box, Qt.Key.Key_Return))
    qtbot.keyClick(dialog.text, Qt.Key.Key_Escape)
    assert asked[0].startswith("Close “Internal note on #3 · Elmgrove Medical Practice”")
    assert asked[1] == "&Keep editing"  # Enter keeps it
    assert dialog.isVisible(), "the note is still there to finish"
    assert dialog.text.toPlainText() == NOTE
    asked = answering(qtbot, lambda box: qtbot.keyClick(box, Qt.Key.Key_Escape))
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)  # Cancel asks too
    assert asked and dialog.isVisible()
    assert dialog.text.toPlainText() == NOTE


def test_discard_closes_without_saving(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    panel = panel_with(qtbot, profile, local_db)
    dialog = note_typed(qtbot, panel)

    def discard(box: QMessageBox) -> None:
        [button] = [b for b in box.buttons() if b.text() == "&Discard"]
        button.click()

    answering(qtbot, discard)
    qtbot.keyClick(dialog.text, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert panel.dialog is None


def test_escape_with_nothing_typed_closes_at_once(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    panel = panel_with(qtbot, profile, local_db)
    for action in ("note", "status", "parts", "escalate"):
        dialog = open_dialog(panel, action)
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)
        assert not dialog.isVisible(), action
        assert dialog.question is None, f"{action}: nothing to lose, nothing asked"


def test_a_resolution_typed_is_asked_about(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    panel = panel_with(qtbot, profile, local_db)
    dialog = open_dialog(panel, "status")
    assert isinstance(dialog, StatusDialog)
    dialog.choose("resolved")
    qtbot.keyClicks(dialog.resolution, "Cleared the jam")
    asked = answering(qtbot, lambda box: qtbot.keyClick(box, Qt.Key.Key_Escape))
    qtbot.keyClick(dialog.resolution, Qt.Key.Key_Escape)
    assert asked and dialog.isVisible()


def test_sign_and_report_opens_in_the_work_field(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    """Enter must not cancel: the report opens with the focus in "Work done"."""
    panel = panel_with(qtbot, profile, local_db)
    with qtbot.waitActive(panel):
        panel.activateWindow()
    dialog = open_dialog(panel, "report")
    assert isinstance(dialog, ServiceReportDialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert QApplication.focusWidget() is dialog.work
    qtbot.keyClick(dialog.work, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert labels_hiding_their_text(dialog) == []  # "Visit: …", "Progress: Needs the…"
