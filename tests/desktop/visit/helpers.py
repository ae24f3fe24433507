"""Driving the visit panel like a technician: shared by the GUI and RT tests."""

from __future__ import annotations

import warnings
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QImage, QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.visit import VisitDetail
from desktop.visit.composer import NoteDialog
from desktop.visit.dialogs import EscalateDialog, PartsDialog, SerialDialog, StatusDialog
from desktop.visit.new_ticket import NewTicketDialog
from desktop.visit.report import ServiceReportDialog
from desktop.visit.signature import SignaturePad


def make_photo(path: Path, colour: str = "#3a7") -> Path:
    image = QImage(640, 480, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    assert image.save(str(path))  # format from the suffix
    return path


def save(qtbot: QtBot, panel: VisitDetail, dialog: QWidget) -> None:
    """Press the dialog's Save button and wait until it closed (the write is committed)."""
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: panel.dialog is None and not panel.background.busy, timeout=10_000)


def write_note(
    qtbot: QtBot,
    panel: VisitDetail,
    text: str,
    *,
    quick: tuple[int, ...] = (),
    public: bool = False,
) -> None:
    panel.work_actions["reply" if public else "note"].trigger()
    dialog = panel.dialog
    assert isinstance(dialog, NoteDialog)
    qtbot.keyClicks(dialog.text, text)
    for minutes in quick:
        [button] = [b for b in dialog.quick_buttons if b.property("minutes") == minutes]
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    save(qtbot, panel, dialog)


def set_status(
    qtbot: QtBot,
    panel: VisitDetail,
    status: str,
    *,
    reason: str = "",
    resolution: str = "Replaced the pickup roller; test page prints clean.",
) -> None:
    """``reason``: why required checklist items are left (asked when resolving);
    ``resolution``: the close-out note resolving asks for (the signature is not taken here)."""
    panel.work_actions["status"].trigger()
    dialog = panel.dialog
    assert isinstance(dialog, StatusDialog)
    [choice] = [c for c in dialog.choices.buttons() if c.property("status") == status]
    qtbot.mouseClick(choice, Qt.MouseButton.LeftButton)
    if reason:
        qtbot.keyClicks(dialog.reason, reason)
    if status == "resolved":
        qtbot.keyClicks(dialog.resolution, resolution)
        dialog.sign_next.setChecked(False)
    save(qtbot, panel, dialog)


def record_parts(qtbot: QtBot, panel: VisitDetail, parts: list[str]) -> None:
    panel.work_actions["parts"].trigger()
    dialog = panel.dialog
    assert isinstance(dialog, PartsDialog)
    for part in parts:
        qtbot.keyClicks(dialog.entry, part)
        qtbot.keyClick(dialog.entry, Qt.Key.Key_Return)
    save(qtbot, panel, dialog)


def record_serial(qtbot: QtBot, panel: VisitDetail, serial: str) -> None:
    item = panel.equipment.list.topLevelItem(0)
    panel.equipment.list.itemActivated.emit(item, 0)  # Enter / double-click on the row
    dialog = panel.dialog
    assert isinstance(dialog, SerialDialog)
    dialog.serial.clear()
    qtbot.keyClicks(dialog.serial, serial)
    save(qtbot, panel, dialog)


def escalate(qtbot: QtBot, panel: VisitDetail, reason: str) -> None:
    panel.work_actions["escalate"].trigger()
    dialog = panel.dialog
    assert isinstance(dialog, EscalateDialog)
    assert not dialog.save_button.isEnabled(), "a reason is required"
    qtbot.keyClicks(dialog.reason, reason)
    save(qtbot, panel, dialog)


def drop_files(panel: VisitDetail, files: list[Path]) -> None:
    """Drop files from the file manager onto the visit panel."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    # Qt delivers a drop only after an accepted drag-enter, as a real drag does.
    with warnings.catch_warnings():
        # PySide6 marks the (only) QPoint constructor deprecated; there is no other.
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(
            QPoint(50, 50),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
    QApplication.sendEvent(panel, enter)
    assert enter.isAccepted(), "the visit panel takes files"
    drop = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(panel, drop)


def draw_signature(pad: SignaturePad) -> None:
    """Two strokes with the mouse (touch and pen arrive as the same events)."""
    for stroke in ([(30, 90), (80, 40), (130, 100), (180, 50)], [(220, 70), (320, 75)]):
        points = [QPointF(x, y) for x, y in stroke]
        _mouse(pad, QEvent.Type.MouseButtonPress, points[0], Qt.MouseButton.LeftButton)
        for point in points[1:]:
            _mouse(pad, QEvent.Type.MouseMove, point, Qt.MouseButton.NoButton)
        _mouse(pad, QEvent.Type.MouseButtonRelease, points[-1], Qt.MouseButton.LeftButton)


def _mouse(widget: QWidget, kind: QEvent.Type, pos: QPointF, button: Qt.MouseButton) -> None:
    held = (
        Qt.MouseButton.NoButton
        if kind == QEvent.Type.MouseButtonRelease
        else Qt.MouseButton.LeftButton
    )
    glob = QPointF(widget.mapToGlobal(QPoint(int(pos.x()), int(pos.y()))))
    event = QMouseEvent(kind, pos, glob, button, held, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def sign_report(qtbot: QtBot, panel: VisitDetail, signer: str) -> ServiceReportDialog:
    panel.work_actions["report"].trigger()
    dialog = panel.dialog
    assert isinstance(dialog, ServiceReportDialog)
    dialog.signer.clear()
    qtbot.keyClicks(dialog.signer, signer)
    assert not dialog.save_button.isEnabled(), "no signature yet"
    draw_signature(dialog.pad)
    assert dialog.save_button.isEnabled()
    save(qtbot, panel, dialog)
    return dialog


def new_ticket(qtbot: QtBot, panel: VisitDetail, subject: str) -> NewTicketDialog:
    panel.work_actions["new_ticket"].trigger()
    dialog = panel.dialog
    assert isinstance(dialog, NewTicketDialog)
    qtbot.keyClicks(dialog.subject, subject)
    qtbot.keyClicks(dialog.description, "Customer mentioned it while I was on site.")
    save(qtbot, panel, dialog)
    return dialog
