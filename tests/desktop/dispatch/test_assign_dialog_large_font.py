"""At a large font (15 pt) the assign dialog shows every warning whole, reads new ones
out, and writes them in the scheme's warning colour.

The dialog kept the height it opened with: three warnings wrapped over six lines
left the third below its edge and cut the second."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtGui import QAccessible, QColor, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.common import theme
from desktop.dispatch.assign_dialog import AssignDialog
from sync.dispatch import AssignmentWarning
from sync.store.dispatch import DispatchTicket, Technician
from tests.desktop.common.test_contrast import contrast
from tests.desktop.keyboard_helpers import record_announcements
from tests.desktop.large_font import cut_short, large_app_font

TEAM = [Technician("alice", "Alice Moreau", ""), Technician("bob", "Bob Okafor", "")]
START = datetime(2026, 12, 7, 14, tzinfo=UTC)
BOBS_CLASHES = [
    AssignmentWarning(
        "overlap", "Bob Okafor overlaps #3 Elmgrove Medical Practice (14:00 to 15:30)"
    ),
    AssignmentWarning(
        "outside_hours",
        "Mon 07 Dec 14:00 to 15:00 is outside working hours (08:00-18:00 mon.tue.wed.thu.fri)",
    ),
    AssignmentWarning("past", "Mon 07 Dec 14:00 is in the past: the technician cannot go back"),
]


def opened(qtbot: QtBot, owner: str = "alice", *, height: int | None = None) -> AssignDialog:
    ticket = DispatchTicket(
        32, "Outlook slow and asking for shared mailbox password", "new", 50, None,
        "Elmgrove Medical Practice", None, None, None, None, 0, 0, None,
    )  # fmt: skip
    dialog = AssignDialog(
        ticket, TEAM, owner=owner, start=START, end=START + timedelta(hours=1),
        zone=ZoneInfo("UTC"), check=lambda owner, *_: BOBS_CLASHES if owner == "bob" else [],
    )  # fmt: skip
    qtbot.addWidget(dialog)
    if height is not None:
        dialog.resize(460, height)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_every_warning_shows_whole_when_they_outgrow_the_dialog(qtbot: QtBot) -> None:
    with large_app_font():
        dialog = opened(qtbot)
        dialog.technician.setCurrentIndex(dialog.technician.findData("bob"))
        qtbot.wait(50)  # the layout settles on its next turn
        assert not cut_short(dialog.warnings), "a warning's lines cut off"
        assert dialog.rect().contains(dialog.warnings.geometry()), "below the dialog's edge"
        assert dialog.rect().contains(dialog.buttons.geometry())


def test_warnings_there_from_the_start_show_whole(qtbot: QtBot) -> None:
    """Qt opens a window at most two thirds of the screen high: 512 px on a 1366×768
    laptop, too low for them.  (The tests' screen is higher: opened that low here.)"""
    with large_app_font():
        dialog = opened(qtbot, owner="bob", height=512)
        qtbot.wait(50)
        assert not cut_short(dialog.warnings), "a warning's lines cut off"
        assert dialog.rect().contains(dialog.buttons.geometry())


def test_new_warnings_are_read_out_politely(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = opened(qtbot)
    heard = record_announcements(monkeypatch)
    dialog.technician.setCurrentIndex(dialog.technician.findData("bob"))
    polite = QAccessible.AnnouncementPoliteness.Polite
    assert (dialog.warnings.accessibleName(), polite) in heard
    assert "Bob Okafor overlaps #3" in dialog.warnings.accessibleName()
    heard.clear()
    dialog.start.setTime(dialog.start.time())  # the same: nothing new to say
    dialog.technician.setCurrentIndex(dialog.technician.findData("bob"))
    assert heard == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_warnings_read_on_either_scheme(qtbot: QtBot, qapp: QApplication, scheme: str) -> None:
    previous = qapp.palette()
    qapp.setPalette(theme.dark_palette() if scheme == "dark" else qapp.style().standardPalette())
    try:
        dialog = opened(qtbot)
        drawn = dialog.warnings.palette().color(QPalette.ColorRole.WindowText)
        window = dialog.palette().color(QPalette.ColorRole.Window)
        for background in (window, *theme.BACKGROUNDS[scheme]):
            assert contrast(drawn, background) >= 4.5, (
                f"{drawn.name()} on {QColor(background).name()}"
            )
    finally:
        qapp.setPalette(previous)
