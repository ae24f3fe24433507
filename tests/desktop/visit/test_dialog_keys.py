"""The work dialogs' keys: Enter saves, a choice's digit picks it without Alt, every
underlined letter leads to its field; and their first line names the visit, cut to fit."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from desktop.common.action_dialog import ActionDialog, VisitRef
from desktop.common.messages import MessageBridge
from desktop.visit.composer import NoteDialog
from desktop.visit.dialogs import (
    EscalateDialog,
    PartsDialog,
    SerialDialog,
    StatusDialog,
    TimeLogDialog,
)
from sync.store.assets import Asset
from tests.desktop.common.shown_as_qt_would import tooltip_shows


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


def _printer(asset_id: int, name: str, serial: str) -> Asset:
    return Asset(asset_id, name, "HP LaserJet Pro M404dn", serial, None, "in-use")


def work_dialogs() -> list[ActionDialog]:
    saved = Saved()
    printers = [_printer(1, "ACME-PRN-01", "VNB3K12345"), _printer(2, "ACME-PRN-02", "")]
    return [
        StatusDialog("open", ("open", "stalled", "resolved"), saved, open_required=("Test",)),
        PartsDialog(["1 x fuser"], saved),
        SerialDialog(printers, 1, saved),
        EscalateDialog(saved),
        TimeLogDialog("Travel", 25, "Drive to site", saved),
    ]


def test_every_underlined_letter_leads_to_its_field(qtbot: QtBot) -> None:
    """A label that shows an underlined letter (Alt+letter) has the field it moves to;
    without one, Qt shows the '&' itself ("&Equipment:")."""
    for dialog in work_dialogs():
        qtbot.addWidget(dialog)
        for label in dialog.findChildren(QLabel):
            if re.search(r"&[^&\s]", label.text()):
                assert label.buddy() is not None, f"{type(dialog).__name__}: {label.text()!r}"


def test_alt_e_moves_to_the_equipment_in_the_serial_dialog(qtbot: QtBot) -> None:
    dialog = SerialDialog([_printer(1, "ACME-PRN-01", "VNB3K12345")], 1, Saved())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.serial)  # typing goes there
    qtbot.keyClick(dialog.serial, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)
    assert dialog.focusWidget() is dialog.asset


def test_a_long_subject_is_cut_not_clipped_and_does_not_widen_the_dialog(qtbot: QtBot) -> None:
    dialog = StatusDialog("open", ("open", "stalled"), Saved())
    qtbot.addWidget(dialog)
    subject = "Front-desk printer jams on every second page " * 6
    dialog.belongs_to(VisitRef(1, "Acme Dental Clinic", subject))
    dialog.show()
    qtbot.waitExposed(dialog)
    whole = f"#1 · Acme Dental Clinic — {' '.join(subject.split())}"
    shown = dialog.visit_line.text()
    assert shown.startswith("#1 · Acme Dental Clinic — Front-desk") and shown.endswith("…")
    assert tooltip_shows(dialog.visit_line.toolTip()) == whole
    assert dialog.width() < 700  # the subject did not stretch the dialog across the screen


def test_tab_leaves_every_text_box_and_types_no_tab(qtbot: QtBot) -> None:
    """A keyboard user was trapped: Tab typed tab characters into the note, the
    resolution, the escalation's reason (Ctrl+Tab did not leave either)."""
    saved = Saved()
    note = NoteDialog(
        public=False, recipients=[], messages=MessageBridge(), max_bytes=1_000_000, save=saved
    )
    resolving = StatusDialog("open", ("open", "resolved"), saved)
    resolving.choose("resolved")
    boxes = [(note, note.text), (resolving, resolving.resolution)]
    escalate = EscalateDialog(saved)
    boxes.append((escalate, escalate.reason))
    for dialog, box in boxes:
        qtbot.addWidget(dialog)
        dialog.show()
        box.setFocus()
        qtbot.keyClicks(box, "Fuser replaced")
        qtbot.keyClick(box, Qt.Key.Key_Tab)
        assert box.toPlainText() == "Fuser replaced", type(dialog).__name__
        assert not box.hasFocus(), f"Tab stays in the {type(dialog).__name__}'s text"
