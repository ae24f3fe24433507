"""A large team's week: every visit counted in its row and found where it is drawn.

The blocks' geometry is kept between paints and hit tests (worked out per row and per
question, a 40-person week took a second to paint), so these tests change the schedule,
the width and the drop slot under a view that has already answered, and check that it
answers for the new state: a stale copy would fail them.  Timings: bench/dispatch_paint.py.
"""

from __future__ import annotations

import warnings
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QRegion
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.dispatch.mime import DraggedTicket, to_mime
from desktop.dispatch.timeline import TimelineView
from desktop.dispatch.timeline_paint import HEADER_HEIGHT, NAME_WIDTH, ROW_HEIGHT
from sync.dispatch import WorkingHours
from sync.store.dispatch import DispatchTicket, Technician

HOURS = WorkingHours(clock(8), clock(18), frozenset(range(5)), UTC)
MONDAY = date(2026, 11, 23)  # a week gone by: no "now" line moving between two pictures
WEEK = [MONDAY + timedelta(days=n) for n in range(7)]
TEAM = [Technician(f"tech{n:02d}", f"Technician {n:02d}", "") for n in range(40)]


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def visit(
    number: int, owner: str | None, day: date, hour: float, hours: float = 1
) -> DispatchTicket:
    start = datetime.combine(day, clock(0), UTC) + timedelta(hours=hour)
    return DispatchTicket(
        number, "Printer jams", "open", 50, owner, "Elmgrove Medical Practice", None, None,
        stamp(start), stamp(start + timedelta(hours=hours)), 0, 0, None,
    )  # fmt: skip


def booked(person: int) -> int:
    """How many visits technician person has: 1 to 20, so that no two neighbours agree."""
    return person % 20 + 1


