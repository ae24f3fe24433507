"""A stranger's subject and site on the dispatch board read as written: a right-to-left
override (U+202E) in "printer <RLO>fdp.exe note" made it read "printer eton exe.pdf" in
the queue, on the week view's blocks and in the assign dialog's heading."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desktop.dispatch.assign_dialog import AssignDialog
from desktop.dispatch.models import QueueModel
from sync.dispatch import AssignmentWarning
from tests.desktop.dispatch.test_week_blocks_tell_the_truth import (
    MON,
    TEAM,
    WEEK,
    at,
    blocks_of,
    booking,
    week_view,
)

RLO, PDF = "\u202e", "\u202c"
HOSTILE = dataclasses.replace(
    booking(9001, "alice", at(WEEK[MON], 9), at(WEEK[MON], 17)),
    subject=f"printer {RLO}fdp.exe note",
    site=f"1 {RLO}Evil{PDF} Road",
)


def reads_as_written(text: str) -> bool:
    return "fdp.exe" in text and RLO not in text and PDF not in text


def test_the_queue_row_reads_as_written(qtbot: QtBot) -> None:
    model = QueueModel()
    model.set_tickets([dataclasses.replace(HOSTILE, owner=None)])
    row = model.index(0, 0)
    assert reads_as_written(model.data(row, Qt.ItemDataRole.DisplayRole))
    assert "1 Evil Road" in model.data(row, Qt.ItemDataRole.DisplayRole)
    assert reads_as_written(model.data(row, Qt.ItemDataRole.ToolTipRole))


def test_a_week_block_reads_as_written(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    view = week_view([HOSTILE], qtbot)
    drawn: list[str] = []
    draw = QPainter.drawText

    def spy(painter: QPainter, *args: object) -> None:
        drawn.extend(a for a in args if isinstance(a, str))
        draw(painter, *args)  # type: ignore[call-overload]

    monkeypatch.setattr(QPainter, "drawText", spy)
    view.grab()
    [block] = blocks_of(view, 9001)
    painted = [text for text in drawn if "Evil" in text or "fdp" in text]
    assert painted, f"the block's words are painted: {drawn}"
    assert all(RLO not in text and PDF not in text for text in painted)
    assert any("fdp.exe" in text for text in painted)
    view.select(9001)
    assert "1 Evil Road" in view.accessibleDescription()
    assert reads_as_written(view._tooltip(block.ticket))


def test_the_assign_dialog_heading_and_warnings_read_as_written(qtbot: QtBot) -> None:
    overlap = AssignmentWarning("overlap", f"Alice overlaps #9002 printer {RLO}fdp.exe note", 9002)
    dialog = AssignDialog(
        HOSTILE, TEAM, owner="alice", zone=UTC,
        start=datetime(2026, 12, 7, 9, tzinfo=UTC), end=datetime(2026, 12, 7, 17, tzinfo=UTC),
        check=lambda *_: [overlap],
    )  # fmt: skip
    qtbot.addWidget(dialog)
    [heading] = [label for label in dialog.findChildren(QLabel) if "#9001" in label.text()]
    assert reads_as_written(heading.text())
    assert reads_as_written(dialog.warnings.text())
