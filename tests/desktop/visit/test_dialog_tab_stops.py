"""Tab through a work dialog stops only at what a screen reader can name: the status
dialog's scroll area was a stop of its own, with no name, after Cancel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QScrollArea
from pytestqt.qtbot import QtBot

from desktop.visit.dialogs import StatusDialog


def test_tab_from_cancel_never_stops_on_the_scroll_area(qtbot: QtBot) -> None:
    dialog = StatusDialog("open", ("stalled", "resolved"), lambda _v: True)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    dialog.cancel_button.setFocus()
    qtbot.waitUntil(dialog.cancel_button.hasFocus)
    walked = []
    for _ in range(12):  # round the dialog, back past Cancel
        focus = QApplication.focusWidget()
        assert focus is not None
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
        walked.append(QApplication.focusWidget())
    assert dialog.cancel_button in walked, "the walk went round"
    assert not [w for w in walked if isinstance(w, QScrollArea)], walked
    assert all(w is not None and w.accessibleName() for w in walked), walked
