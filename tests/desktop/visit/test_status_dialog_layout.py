"""Resolving with required checklist items open: the dialog grows to its rows.

The wrapped warning made ``adjustSize`` take too small a height, and the time
spent was drawn over the resolution note.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.common.action_dialog import VisitRef
from desktop.visit.dialogs import StatusDialog

OPEN_ITEMS = (
    "Page count before service",
    "Photo of the fuser area",
    "Replace the maintenance kit if over 200 000 pages",
    "Print a test page",
    "Page count after service",
)


def top_and_bottom(widget: QWidget, dialog: QWidget) -> tuple[int, int]:
    top = widget.mapTo(dialog, QPoint(0, 0)).y()
    return top, top + widget.height()


def test_the_time_spent_sits_below_the_resolution_note(qtbot: QtBot) -> None:
    dialog = StatusDialog("open", ("open", "stalled", "resolved"), lambda _v: True,
                          open_required=OPEN_ITEMS)  # fmt: skip
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.choose("resolved")
    qtbot.wait(50)  # the layout settles in the next turns
    _, note_bottom = top_and_bottom(dialog.resolution, dialog)
    minutes_top, _ = top_and_bottom(dialog.minutes, dialog)
    assert minutes_top >= note_bottom, "the time spent overlaps the resolution note"
    assert dialog.resolution.height() >= dialog.resolution.minimumHeight()


def test_every_choice_shows_once_the_dialog_names_its_visit(qtbot: QtBot) -> None:
    """The visit's line, added after the dialog sized itself to its rows, took its room
    from the choices: "Resolved" was scrolled out of sight under "Waiting"."""
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(1280, 728)
    window.show()
    dialog = StatusDialog("open", ("stalled", "resolved"), lambda _v: True, window,
                          open_required=OPEN_ITEMS)  # fmt: skip
    dialog.belongs_to(VisitRef(1, "Acme Dental Clinic", "Front-desk printer jams on every page"))
    dialog.open()
    qtbot.waitExposed(dialog)
    qtbot.wait(50)
    for choice in dialog.choices.buttons():
        seen = choice.visibleRegion().boundingRect()
        assert seen.height() == choice.height(), f"{choice.text()!r} is not all in sight"
    assert dialog.scroll_area.verticalScrollBar().maximum() == 0
