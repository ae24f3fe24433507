"""The dispatch board reads without telling colours apart, in either scheme: a block's
white text reaches 4.5:1 on its fill, its status has a mark besides its colour (the
legend shows both), and a screen reader hears the selected visit's flags.

Blocks were filled at alpha 225 over the white base: white text on them was 3.06:1
(stalled) to 3.96:1 (new); the legend was coloured squares."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from desktop.common import theme
from desktop.common.messages import MessageBridge
from desktop.common.spoken import plain_words
from desktop.dispatch import DispatchBoard
from desktop.dispatch.timeline import Block, TimelineView
from desktop.dispatch.timeline_paint import paint
from sync.dispatch import WorkingHours
from sync.store import open_database
from sync.store.dispatch import DispatchTicket, Technician
from tests.desktop.common.test_contrast import contrast
from tests.desktop.dispatch.sample_board import seed_board
from tests.desktop.large_font import large_app_font

HOURS = WorkingHours(clock(8), clock(18), frozenset(range(5)), UTC)
MONDAY = date(2026, 12, 7)
TEAM = [Technician("alice", "Alice", ""), Technician("bob", "Bob", "")]
MARKS = {"new": "✦", "open": "▶", "stalled": "⏸"}


def booking(number: int, status: str, owner: str, hour: int, *, flags: int = 0) -> DispatchTicket:
    start = datetime.combine(MONDAY, clock(hour), UTC)
    return DispatchTicket(
        number, "Printer jams", status, 50, owner, "Elmgrove Medical Practice", None, None,
        start.strftime("%Y-%m-%dT%H:%M:%SZ"),
        (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%SZ"), flags, flags, None,
    )  # fmt: skip


VISITS = [
    booking(11, "new", "alice", 9),
    booking(12, "open", "alice", 12),
    booking(13, "stalled", "bob", 9, flags=1),  # not sent, and changed on the helpdesk
    booking(14, "resolved", "bob", 13),
]


def board(qtbot: QtBot, days: list[date], width: int = 1000) -> TimelineView:
    view = TimelineView()
    qtbot.addWidget(view)
    view.set_schedule(days, HOURS, TEAM, VISITS)
    # a week at 30 px an hour, as the board shows it; a day as wide as a laptop's board
    view.resize(view.sizeHint().expandedTo(QSize(width, view.minimumHeight())))
    return view


@pytest.fixture(params=["light", "dark"])
def scheme(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    previous = qapp.palette()
    dark = request.param == "dark"
    qapp.setPalette(theme.dark_palette() if dark else qapp.style().standardPalette())
    yield request.param
    qapp.setPalette(previous)


class TextsDrawn(QPainter):
    """A painter that keeps the texts it is asked to draw (what the board shows)."""

    def __init__(self, image: QImage) -> None:
        super().__init__(image)
        self.texts: list[str] = []

    def drawText(self, *args: Any) -> None:
        self.texts.append(str(args[-1]))
        super().drawText(*args)


def texts_drawn(view: TimelineView) -> list[str]:
    image = QImage(view.size(), QImage.Format.Format_ARGB32)
    painter = TextsDrawn(image)
    paint(view, painter)
    painter.end()
    return painter.texts


def fill_of(image: QImage, block: Block) -> QColor:
    """The colour most of the block is painted in: its fill, under its text."""
    inside = block.rect.adjusted(3, 3, -3, -3).toRect()
    counted = Counter(
        image.pixel(x, y)
        for x in range(inside.left(), inside.right())
        for y in range(inside.top(), inside.bottom())
    )
    return QColor.fromRgb(counted.most_common(1)[0][0])


@pytest.mark.usefixtures("scheme")
@pytest.mark.parametrize("days", [[MONDAY], [MONDAY + timedelta(days=n) for n in range(7)]])
def test_block_text_reads_on_every_status_fill(qtbot: QtBot, days: list[date]) -> None:
    view = board(qtbot, days)
    image = view.grab().toImage()
    for block in view.blocks():
        fill = fill_of(image, block)
        ratio = contrast(theme.BADGE_TEXT, fill)
        assert ratio >= 4.5, f"{block.ticket.status}: {fill.name()} is {ratio:.2f}:1"


def test_a_block_says_its_status_by_a_mark_besides_its_colour(qtbot: QtBot) -> None:
    day = texts_drawn(board(qtbot, [MONDAY]))
    for number, status in ((11, "new"), (12, "open"), (13, "stalled")):
        assert any(t.startswith(f"{MARKS[status]} #{number} ") for t in day), (status, day[-12:])
    week = texts_drawn(board(qtbot, [MONDAY + timedelta(days=n) for n in range(7)]))
    assert [t for t in week if t in MARKS.values()] == ["✦", "▶", "⏸"], week


def test_at_15_pt_a_narrow_block_keeps_its_mark_beside_its_number(qtbot: QtBot) -> None:
    with large_app_font():
        view = board(qtbot, [MONDAY], width=700)
        assert all(b.rect.width() < 100 for b in view.blocks()), "narrow blocks"
        drawn = texts_drawn(view)
    for number, status in ((11, "new"), (12, "open"), (13, "stalled")):
        shown = [t for t in drawn if t.startswith(f"#{number} {MARKS[status]}")]
        assert shown, (status, drawn[-12:])


def test_the_legend_shows_each_status_with_its_mark(qtbot: QtBot, tmp_path: Path) -> None:
    db = open_database(tmp_path / "replica.db")
    seed_board(db)
    board = DispatchBoard(db, MessageBridge())
    qtbot.addWidget(board)
    shown = [w.text() for w in board.findChildren(QLabel) if "not sent yet" in w.text()]
    words = plain_words(shown[0], rich=True)
    for status, mark in MARKS.items():
        assert f"{mark} {status}" in words, words
    assert "●: not sent yet" in words and "⚠: changed on the helpdesk too" in words
    db.close()


def test_the_selected_visit_is_heard_with_its_flags(qtbot: QtBot) -> None:
    view = board(qtbot, [MONDAY])
    view.select(13)
    heard = view.accessibleDescription()
    assert heard.startswith("#13 Elmgrove Medical Practice, bob, 09:00-11:00, stalled")
    assert "Saved here, sent at the next sync" in heard
    assert "Changed on the helpdesk too: see Conflicts" in heard
    view.select(12)
    assert "sync" not in view.accessibleDescription()
