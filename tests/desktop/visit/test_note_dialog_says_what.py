"""The note dialog says what its parts are for: the empty box for files says what goes in
it (it read as a broken, blank box), and the button that takes the time back to 0 says
so ("0" read as another amount)."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from desktop.common.messages import MessageBridge
from desktop.visit.composer import NoteDialog


def note_dialog(qtbot: QtBot) -> NoteDialog:
    dialog = NoteDialog(
        public=False, recipients=[], messages=MessageBridge(), max_bytes=10_000_000,
        save=lambda _v: True,
    )  # fmt: skip
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_empty_files_box_says_what_goes_in_it(qtbot: QtBot) -> None:
    dialog = note_dialog(qtbot)
    tray = dialog.tray
    assert tray.count() == 0
    image = tray.viewport().grab().toImage()
    base = tray.palette().color(QPalette.ColorRole.Base)
    middle = image.height() // 2
    written = [
        x
        for y in range(middle - 10, middle + 10)
        for x in range(image.width())
        if image.pixelColor(x, y) != base
    ]
    assert len(written) > 50, "the empty box is blank"


def test_no_time_says_what_it_does(qtbot: QtBot) -> None:
    dialog = note_dialog(qtbot)
    buttons = {b.text(): b for b in dialog.findChildren(QPushButton)}
    buttons["+15"].click()
    assert dialog.minutes.value() == 15
    buttons["No time"].click()
    assert dialog.minutes.value() == 0


def test_no_time_button_is_framed_as_what_enter_presses(qtbot: QtBot) -> None:
    """Enter saves the note (Ctrl+Enter in the text): "+15" was framed as the default."""
    dialog = note_dialog(qtbot)
    framed = [b.text() for b in dialog.findChildren(QPushButton) if b.isDefault()]
    assert framed == [], framed