def week_of_forty() -> list[DispatchTicket]:
    """Four visits a working day each, as many as booked(); and what the board leaves out
    or adds: a visit with no window, one in another week, and one of a stranger."""
    visits: list[DispatchTicket] = []
    for person, technician in enumerate(TEAM):
        for n in range(booked(person)):
            day, hour = WEEK[n // 4], (8.5, 10.5, 13, 15.5)[n % 4]
            visits.append(visit(1000 + len(visits), technician.name, day, hour, 1 + n % 2))
    unscheduled = visit(1, "tech00", MONDAY, 9)
    later = visit(2, "tech01", MONDAY + timedelta(days=7), 9)
    return [
        *visits,
        replace(unscheduled, visit_start=None, visit_end=None),
        later,
        visit(3, "zoe", WEEK[2], 11),  # not on the team: a row of her own, at the bottom
    ]


def view_of(visits: list[DispatchTicket], qtbot: QtBot, width: int | None = None) -> TimelineView:
    view = TimelineView()
    qtbot.addWidget(view)
    view.set_schedule(WEEK, HOURS, TEAM, visits)
    view.resize(width or view.sizeHint().width(), view.sizeHint().height())
    return view


def drawn_at(view: TimelineView, point: QPointF) -> int | None:
    """The visit drawn on top at point, by looking at every block (what block_at answers)."""
    on_top = [b for b in view.blocks() if b.rect.contains(point)]
    return on_top[-1].ticket.id if on_top else None


def placed(view: TimelineView) -> list[tuple[int, int, QRect]]:
    return [(b.ticket.id, b.row, b.rect.toRect()) for b in view.blocks()]


def test_each_row_counts_the_visits_it_shows(qtbot: QtBot) -> None:
    view = view_of(week_of_forty(), qtbot)
    assert [r.name for r in view.rows] == [t.name for t in TEAM] + ["zoe"]
    assert [view.visits_in_row(row) for row in range(40)] == [booked(p) for p in range(40)]
    assert view.visits_in_row(40) == 1  # the stranger's
    assert len(view.blocks()) == sum(booked(p) for p in range(40)) + 1


def test_block_at_answers_for_every_visit_on_a_forty_person_week(qtbot: QtBot) -> None:
    view = view_of(week_of_forty(), qtbot)
    for block in view.blocks():
        for point in (block.rect.center(), block.rect.topLeft(), block.rect.bottomRight()):
            assert view.block_at(point) == block
        gap = QPointF(block.rect.right() + 3, block.rect.center().y())
        assert view.block_at(gap) is None or view.block_at(gap) != block
    for y in (HEADER_HEIGHT + 3, HEADER_HEIGHT + 11 * ROW_HEIGHT + 3):  # a row's top margin
        for x in range(NAME_WIDTH, view.width(), 7):
            assert view.block_at(QPointF(x, y)) is None
    below = HEADER_HEIGHT + len(view.rows) * ROW_HEIGHT + 5
    assert view.block_at(QPointF(view.width() / 2, below)) is None
    first = view.blocks()[0]
    assert view.block_at(QPointF(NAME_WIDTH - 5, first.rect.center().y())) is None  # names


def test_block_at_finds_each_of_two_visits_that_overlap(qtbot: QtBot) -> None:
    underneath, on_top = visit(7, "tech05", WEEK[1], 9, 2), visit(8, "tech05", WEEK[1], 10)
    view = view_of([*week_of_forty(), underneath, on_top], qtbot)
    for row in (0, 5, 19, 39):
        y = HEADER_HEIGHT + row * ROW_HEIGHT + ROW_HEIGHT / 2
        for x in range(NAME_WIDTH, view.width(), 3):
            point = QPointF(x, y)
            answer = view.block_at(point)
            assert (answer.ticket.id if answer else None) == drawn_at(view, point)
    at_ten = view.point_of("tech05", datetime.combine(WEEK[1], clock(10, 30), UTC))
    down_the_row = range(at_ten.y() - ROW_HEIGHT // 2, at_ten.y() + ROW_HEIGHT // 2)
    found = [view.block_at(QPointF(at_ten.x(), y)) for y in down_the_row]
    assert {7, 8} <= {b.ticket.id for b in found if b}, "each in its lane: none hides the other"


def test_a_moved_visit_is_found_at_its_new_place(qtbot: QtBot) -> None:
    visits = week_of_forty()
    view = view_of(visits, qtbot)
    moving = next(v for v in visits if v.owner == "tech03")
    old_place = next(b for b in view.blocks() if b.ticket.id == moving.id).rect.center()
    assert view.block_at(old_place).ticket.id == moving.id  # type: ignore[union-attr]
    counts = [view.visits_in_row(row) for row in range(len(view.rows))]

    moved = visit(moving.id, "tech30", WEEK[4], 17)  # Friday, after the others there
    view.set_schedule(WEEK, HOURS, TEAM, [moved if v.id == moving.id else v for v in visits])

    assert view.block_at(old_place) is None
    at_five = view.point_of("tech30", datetime.combine(WEEK[4], clock(17, 10), UTC))
    assert view.block_at(QPointF(at_five)).ticket.id == moving.id  # type: ignore[union-attr]
    assert view.visits_in_row(3) == counts[3] - 1
    assert view.visits_in_row(30) == counts[30] + 1


def test_the_next_week_shows_its_own_visits(qtbot: QtBot) -> None:
    visits = week_of_forty()
    view = view_of(visits, qtbot)
    assert view.visits_in_row(1) == booked(1)
    next_week = [d + timedelta(days=7) for d in WEEK]
    view.set_schedule(next_week, HOURS, TEAM, visits)
    assert [view.visits_in_row(row) for row in range(len(view.rows))] == [0, 1] + [0] * 39
    [block] = view.blocks()
    assert block.ticket.id == 2 and view.block_at(block.rect.center()) == block


def test_the_blocks_follow_the_width(qtbot: QtBot) -> None:
    visits = week_of_forty()
    view = view_of(visits, qtbot)
    assert view.blocks()  # worked out at the first width
    wider = view.width() + 500
    view.resize(wider, view.height())  # hidden: no resizeEvent, the width changes all the same
    assert placed(view) == placed(view_of(visits, qtbot, wider))
    for block in view.blocks():
        assert view.block_at(block.rect.center()) == block


class PaintSpy(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.painted = QRegion()

    def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted += event.region()  # type: ignore[attr-defined]
        return False


def drag_over(view: TimelineView, points: list[QPoint]) -> None:
    mime = to_mime(DraggedTicket(999, 60))
    held = (Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton)
    with warnings.catch_warnings():
        # PySide offers these two only with a QPoint, which it marks deprecated.
        warnings.simplefilter("ignore", DeprecationWarning)
        QApplication.sendEvent(view, QDragEnterEvent(points[0], *held, Qt.KeyboardModifier(0)))
        for point in points:
            QApplication.sendEvent(view, QDragMoveEvent(point, *held, Qt.KeyboardModifier(0)))


def shown_as_drawn(view: TimelineView) -> bool:
    """What is on screen (repainted piecemeal) is what a full repaint draws."""
    return view.screen().grabWindow(view.winId()).toImage() == view.grab().toImage()


def test_a_drag_repaints_only_where_its_ghost_was_and_is(qtbot: QtBot) -> None:
    view = view_of([v for v in week_of_forty() if v.owner in {"tech00", "tech01"}], qtbot)
    view.show()
    qtbot.waitExposed(view)
    at_nine = view.point_of("tech01", datetime.combine(WEEK[2], clock(9), UTC))
    drag_over(view, [at_nine])
    assert view.drop_ghost is not None
    qtbot.waitUntil(lambda: shown_as_drawn(view))
    spy = PaintSpy()
    view.installEventFilter(spy)
    was = view.drop_ghost[0].toAlignedRect()

    wiggle = [at_nine + QPoint(n % 2, 0) for n in range(10)]  # the same slot: nothing to repaint
    QApplication.processEvents()
    drag_over(view, wiggle)
    QApplication.processEvents()
    assert spy.painted.isEmpty()

    half_an_hour_on = at_nine + QPoint(round(view.hour_width(2) / 2), 0)
    drag_over(view, [half_an_hour_on])
    qtbot.waitUntil(lambda: not spy.painted.isEmpty())
    now = view.drop_ghost[0].toAlignedRect()
    ghosts = QRegion(was.adjusted(-3, -3, 3, 3)) + QRegion(now.adjusted(-3, -3, 3, 3))
    assert (spy.painted - ghosts).isEmpty()
    assert shown_as_drawn(view)  # no trace of the old ghost left on screen
