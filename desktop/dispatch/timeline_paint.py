"""How the schedule is drawn: technicians' rows, the hour grid, visit blocks, "now".

The sizes here are the drawing's; ``TimelineView`` maps mouse and drops onto it
with the same numbers.  Colours: a block's status (its badge colour, under white
text that reads on it, and its mark, "▶ #13", for who cannot tell the colours
apart), a red border and "⚠" for a conflict, a dashed border and "●" for a change
saved here and not sent yet, shading outside working hours.  Shapes: a block's
side is pointed where the visit goes on beyond it (another day, or hours not
shown); a part wholly outside the hours shown is a pointed tag at its day's edge
with its time ("22:00 ▸").  Visits that overlap lie in lanes, one above the
other: a double booking shows as two thin blocks.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, tzinfo
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QWidget

from desktop.common.theme import BADGE_TEXT, BADGES
from sync.stamps import parse_stamp
from sync.store.dispatch import DispatchTicket
from sync.words import plural

if TYPE_CHECKING:
    from desktop.dispatch.timeline import Block, TimelineView

NAME_WIDTH = 180
HEADER_HEIGHT = 46
ROW_HEIGHT = 68  # glove-friendly blocks
BLOCK_LEAST_WIDTH = 18.0  # a short visit stays big enough to point at
STUB_WIDTH = 50.0  # a part outside the hours shown: room for "22:00 ▸"
TWO_LINES_HEIGHT = 40  # a block lower than this (a lane of two or more) has one line
# A block is filled with its status's badge colour, opaque: white text reads on each
# (4.5:1 and more) in either scheme.  Its mark tells the status without the colour.
STATUS_COLOURS = {status: BADGES[status] for status in ("new", "open", "stalled")}
OTHER_STATUS = BADGES["resolved"]
STATUS_MARKS = {"new": "✦", "open": "▶", "stalled": "⏸"}
CONFLICT = QColor("#c62828")


def paint(view: TimelineView, painter: QPainter, area: QRectF | None = None) -> None:
    """Draw the schedule; only the blocks that reach into area (default: all) are drawn,
    as a drag's ghost or a scroll repaints a strip and a block's text is the dear part."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    palette = view.palette()
    painter.fillRect(view.rect(), palette.color(QPalette.ColorRole.Base))
    _rows(view, painter, palette)
    _grid(view, painter, palette)
    for block in view.blocks():
        if area is None or _drawn_rect(block).intersects(area):
            _block(view, painter, block)
    if view.drop_ghost is not None:
        _ghost(painter, palette, *view.drop_ghost)
    _now(view, painter)
    _names(view, painter, palette)


def _drawn_rect(block: Block) -> QRectF:
    """A block as far as its ink goes: the selection ring and a 3 px border stray out."""
    return block.rect.adjusted(-6, -6, 6, 6)


