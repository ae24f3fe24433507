"""Every control of the network check is named for a screen reader (the targets box, the
timeout, the tables were read as nothing but their role) and its labels lead to them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from desktop.netcheck import NetcheckDialog
from tests.desktop.keyboard_helpers import clashes, spoken
from tests.desktop.netcheck.test_dialog import db, dialog, said

__all__ = ["db", "dialog", "said"]  # the fixtures


def unnamed(root: QWidget) -> list[str]:
    return [
        f"{type(widget).__name__} {widget.objectName()}"
        for widget in root.findChildren(QWidget)
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        and widget.isVisibleTo(root)
        and not widget.objectName().startswith("qt_")  # a spin box's own line edit
        and not spoken(widget).strip()
    ]


def test_every_control_has_a_name(dialog: NetcheckDialog, qtbot: QtBot) -> None:
    assert unnamed(dialog) == []
    assert spoken(dialog.targets) == "Targets to check, one per line"
    assert spoken(dialog.results.widget) == "Results"
    dialog.tabs.setCurrentIndex(1)
    assert unnamed(dialog) == []
    assert spoken(dialog.compare.widget) == "Before and after"
    assert spoken(dialog.before_after.before_box) == "Run before"


def test_the_timeout_label_leads_to_its_field(dialog: NetcheckDialog) -> None:
    [label] = [x for x in dialog.findChildren(QLabel) if "Timeout per check" in x.text()]
    assert label.buddy() is dialog.timeout
    assert clashes(dialog) == {}
