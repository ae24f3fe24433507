"""Hovering a ticket on the board shows its subject and site as written, and the assign
dialog a technician's name: never an image they name (a tooltip, or a label left in
automatic format, guesses rich text, and rich text loads files from this laptop)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QToolTip
from pytestqt.qtbot import QtBot

from desktop.common.messages import MessageBridge
from desktop.dispatch import DispatchBoard
from desktop.dispatch.assign_dialog import AssignDialog
from sync import dispatch
from sync.store import dispatch as board_store
from sync.store import open_database, transaction
from tests.desktop.common.shown_as_qt_would import hostile_image, label_shows, tooltip_shows
from tests.desktop.dispatch.sample_board import seed_board


def test_queue_and_schedule_tooltips_show_the_helpdesks_markup_as_text(
    qtbot: QtBot, tmp_path: Path
) -> None:
    img = hostile_image(tmp_path)
    db = open_database(tmp_path / "replica.db")
    seed_board(db)
    with transaction(db):
        db.execute("UPDATE tickets SET subject = ? || subject, site = ? || site", [img, img])
    board = DispatchBoard(db, MessageBridge())
    qtbot.addWidget(board)
    board.resize(1000, 640)
    board.show()
    qtbot.waitExposed(board)

    queued = tooltip_shows(board.queue_model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole))
    ticket = board.queue_model.ticket_at(0)
    assert queued.startswith(f"#{ticket.id} {ticket.subject}\n{ticket.site}\n")
    assert ticket.subject.startswith(img)

    block = board.timeline.blocks()[0]
    at = block.rect.center().toPoint()
    board.timeline.event(QHelpEvent(QEvent.Type.ToolTip, at, board.timeline.mapToGlobal(at)))
    booked = tooltip_shows(QToolTip.text())
    assert booked.startswith(f"#{block.ticket.id} {block.ticket.subject}\n{block.ticket.site}\n")
    QToolTip.hideText()
    db.close()


def test_the_proposed_slot_names_the_technician_as_written(qtbot: QtBot, tmp_path: Path) -> None:
    img = hostile_image(tmp_path)
    ticket = board_store.DispatchTicket(
        5, "Till down", "new", 90, None, "Riverside Bakery", "2026-11-24T12:00:00Z",
        "2026-11-23T08:00:00Z", None, None, 0, 0, None,
    )  # fmt: skip
    start = datetime(2026, 11, 25, 9, tzinfo=UTC)
    slot = dispatch.Proposal("carol", start - timedelta(days=1), start - timedelta(hours=23))
    dialog = AssignDialog(
        ticket, [board_store.Technician("carol", f"{img}Carol", "")], owner="carol",
        start=start, end=start + timedelta(hours=1), zone=UTC,
        check=lambda *_: [dispatch.AssignmentWarning("sla", "the SLA is due")],
        propose=lambda _who, _length: slot,
    )  # fmt: skip
    qtbot.addWidget(dialog)
    assert label_shows(dialog.proposal_text).startswith(
        f"First slot that meets the SLA: {img}Carol"
    )
