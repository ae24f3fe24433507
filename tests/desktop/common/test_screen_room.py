"""A dialog opens within the screen: its buttons are never past the screen's edge.

The service report asked for 700 px of height; a 1024×640 laptop has about 600.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication, QScreen
from pytestqt.qtbot import QtBot

from desktop.visit.report import ServiceReportDialog
from sync.workflow import ReportContent


def test_the_service_report_fits_a_small_screen(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A 1024x640 laptop with its panel: the room a window has (offscreen's is 800x800).
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(0, 0, 1024, 600))
    content = ReportContent(
        ticket_id=3, subject="Front-desk printer jams", site="Acme", address=None,
        contact=None, visit_start=None, visit_end=None, work_done="Fuser replaced.",
        minutes=25, parts=["Fuser kit"], technician="Alice Moreau",
    )  # fmt: skip
    dialog = ServiceReportDialog(content, "Julie Marsh", lambda _v: True)
    qtbot.addWidget(dialog)
    screen = QGuiApplication.primaryScreen()
    assert screen is not None
    room = screen.availableGeometry()
    assert room.height() < 700, "the offscreen screen is smaller than the dialog's wish"
    assert dialog.height() <= room.height() and dialog.width() <= room.width()
    dialog.show()
    qtbot.waitExposed(dialog)
    save = dialog.save_button
    bottom = save.mapTo(dialog, save.rect().bottomLeft()).y()
    assert bottom <= dialog.height(), "Save signed report is inside the dialog"
