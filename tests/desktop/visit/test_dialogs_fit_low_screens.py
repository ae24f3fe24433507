"""The note, the KB draft and the service report open within a low screen, Cancel and
Save on it: a 1366×768 or 1280×800 laptop at 150 % has 911×512 or 853×533 px to give
(the note was 560 px tall, Save below the edge), a 1024×600 netbook at 100 % about 600.
What does not fit scrolls; the signature pad keeps its room for a finger."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.common.action_dialog import ActionDialog, VisitRef
from desktop.common.messages import MessageBridge
from desktop.kb import DraftArticleDialog
from desktop.visit.composer import NoteDialog
from desktop.visit.report import ServiceReportDialog
from sync.store import open_database
from sync.workflow import ReportContent

SCREENS = {
    "1366x768 at 150%": QRect(0, 0, 911, 512),
    "1280x800 at 150%": QRect(0, 0, 853, 533),
    "1024x600 at 100%": QRect(0, 27, 1024, 573),  # a panel at the top
}
VISIT = VisitRef(3, "Elmgrove Medical Practice", "Front-desk printer jams on every second page")
NOTES = [f"Checked the tray {n}: roller worn, cleaned; keep an eye on it." for n in range(5)]


def note(_tmp: Path) -> ActionDialog:
    return NoteDialog(
        public=True,
        recipients=["julie@elmgrove.example"],
        messages=MessageBridge(),
        max_bytes=10_000_000,
        save=lambda _v: True,
    )


def kb_draft(tmp: Path) -> ActionDialog:
    db = open_database(tmp / "fd.db")
    return DraftArticleDialog(db, MessageBridge(), visit_id=None, author="alice")


def report(_tmp: Path) -> ActionDialog:
    content = ReportContent(
        ticket_id=3, subject=VISIT.subject, site=VISIT.site, address="12 Elm Grove, Leeds",
        contact="Julie Marsh", visit_start=None, visit_end=None,
        work_done="Fuser replaced; 20 duplex pages printed without a jam.", minutes=85,
        parts=["1 x HP RM2-5399 fuser"], technician="Alice Moreau", internal_notes=NOTES,
    )  # fmt: skip
    dialog = ServiceReportDialog(content, "Julie Marsh", lambda _v: True)
    dialog.show_internal.setChecked(True)  # the tallest it gets (it was 670 px at 600)
    return dialog


def on_screen(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("make", [note, kb_draft, report])
def test_the_dialog_and_its_buttons_are_on_a_low_screen(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    screen: str,
    make: Callable[[Path], ActionDialog],
) -> None:
    room = SCREENS[screen]
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: room)
    dialog = make(tmp_path)
    qtbot.addWidget(dialog)
    dialog.belongs_to(VISIT)  # its first line, as the visit panel opens it
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.move(room.topLeft())

    assert room.contains(dialog.frameGeometry()), (screen, dialog.frameGeometry())
    for button in (dialog.save_button, dialog.cancel_button):
        assert room.contains(on_screen(button)), (screen, button.text(), on_screen(button))


@pytest.mark.parametrize("screen", SCREENS)
def test_the_signature_pad_keeps_its_room_on_a_low_screen(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, screen: str
) -> None:
    """The form above scrolls; the pad is whole on the screen, never a sliver."""
    room = SCREENS[screen]
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: room)
    dialog = report(tmp_path)
    assert isinstance(dialog, ServiceReportDialog)
    qtbot.addWidget(dialog)
    dialog.belongs_to(VISIT)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.move(room.topLeft())

    assert dialog.pad.height() >= dialog.pad.minimumHeight() >= 160
    assert room.contains(on_screen(dialog.pad))
    assert dialog.pad.visibleRegion().boundingRect() == dialog.pad.rect(), "all of it shows"
    # The customer's name is reached by scrolling the form above the pad.
    dialog.scroll_area.ensureWidgetVisible(dialog.signer)
    assert not dialog.signer.visibleRegion().isEmpty()
