"""A visit over several days dragged by a later day's part moves by as much as the
mouse did: held on Tuesday 10:00 and let go on Wednesday 10:00, a Monday 09:00 -
Tuesday 17:00 visit starts on Tuesday 09:00 (it was written as Wednesday 00:00).  The
same for a visit begun before the week shown.  And a drop at a time the clocks skip
is no slot (it was written an hour off, as Python reads a skipped time)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QDrag, QMouseEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.dispatch.mime import DraggedTicket
from desktop.dispatch.timeline import Block, TimelineView
from sync.dispatch import WorkingHours
from sync.store.dispatch import Technician
from tests.desktop.dispatch.drag_drop import drop
from tests.desktop.dispatch.test_week_blocks_tell_the_truth import (
    MON,
    TUE,
    WED,
    WEEK,
    at,
    blocks_of,
    booking,
    day_of,
    week_view,
)


def point_at(view: TimelineView, day: int, hour: float, block: Block) -> QPointF:
    """Hour o'clock of the day-th day shown, in block's row."""
    return QPointF(view.hour_x(day, hour), block.rect.center().y())


def drag(
    view: TimelineView, monkeypatch: pytest.MonkeyPatch, held: QPointF, let_go: QPointF
) -> list[tuple[str, datetime]]:
    """Press at held, pull, and let go at let_go as Qt delivers it: what the view proposes."""
    proposed: list[tuple[str, datetime]] = []
    view.dropped.connect(lambda _item, who, start: proposed.append((who, start)))

    def drag_loop(dragged: QDrag, *_actions: object) -> Qt.DropAction:
        drop(view, let_go.toPoint(), dragged.mimeData())
        return Qt.DropAction.MoveAction

    monkeypatch.setattr(QDrag, "exec", drag_loop)
    pulled = held + QPointF(4 * QApplication.startDragDistance(), 0)
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    for kind, point, button in (
        (QEvent.Type.MouseButtonPress, held, left),
        (QEvent.Type.MouseMove, pulled, none),
    ):
        global_point = QPointF(view.mapToGlobal(point.toPoint()))
        event = QMouseEvent(kind, point, global_point, button, left, Qt.KeyboardModifier(0))
        QApplication.sendEvent(view, event)
    return proposed


def test_a_visit_held_by_its_second_day_moves_a_day(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = week_view([booking(77, "alice", at(WEEK[MON], 9), at(WEEK[TUE], 17))], qtbot)
    [tuesday] = [b for b in blocks_of(view, 77) if day_of(view, b) == TUE]
    held, let_go = point_at(view, TUE, 10, tuesday), point_at(view, WED, 10, tuesday)
    assert drag(view, monkeypatch, held, let_go) == [("alice", at(WEEK[TUE], 9))]
    # the ghost says so while dragging
    item = DraggedTicket(77, 32 * 60, view._grab_minutes(tuesday, held.x()), from_board=True)
    slot = view.slot_at(let_go, item.grab_minutes)
    assert slot is not None
    assert view._ghost_for(item, slot, WED)[1] == "Tue 09:00-Wed 17:00"


def test_held_by_its_first_day_it_moves_alike(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = week_view([booking(77, "alice", at(WEEK[MON], 9), at(WEEK[TUE], 17))], qtbot)
    [monday] = [b for b in blocks_of(view, 77) if day_of(view, b) == MON]
    held, let_go = point_at(view, MON, 10, monday), point_at(view, TUE, 10, monday)
    assert drag(view, monkeypatch, held, let_go) == [("alice", at(WEEK[TUE], 9))]


def test_a_visit_begun_before_the_week_moves_by_the_drag(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    sunday_before = WEEK[MON] - timedelta(days=1)
    view = week_view([booking(78, "bob", at(sunday_before, 20), at(WEEK[MON], 17))], qtbot)
    [monday] = blocks_of(view, 78)
    held, let_go = point_at(view, MON, 10, monday), point_at(view, TUE, 10, monday)
    assert drag(view, monkeypatch, held, let_go) == [("bob", at(WEEK[MON], 20))]


LONDON = ZoneInfo("Europe/London")
CLOCKS_FORWARD = date(2027, 3, 28)  # 01:00 GMT becomes 02:00 BST


def test_a_drop_where_the_clocks_skip_is_no_slot(qtbot: QtBot) -> None:
    days = [CLOCKS_FORWARD - timedelta(days=6) + timedelta(days=n) for n in range(7)]
    view = TimelineView()
    qtbot.addWidget(view)
    night_shift = WorkingHours(clock(1), clock(5), frozenset(range(7)), LONDON)
    view.set_schedule(days, night_shift, [Technician("alice", "Alice", "")], [])
    view.resize(view.sizeHint())
    sunday, row = (
        days.index(CLOCKS_FORWARD),
        view.point_of("alice", datetime(2027, 3, 27, 3, tzinfo=UTC)).y(),
    )
    assert view.slot_at(QPointF(view.hour_x(sunday, 1.5), row)) is None  # 01:30 never is
    half_past_two = view.slot_at(QPointF(view.hour_x(sunday, 2.5), row))
    assert half_past_two is not None
    assert half_past_two.start == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)  # 02:30 BST