def _ghost(painter: QPainter, palette: QPalette, rect: QRectF, label: str) -> None:
    """Where a dragged ticket would land, and its times."""
    painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 2, Qt.PenStyle.DashLine))
    highlight = palette.color(QPalette.ColorRole.Highlight)
    highlight.setAlpha(50)
    painter.setBrush(highlight)
    painter.drawRoundedRect(rect, 6, 6)
    painter.setPen(palette.color(QPalette.ColorRole.Text))
    painter.drawText(rect.adjusted(6, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, label)


def fill_closed(painter: QPainter, rect: QRectF, palette: QPalette) -> None:
    """Outside working hours: a tint and diagonal hatching, in either colour scheme.

    The legend's sample (``ShadingSample``) is drawn by this same function."""
    text = palette.color(QPalette.ColorRole.Text)
    tint, hatch = QColor(text), QColor(text)
    tint.setAlpha(20)
    hatch.setAlpha(60)
    painter.fillRect(rect, tint)
    painter.fillRect(rect, QBrush(hatch, Qt.BrushStyle.BDiagPattern))


class ShadingSample(QWidget):
    """The legend's sample of the shading outside working hours."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(28, 16)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = QRectF(self.rect())
        painter.fillRect(rect, self.palette().color(QPalette.ColorRole.Base))
        fill_closed(painter, rect, self.palette())
        painter.setPen(self.palette().color(QPalette.ColorRole.Mid))
        painter.drawRect(rect.adjusted(0, 0, -1, -1))
        painter.end()


def short_site(site: str | None) -> str:
    """A site as a block has room for: "Elmgrove" for "Elmgrove Medical Practice"."""
    words = [w for w in (site or "").split() if w.casefold() != "the"]
    if not words:
        return ""
    if len(words[0]) <= 3 and len(words) > 1:  # "St Anne's", "Dr Patel"
        return f"{words[0]} {words[1]}"
    return words[0]


def _rows(view: TimelineView, painter: QPainter, palette: QPalette) -> None:
    stripe = palette.color(QPalette.ColorRole.AlternateBase)
    shaded = _closed_columns(view)
    for row in range(len(view.rows)):
        top = HEADER_HEIGHT + row * ROW_HEIGHT
        if row % 2:
            painter.fillRect(QRect(0, top, view.width(), ROW_HEIGHT), stripe)
        for left, width in shaded:  # outside working hours is shaded
            fill_closed(painter, QRectF(left, top, width, ROW_HEIGHT), palette)


def _closed_columns(view: TimelineView) -> list[tuple[float, float]]:
    """Left and width of each stretch of the days outside working hours: the same in
    every row, so worked out once for them all."""
    columns = []
    for index, day in enumerate(view.days):
        x, unit = view.day_left(index), view.hour_width(index)
        for left, right in closed_spans(view, day):
            if (right - left) * unit > 0:
                columns.append((x + (left - view.first_hour()) * unit, (right - left) * unit))
    return columns


def _names(view: TimelineView, painter: QPainter, palette: QPalette) -> None:
    """The technicians' names, over whatever scrolled under them: they stay in sight."""
    text = palette.color(QPalette.ColorRole.Text)
    bold = QFont(view.font())
    bold.setBold(True)
    x = view.name_left()
    bottom = HEADER_HEIGHT + ROW_HEIGHT * max(1, len(view.rows))
    painter.fillRect(QRectF(x, 0, NAME_WIDTH, bottom), palette.color(QPalette.ColorRole.Base))
    for row, person in enumerate(view.rows):
        top = HEADER_HEIGHT + row * ROW_HEIGHT
        if row % 2:
            stripe = palette.color(QPalette.ColorRole.AlternateBase)
            painter.fillRect(QRect(x, top, NAME_WIDTH, ROW_HEIGHT), stripe)
        painter.setPen(text)
        painter.setFont(bold)
        painter.drawText(
            QRect(x + 12, top + 8, NAME_WIDTH - 18, 24),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            person.label,
        )
        painter.setFont(view.font())
        muted = QColor(text)
        muted.setAlpha(150)
        painter.setPen(muted)
        booked = view.visits_in_row(row)
        painter.drawText(
            QRect(x + 12, top + 32, NAME_WIDTH - 18, 22),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            plural(booked, view.tr("visit"), view.tr("visits"))
            + (view.tr(" this week") if len(view.days) > 1 else ""),
        )
    strong = QColor(text)
    strong.setAlpha(90)
    painter.setPen(QPen(strong, 1))
    painter.drawLine(QPointF(x, HEADER_HEIGHT), QPointF(x + NAME_WIDTH, HEADER_HEIGHT))
    painter.setPen(QPen(strong, 1.5))
    painter.drawLine(QPointF(x + NAME_WIDTH, 0), QPointF(x + NAME_WIDTH, bottom))


def closed_spans(view: TimelineView, day: date) -> list[tuple[float, float]]:
    if view.hours is None:
        return []
    first, last = view.first_hour(), view.last_hour()
    if day.weekday() not in view.hours.days:
        return [(first, last)]
    opens = view.hours.start.hour + view.hours.start.minute / 60
    closes = view.hours.end.hour + view.hours.end.minute / 60
    return [(first, max(first, opens)), (min(last, closes), last)]


def _grid(view: TimelineView, painter: QPainter, palette: QPalette) -> None:
    text = palette.color(QPalette.ColorRole.Text)
    line = QColor(text)
    line.setAlpha(28)
    strong = QColor(text)
    strong.setAlpha(90)
    bottom = HEADER_HEIGHT + ROW_HEIGHT * max(1, len(view.rows))
    small = QFont(view.font())
    small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
    hours_shown = range(view.first_hour(), view.last_hour() + 1)
    for index, day in enumerate(view.days):
        left, unit = view.day_left(index), view.hour_width(index)
        step = 1 if unit >= 32 else max(2, math.ceil(32 / unit))
        for hour in hours_shown:
            x = left + (hour - view.first_hour()) * unit
            painter.setPen(line)
            painter.drawLine(QPointF(x, HEADER_HEIGHT - 6), QPointF(x, bottom))
            room = left + view.day_width(index) - x  # no label against the next day
            if (hour - view.first_hour()) % step == 0 and room > 22:
                painter.setFont(small)
                painter.setPen(text)
                painter.drawText(QPointF(x + 3, HEADER_HEIGHT - 8), f"{hour:02d}")
        painter.setPen(QPen(strong, 1.5))
        painter.drawLine(QPointF(left, 0), QPointF(left, bottom))
        title = QFont(view.font())
        title.setBold(day == datetime.now(view.zone).date())
        painter.setFont(title)
        painter.setPen(text)
        painter.drawText(
            QRectF(left + 6, 2, view.day_width(index) - 8, 22),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            _day_title(view, day, view.day_width(index)),
        )
    painter.setPen(QPen(strong, 1))
    painter.drawLine(QPointF(0, HEADER_HEIGHT), QPointF(view.width(), HEADER_HEIGHT))


def _day_title(view: TimelineView, day: date, width: float) -> str:
    if len(view.days) == 1:
        return day.strftime("%A %d %B")
    return day.strftime("%a %d %b") if width > 110 else day.strftime("%a %d")


def _block(view: TimelineView, painter: QPainter, block: Block) -> None:
    visit = block.ticket
    colour = QColor(STATUS_COLOURS.get(visit.status, OTHER_STATUS))
    selected = visit.id == view.selected
    border = CONFLICT if visit.open_conflicts else colour.darker(140)
    pen = QPen(border, 3 if selected or visit.open_conflicts else 1)
    if visit.pending_changes and not visit.open_conflicts:
        pen.setStyle(Qt.PenStyle.DashLine)  # saved here, not sent yet
    painter.setPen(pen)
    painter.setBrush(colour)
    painter.drawPath(_outline(block))
    if selected:
        focus = QPen(view.palette().color(QPalette.ColorRole.Highlight), 2)
        painter.setPen(focus)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(block.rect.adjusted(-3, -3, 3, 3), 8, 8)
    painter.setPen(QColor(BADGE_TEXT))
    inner = block.rect.adjusted(5, 4, -3, -4)
    bold = QFont(painter.font())
    bold.setBold(True)
    if block.stub:
        _stub_label(view, painter, block)
        return
    if inner.width() < 90:  # the week at a glance: number and short site; the rest in the tooltip
        _narrow_label(view, painter, block)
        return
    metrics = QFontMetrics(bold)
    first = metrics.elidedText(
        f"{status_mark(visit)}#{visit.id} {visit.site or visit.subject}{flag_marks(visit)}",
        Qt.TextElideMode.ElideRight,
        int(inner.width()),
    )
    second = QFontMetrics(view.font()).elidedText(
        f"{window_label(visit, view.zone)} · {visit.subject}",
        Qt.TextElideMode.ElideRight,
        int(inner.width()),
    )
    painter.setFont(bold)
    if block.rect.height() < TWO_LINES_HEIGHT:  # a lane: the first line only
        painter.drawText(inner, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, first)
        return
    painter.drawText(inner, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft, first)
    painter.setFont(view.font())
    painter.drawText(inner, Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft, second)


def _outline(block: Block) -> QPainterPath:
    """A block's shape: rounded, or pointed on a side where the visit goes on past it
    (a stub points the way its hours lie)."""
    rect, part = block.rect, block.part
    path = QPainterPath()
    before = part is not None and (
        part.stub == "early" or (not part.stub and part.continued_before)
    )
    after = part is not None and (part.stub == "late" or (not part.stub and part.continued_after))
    if not (before or after):
        path.addRoundedRect(rect, 6, 6)
        return path
    tip = min(7.0, rect.width() / 3)
    top, middle, bottom = rect.top(), rect.center().y(), rect.bottom()
    x0, x1 = rect.left(), rect.right()
    left = [QPointF(x0 + tip, bottom), QPointF(x0, middle), QPointF(x0 + tip, top)]
    right = [QPointF(x1 - tip, top), QPointF(x1, middle), QPointF(x1 - tip, bottom)]
    if not before:
        left = [rect.bottomLeft(), rect.topLeft()]
    if not after:
        right = [rect.topRight(), rect.bottomRight()]
    path.addPolygon(QPolygonF([*left, *right]))
    path.closeSubpath()
    return path


def stub_text(view: TimelineView, block: Block) -> str:
    """What a stub says: its marker and time, or the time alone (the shape points the
    way), or nothing if even that does not fit (the tooltip says it)."""
    small, _plain = _narrow_fonts(view)
    room = block.rect.width() - 10  # less the point
    label = block.stub
    time_only = label.strip("◂▸ ")
    metrics = QFontMetrics(small)
    return next((t for t in (label, time_only) if metrics.horizontalAdvance(t) <= room), "")


def _stub_label(view: TimelineView, painter: QPainter, block: Block) -> None:
    small, _plain = _narrow_fonts(view)
    painter.setFont(small)
    painter.drawText(block.rect, Qt.AlignmentFlag.AlignCenter, stub_text(view, block))
    painter.setFont(view.font())


def status_mark(visit: DispatchTicket) -> str:
    """ "▶ " before an open visit's number: its status told by more than its colour."""
    mark = STATUS_MARKS.get(visit.status)
    return f"{mark} " if mark else ""


def flag_marks(visit: DispatchTicket) -> str:
    """ " ⚠" changed on the helpdesk too, " ●" not sent yet (the border says them too)."""
    return (" ⚠" if visit.open_conflicts else "") + (" ●" if visit.pending_changes else "")


def narrow_texts(view: TimelineView, block: Block) -> tuple[str, str]:
    """A narrow block's two lines: the whole number if it fits, else none (a cut one reads
    as another ticket: "42" of #104242; the tooltip and the accessible text name it),
    with its flags when they fit (the border says them too); and the short site when
    there is a second line and three letters or more of it fit."""
    visit = block.ticket
    small, plain = _narrow_fonts(view)
    room = block.rect.width() - 5
    metrics = QFontMetrics(small)

    def fits(text: str) -> bool:
        return metrics.horizontalAdvance(text) <= room

    numbers = [n for n in (f"#{visit.id}", str(visit.id)) if fits(n)]
    number = numbers[0] if numbers else ""
    if number and fits(number + flag_marks(visit)):
        number += flag_marks(visit)
    if block.rect.height() < TWO_LINES_HEIGHT:
        return number, ""
    site = short_site(visit.site) or visit.subject
    shown = QFontMetrics(plain).elidedText(site, Qt.TextElideMode.ElideRight, int(room))
    return number, shown if len(shown.rstrip("…")) >= 3 else ""


def narrow_lines(view: TimelineView, block: Block) -> tuple[str, str, str]:
    """What a narrow block shows, top to bottom: its number (``narrow_texts``), its
    status mark on a line of its own where the block is high enough for three lines,
    else after the number where that line has room (a lane, a large font: before the
    flags, which the border says too), and its short site.  Where none fits, the
    tooltip and the accessible text say the status."""
    number, site = narrow_texts(view, block)
    mark = status_mark(block.ticket).strip()
    small, _plain = _narrow_fonts(view)
    metrics = QFontMetrics(small)
    inner = block.rect.adjusted(3, 5, -2, -5)
    if not mark or metrics.horizontalAdvance(mark) > inner.width():
        return number, "", site
    if inner.height() >= 3 * metrics.height():
        return number, mark, site
    flags = flag_marks(block.ticket)
    bare = number.removesuffix(flags)
    for beside in (f"{bare} {mark}{flags}", f"{bare} {mark}"):
        if bare and metrics.horizontalAdvance(beside) <= block.rect.width() - 5:
            return beside, "", site
    return number, "", site


def _narrow_fonts(view: TimelineView) -> tuple[QFont, QFont]:
    small = QFont(view.font())
    small.setBold(True)
    small.setPointSizeF(max(6.5, small.pointSizeF() * 0.85))
    plain = QFont(view.font())
    plain.setPointSizeF(small.pointSizeF())
    return small, plain


def _narrow_label(view: TimelineView, painter: QPainter, block: Block) -> None:
    number, mark, site = narrow_lines(view, block)
    small, plain = _narrow_fonts(view)
    inner = block.rect.adjusted(3, 5, -2, -5)
    painter.setFont(small)
    # on top, or in the middle of a lane too low for the site (and the mark)
    top = Qt.AlignmentFlag.AlignTop if site or mark else Qt.AlignmentFlag.AlignVCenter
    if block.rect.height() < TWO_LINES_HEIGHT:
        inner = block.rect.adjusted(3, 0, -2, 0)
    painter.drawText(inner, top | Qt.AlignmentFlag.AlignHCenter, number)
    painter.drawText(inner, Qt.AlignmentFlag.AlignCenter, mark)
    if site:
        painter.setFont(plain)
        painter.drawText(inner, Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignHCenter, site)
    painter.setFont(view.font())


def _now(view: TimelineView, painter: QPainter) -> None:
    x = view.x_of(datetime.now(UTC))
    if x is None:
        return
    painter.setPen(QPen(CONFLICT, 2))
    bottom = HEADER_HEIGHT + ROW_HEIGHT * max(1, len(view.rows))
    painter.drawLine(QPointF(x, HEADER_HEIGHT - 4), QPointF(x, bottom))


def window_label(visit: DispatchTicket, zone: tzinfo) -> str:
    """ "09:30-11:00" in the supervisor's zone, "Tue 22:00-Wed 02:00" over midnight;
    empty without a window."""
    if not (visit.visit_start and visit.visit_end):
        return ""
    start = parse_stamp(visit.visit_start).astimezone(zone)
    end = parse_stamp(visit.visit_end).astimezone(zone)
    if start.date() != end.date():
        return f"{start:%a %H:%M}-{end:%a %H:%M}"
    return f"{start:%H:%M}-{end:%H:%M}"
