"""Enter saves in the work dialogs; a choice's digit picks it without Alt."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.visit.dialogs import EscalateDialog, PartsDialog, StatusDialog


class Saved:
    """The dialog's save callback: remembers what it was given, answers "saved"."""

    def __init__(self) -> None:
        self.values: list[Any] = []

    def __call__(self, values: Any) -> bool:
        self.values.append(values)
        return True


def test_enter_saves_the_chosen_status(qtbot: QtBot) -> None:
    saved = Saved()
    dialog = StatusDialog("open", ("open", "stalled", "resolved"), saved)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_2)  # no Alt: the digit picks "stalled"
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert saved.values == ["stalled"]
    assert dialog.result() == StatusDialog.DialogCode.Accepted


def test_a_digit_typed_into_the_reason_stays_text(qtbot: QtBot) -> None:
    saved = Saved()
    dialog = StatusDialog("open", ("open", "resolved"), saved, open_required=("Test print",))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.choose("resolved")
    qtbot.keyClicks(dialog.reason, "1 toner missing")
    assert dialog.reason.text() == "1 toner missing" and dialog.values() == "resolved"


def test_enter_on_cancel_cancels(qtbot: QtBot) -> None:
    saved = Saved()
    dialog = StatusDialog("open", ("open", "stalled"), saved)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.cancel_button.setFocus()
    qtbot.keyClick(dialog.cancel_button, Qt.Key.Key_Return)
    assert saved.values == [] and dialog.result() == StatusDialog.DialogCode.Rejected


def test_enter_adds_a_typed_part_and_saves_when_the_field_is_empty(qtbot: QtBot) -> None:
    saved = Saved()
    dialog = PartsDialog([], saved)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.entry, "1 x fuser")
    qtbot.keyClick(dialog.entry, Qt.Key.Key_Return)
    assert saved.values == [] and dialog.list.count() == 1  # added, not saved yet
    qtbot.keyClick(dialog.entry, Qt.Key.Key_Return)
    assert saved.values == [["1 x fuser"]]


def test_enter_in_a_multi_line_text_is_a_new_line(qtbot: QtBot) -> None:
    saved = Saved()
    dialog = EscalateDialog(saved)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.reason, "Need a fuser")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.reason, "by Friday")
    assert saved.values == [] and dialog.reason.toPlainText() == "Need a fuser\nby Friday"
