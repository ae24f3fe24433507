"""The week view draws a visit only in the time it takes, names it only in full, and
shows a double booking: what a supervisor reads off the board is what is booked.

Hours shown 08:00-18:00: an evening or a night visit is a marked stub at its own day's
edge (never a block at the next morning's 08:00); the part of a visit that began the
night before is drawn; a six-digit number that does not fit is left out (not cut to
"42", another ticket's number); visits that overlap lie in lanes, none hiding another.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from datetime import time as clock

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QToolTip
from pytestqt.qtbot import QtBot

from desktop.dispatch.timeline import Block, TimelineView
from desktop.dispatch.timeline_paint import narrow_texts
from sync.dispatch import WorkingHours
from sync.store.dispatch import DispatchTicket, Technician
from tests.desktop.common.shown_as_qt_would import tooltip_shows

HOURS = WorkingHours(clock(8), clock(18), frozenset(range(5)), UTC)
MONDAY = date(2026, 12, 7)
WEEK = [MONDAY + timedelta(days=n) for n in range(7)]
MON, TUE, WED, THU, FRI = range(5)
TEAM = [Technician("alice", "Alice", ""), Technician("bob", "Bob", "")]


def at(day: date, hour: float) -> datetime:
    return datetime.combine(day, clock(0), UTC) + timedelta(hours=hour)


def booking(number: int, owner: str, start: datetime, end: datetime) -> DispatchTicket:
    return DispatchTicket(
        number, "Printer jams", "open", 50, owner, "Elmgrove Medical Practice", None, None,
        start.strftime("%Y-%m-%dT%H:%M:%SZ"), end.strftime("%Y-%m-%dT%H:%M:%SZ"), 0, 0, None,
    )  # fmt: skip


def week_view(visits: list[DispatchTicket], qtbot: QtBot) -> TimelineView:
    view = TimelineView()
    qtbot.addWidget(view)
    view.set_schedule(WEEK, HOURS, TEAM, visits)
    view.resize(view.sizeHint())  # 30 px an hour: as the board shows a week
    return view


def blocks_of(view: TimelineView, number: int) -> list[Block]:
    return [b for b in view.blocks() if b.ticket.id == number]


def day_of(view: TimelineView, block: Block) -> int:
    """The day whose column the block is drawn in (all of it)."""
    day = view.day_at(block.rect.left())
    assert view.day_at(block.rect.right()) == day, "a block never spills into another day"
    return day


def hours_under(view: TimelineView, block: Block) -> tuple[float, float]:
    """The hours of its day that a block is drawn over."""
    day = day_of(view, block)
    left, unit = view.day_left(day), view.hour_width(day)
    first = view.first_hour()
    return first + (block.rect.left() - left) / unit, first + (block.rect.right() - left) / unit


def tooltip_at(view: TimelineView, block: Block) -> str:
    point = block.rect.center().toPoint()
    view.event(QHelpEvent(QEvent.Type.ToolTip, point, view.mapToGlobal(point)))
    shown = tooltip_shows(QToolTip.text())
    QToolTip.hideText()
    return shown


def test_evening_and_night_visits_are_stubs_on_their_own_days(qtbot: QtBot) -> None:
    overnight = booking(46, "bob", at(WEEK[TUE], 22), at(WEEK[WED], 2))
    evening = booking(52, "bob", at(WEEK[THU], 19), at(WEEK[THU], 21))
    early = booking(51, "alice", at(WEEK[FRI], 6), at(WEEK[FRI], 7.5))
    view = week_view([overnight, evening, early], qtbot)

    tuesday, wednesday = sorted(blocks_of(view, 46), key=lambda b: b.rect.left())
    assert day_of(view, tuesday) == TUE and tuesday.stub == "22:00 ▸"
    assert hours_under(view, tuesday)[1] > 17.5, "at Tuesday's evening edge"
    assert day_of(view, wednesday) == WED and wednesday.stub == "◂ –02:00"
    assert hours_under(view, wednesday)[0] < 8.5, "at Wednesday's morning edge, marked"
    [thursday] = blocks_of(view, 52)
    assert day_of(view, thursday) == THU and thursday.stub == "19:00 ▸"
    [friday] = blocks_of(view, 51)
    assert day_of(view, friday) == FRI and friday.stub == "◂ 06:00"
    tip = tooltip_at(view, tuesday)
    assert tip.startswith("#46 ") and "Tue 22:00-Wed 02:00" in tip
    assert "Outside the hours shown" in tip
    assert [view.visits_in_row(row) for row in range(2)] == [1, 2]


def test_a_visit_begun_the_night_before_is_drawn_and_counted_on_monday(qtbot: QtBot) -> None:
    sunday = MONDAY - timedelta(days=1)  # the week before's
    night = booking(47, "alice", at(sunday, 22), at(WEEK[MON], 4))
    into_the_morning = booking(53, "bob", at(sunday, 22), at(WEEK[MON], 10))
    view = week_view([night, into_the_morning], qtbot)

    [stub] = blocks_of(view, 47)
    assert day_of(view, stub) == MON and stub.stub == "◂ –04:00"
    [morning] = blocks_of(view, 53)
    assert morning.stub == "" and day_of(view, morning) == MON
    start, end = hours_under(view, morning)
    assert abs(start - 8) < 0.1 and abs(end - 10) < 0.1, "its own hours: 08:00 to 10:00"
    assert [view.visits_in_row(row) for row in range(2)] == [1, 1]


def test_a_visit_over_two_days_is_drawn_on_both_and_counted_once(qtbot: QtBot) -> None:
    two_days = booking(60, "alice", at(WEEK[MON], 14), at(WEEK[TUE], 11))
    next_one = booking(61, "alice", at(WEEK[WED], 9), at(WEEK[WED], 10))
    view = week_view([two_days, next_one], qtbot)

    monday, tuesday = sorted(blocks_of(view, 60), key=lambda b: b.rect.left())
    assert day_of(view, monday) == MON and day_of(view, tuesday) == TUE
    assert [round(h, 1) for h in hours_under(view, monday)] == [14.0, 18.0]
    assert [round(h, 1) for h in hours_under(view, tuesday)] == [8.0, 11.0]
    assert view.visits_in_row(0) == 2
    view.select(60)  # the arrow keys step from visit to visit, not from day to day
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.selected == 61


def test_six_digit_numbers_are_shown_whole_or_not_at_all(qtbot: QtBot) -> None:
    lengths = {104242: 0.5, 104254: 1, 104266: 2}
    visits = [
        booking(number, "alice", at(WEEK[n], 9), at(WEEK[n], 9 + hours))
        for n, (number, hours) in enumerate(lengths.items())
    ]
    view = week_view(visits, qtbot)

    shown = {b.ticket.id: narrow_texts(view, b)[0] for b in view.blocks()}
    for number, text in shown.items():
        assert text in ("", f"#{number}", str(number)), f"{text!r} reads as another ticket"
    assert shown[104242] == "", "half an hour is no room for six digits"
    assert shown[104266] == "#104266", "two hours are"
    for block in view.blocks():  # the unnumbered block is named where it is pointed at
        assert tooltip_at(view, block).startswith(f"#{block.ticket.id} ")
        view.select(block.ticket.id)
        assert view.accessibleDescription().startswith(f"#{block.ticket.id} ")


def test_a_double_booking_lies_in_lanes_and_neither_hides_the_other(qtbot: QtBot) -> None:
    first = booking(70, "bob", at(WEEK[TUE], 9), at(WEEK[TUE], 11))
    second = booking(71, "bob", at(WEEK[TUE], 10), at(WEEK[TUE], 11))
    alone = booking(72, "bob", at(WEEK[TUE], 13), at(WEEK[TUE], 14))
    view = week_view([first, second, alone], qtbot)

    [one], [two], [three] = (blocks_of(view, n) for n in (70, 71, 72))
    assert not one.rect.intersects(two.rect), "one would hide the other's number"
    assert {one.lane, two.lane} == {0, 1} and one.lanes == two.lanes == 2
    for block in (one, two):
        assert view.block_at(block.rect.center()) == block
        assert narrow_texts(view, block)[0] == f"#{block.ticket.id}"
    assert three.lanes == 1 and three.rect.height() > one.rect.height() * 1.8
    overlap = QPointF(view.point_of("bob", at(WEEK[TUE], 10.5)))
    column = [view.block_at(QPointF(overlap.x(), one.rect.center().y())),
              view.block_at(QPointF(overlap.x(), two.rect.center().y()))]  # fmt: skip
    assert {b.ticket.id for b in column if b} == {70, 71}
