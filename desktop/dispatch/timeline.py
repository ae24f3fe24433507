"""Each technician's day (or week) as a row of time, with their visits as blocks.

Drop a ticket on a row to assign it at that time; drag a block to move or
reassign it.  Keyboard: arrows pick a visit, Return opens the assign dialog.
The view only proposes (``dropped``, ``activated``): the board checks and writes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QDrag,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import QApplication, QSizePolicy, QToolTip, QWidget

from desktop.common.plain_tooltip import plain_tooltip
from desktop.dispatch.mime import DraggedTicket, from_mime, to_mime
from desktop.dispatch.models import as_shown, window_minutes
from desktop.dispatch.timeline_layout import Part, lanes, visit_parts
from desktop.dispatch.timeline_paint import (
    BLOCK_LEAST_WIDTH,
    HEADER_HEIGHT,
    NAME_WIDTH,
    ROW_HEIGHT,
    STUB_WIDTH,
    paint,
    window_label,
)
from sync.dispatch import Seen, WorkingHours, local_moment
from sync.stamps import parse_stamp
from sync.store.dispatch import DispatchTicket, Technician
from sync.store.outbox import InvalidChange

WEEK_HOUR_WIDTH = 30
LANE_GAP = 2  # between the lanes of visits that overlap


@dataclass(frozen=True)
class Slot:
    technician: str
    start: datetime  # aware, UTC


@dataclass(frozen=True)
class Block:
    """A visit's part drawn on one day: a visit over several days has a block on each."""

    ticket: DispatchTicket
    row: int
    rect: QRectF
    part: Part | None = None  # its hours; a stub's marker ("22:00 ▸")
    lane: int = 0  # of lanes: visits that overlap share the row's height
    lanes: int = 1

    @property
    def stub(self) -> str:
        """The marker of a part outside the hours shown; "" for one drawn at its hours."""
        return self.part.label if self.part and self.part.stub else ""


@dataclass(frozen=True)
class Placement:
    """Where every visit is drawn, for one schedule at one width.

    Painting, hit tests and the names column's counts all read it, so it is worked
    out once per change rather than once per question (per row, it was quadratic).
    Its rects are shared by every caller: read them, never change them."""

    width: int
    blocks: tuple[Block, ...]  # in the visits' order: later ones are drawn on top
    by_row: tuple[tuple[Block, ...], ...]  # each technician's, in the same order


class TimelineView(QWidget):
    dropped = Signal(object, object, object)  # DraggedTicket, technician name, start (UTC)
    activated = Signal(int)  # a visit chosen with Return or a double click
    selection_changed = Signal(object)  # DispatchTicket | None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(self.tr("Technicians' schedule"))
        self.days: list[date] = [date.today()]
        self.zone: tzinfo = UTC
        self.hours: WorkingHours | None = None
        self.rows: list[Technician] = []
        self.visits: list[DispatchTicket] = []
        self.selected: int | None = None
        self.drop_ghost: tuple[QRectF, str] | None = None  # where a drag would land
        self._press: tuple[QPoint, Block] | None = None
        self._placement: Placement | None = None  # see placement()

    # -- data ----------------------------------------------------------------------
    def set_schedule(
        self,
        days: list[date],
        hours: WorkingHours,
        technicians: list[Technician],
        visits: list[DispatchTicket],
    ) -> None:
        self.days, self.hours, self.zone = days, hours, hours.zone
        known = {t.name for t in technicians}
        strangers = sorted({v.owner for v in visits if v.owner and v.owner not in known})
        self.rows = technicians + [Technician(name, "", "") for name in strangers]
        self.visits = [as_shown(visit) for visit in visits]
        self._placement = None  # every block may have moved
        if self.selected is not None and not any(v.id == self.selected for v in visits):
            self.selected = None
        self.setMinimumHeight(HEADER_HEIGHT + ROW_HEIGHT * max(1, len(self.rows)) + 2)
        self.updateGeometry()
        self.update()

    def selected_visit(self) -> DispatchTicket | None:
        return next((v for v in self.visits if v.id == self.selected), None)

    def select(self, ticket_id: int | None) -> None:
        self.selected = ticket_id
        visit = self.selected_visit()
        self.setAccessibleDescription(self._describe(visit) if visit else "")
        self.selection_changed.emit(visit)
        self.update()

    # -- geometry -------------------------------------------------------------------
    def first_hour(self) -> int:
        """Day view: working hours and an hour either side; week view: working hours."""
        if self.hours is None:
            return 7
        return max(0, self.hours.start.hour - (1 if len(self.days) == 1 else 0))

    def last_hour(self) -> int:
        if self.hours is None:
            return 19
        end = self.hours.end.hour + (1 if self.hours.end.minute else 0)
        return min(24, end + (1 if len(self.days) == 1 else 0))

    def _weights(self) -> list[float]:
        # Days off get a narrow column: the working days get the room.
        if len(self.days) == 1 or self.hours is None:
            return [1.0] * len(self.days)
        return [1.0 if d.weekday() in self.hours.days else 0.45 for d in self.days]

    def day_left(self, index: int) -> float:
        weights = self._weights()
        return NAME_WIDTH + sum(weights[:index]) * self._unit()

    def day_width(self, index: int) -> float:
        return self._weights()[index] * self._unit()

    def _unit(self) -> float:
        return max(1.0, (self.width() - NAME_WIDTH) / max(0.01, sum(self._weights())))

    def hour_width(self, index: int) -> float:
        return self.day_width(index) / max(1, self.last_hour() - self.first_hour())

    def snap_minutes(self) -> int:
        return 15 if len(self.days) == 1 else 30

    def _least_width(self) -> int:
        """Day view: 420 px; a working day of the week: 30 px an hour, so a one-hour
        visit has room for its number (the schedule scrolls to today)."""
        if len(self.days) == 1:
            return NAME_WIDTH + 420
        per_day = max(110, WEEK_HOUR_WIDTH * (self.last_hour() - self.first_hour()))
        return NAME_WIDTH + math.ceil(per_day * sum(self._weights()))

    def sizeHint(self) -> QSize:
        return QSize(self._least_width(), HEADER_HEIGHT + ROW_HEIGHT * max(3, len(self.rows)))

    def minimumSizeHint(self) -> QSize:
        return QSize(self._least_width(), HEADER_HEIGHT + ROW_HEIGHT)

    def x_of(self, moment: datetime) -> float | None:
        """Where a moment is drawn; None off the range or outside its day's hours shown
        (clamped, an evening would be drawn at the next morning's start)."""
        local = moment.astimezone(self.zone)
        hour = local.hour + local.minute / 60
        if local.date() not in self.days or not self.first_hour() <= hour <= self.last_hour():
            return None
        return self.hour_x(self.days.index(local.date()), hour)

    def hour_x(self, index: int, hour: float) -> float:
        """Where hour o'clock of the index-th day shown is drawn."""
        return self.day_left(index) + (hour - self.first_hour()) * self.hour_width(index)

    def day_at(self, x: float) -> int:
        for index in range(len(self.days)):
            if x < self.day_left(index) + self.day_width(index):
                return index
        return len(self.days) - 1

    def slot_at(self, point: QPointF, grab_minutes: int = 0) -> Slot | None:
        """Where a visit held grab_minutes into it starts if dropped at point: that long
        before the moment under the mouse, which may be another day (one held by its
        second day); None off the rows, or where the clocks skip the time."""
        row = int((point.y() - HEADER_HEIGHT) // ROW_HEIGHT)
        in_names = point.x() < self.name_left() + NAME_WIDTH
        if in_names or point.y() < HEADER_HEIGHT or not 0 <= row < len(self.rows):
            return None
        index = self.day_at(point.x())
        hour = self.first_hour() + (point.x() - self.day_left(index)) / self.hour_width(index)
        try:
            start = self.moment_at(index, hour) - timedelta(minutes=grab_minutes)
            return Slot(self.rows[row].name, self._snapped(start))
        except InvalidChange:  # a time skipped when the clocks go forward: not a slot
            return None

    def moment_at(self, index: int, hour: float) -> datetime:
        """hour o'clock of the index-th day shown on the zone's wall clock, as UTC, read
        as the assign dialog reads it: InvalidChange for a time the clocks skip."""
        wall = datetime.combine(self.days[index], time(0)) + timedelta(hours=hour)
        return local_moment(wall.date(), wall.time(), self.zone)

    def _snapped(self, start: datetime) -> datetime:
        """start at the nearest quarter (day view) or half hour (week) of its wall clock."""
        local = start.astimezone(self.zone)
        minutes = local.hour * 60 + local.minute + local.second / 60
        snap = self.snap_minutes()
        wall = datetime.combine(local.date(), time(0)) + timedelta(
            minutes=round(minutes / snap) * snap
        )
        return local_moment(wall.date(), wall.time(), self.zone)

    def point_of(self, technician: str, start: datetime) -> QPoint:
        """Inside the slot of technician at start (for tests and keyboard helpers)."""
        row = [r.name for r in self.rows].index(technician)
        x = self.x_of(start)
        assert x is not None, "that time is not on the board"
        return QPoint(math.ceil(x) + 2, HEADER_HEIGHT + row * ROW_HEIGHT + ROW_HEIGHT // 2)

    def placement(self) -> Placement:
        """The blocks' geometry, kept until the schedule or the width changes.

        set_schedule forgets it; the width is checked here rather than in resizeEvent,
        which a hidden widget gets only when it is shown."""
        if self._placement is None or self._placement.width != self.width():
            self._placement = self._place_blocks()
        return self._placement

    def _place_blocks(self) -> Placement:
        row_of = {r.name: row for row, r in enumerate(self.rows)}
        order = {visit.id: n for n, visit in enumerate(self.visits)}
        by_row: list[list[Block]] = [[] for _ in self.rows]
        for visit in self.visits:
            row = row_of.get(visit.owner or "")
            if row is not None and visit.visit_start and visit.visit_end:
                start, end = parse_stamp(visit.visit_start), parse_stamp(visit.visit_end)
                parts = visit_parts(
                    start,
                    end,
                    self.days,
                    self.zone,
                    first_hour=self.first_hour(),
                    last_hour=self.last_hour(),
                )
                by_row[row].extend(Block(visit, row, self._span(part), part) for part in parts)
        for row, blocks in enumerate(by_row):
            by_row[row] = self._in_lanes(blocks, row)
        found = sorted((b for row in by_row for b in row), key=lambda b: order[b.ticket.id])
        return Placement(self.width(), tuple(found), tuple(tuple(b) for b in by_row))

    def _span(self, part: Part) -> QRectF:
        """A part's left and width (its row's lane sets the rest); a stub lies inside its
        day, at the edge its hours are beyond."""
        left = self.hour_x(part.day, part.start_hour)
        width = max(self.hour_x(part.day, part.end_hour) - left, BLOCK_LEAST_WIDTH)
        if part.stub:
            width = STUB_WIDTH
            left = left if part.stub == "early" else left - width
        return QRectF(left + 1, 0, width - 2, 0)

    @staticmethod
    def _in_lanes(blocks: list[Block], row: int) -> list[Block]:
        """The row's blocks at their height: side by side where they overlap."""
        top, height = HEADER_HEIGHT + row * ROW_HEIGHT + 6, ROW_HEIGHT - 12
        spans = [(b.rect.left(), b.rect.right()) for b in blocks]
        placed = []
        for block, (lane, count) in zip(blocks, lanes(spans), strict=True):
            lane_height = (height - LANE_GAP * (count - 1)) / count
            lane_top = top + lane * (lane_height + LANE_GAP)
            rect = QRectF(block.rect.left(), lane_top, block.rect.width(), lane_height)
            placed.append(replace(block, rect=rect, lane=lane, lanes=count))
        return placed

    def blocks(self) -> list[Block]:
        return list(self.placement().blocks)

    def visits_in_row(self, row: int) -> int:
        """How many visits a technician's row shows (one over two days is one)."""
        return len({b.ticket.id for b in self.placement().by_row[row]})

    def name_left(self) -> int:
        """Where the names column is drawn: the left edge of what is in sight."""
        return max(0, self.visibleRegion().boundingRect().left())

    def block_at(self, point: QPointF) -> Block | None:
        row = int((point.y() - HEADER_HEIGHT) // ROW_HEIGHT)
        if point.x() < self.name_left() + NAME_WIDTH or not 0 <= row < len(self.rows):
            return None  # under the names column or off the rows
        # A block lies inside its row: only that row's can hold the point.
        in_row = reversed(self.placement().by_row[row])
        return next((b for b in in_row if b.rect.contains(point)), None)

    # -- painting, tooltips --------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        paint(self, painter, QRectF(event.rect()))
        painter.end()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            block = self.block_at(QPointF(event.pos()))
            if block is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(
                    event.globalPos(), self._tooltip(block.ticket, bool(block.stub)), self
                )
            return True
        return super().event(event)

    def _tooltip(self, visit: DispatchTicket, outside_hours: bool = False) -> str:
        lines = [
            f"#{visit.id} {visit.subject}",
            visit.site or "",
            " · ".join(
                (
                    visit.owner_name or visit.owner or "",
                    window_label(visit, self.zone),
                    visit.status,
                )
            ),
        ]
        if outside_hours:  # a stub: its times are the line above
            lines.append(self.tr("Outside the hours shown"))
        lines.extend(self._flags(visit))
        lines.append(self.tr("Drag to move or reassign; Return or double-click to edit"))
        return plain_tooltip("\n".join(line for line in lines if line))  # quotes the helpdesk

    def _describe(self, visit: DispatchTicket) -> str:
        """The selected visit as a screen reader says it: what its block shows, its red
        or dashed border (changed on the helpdesk too, not sent yet) included."""
        described = self.tr("#{id} {site}, {owner}, {window}, {status}").format(
            id=visit.id,
            site=visit.site or visit.subject,
            owner=visit.owner_name or visit.owner or "-",
            window=window_label(visit, self.zone),
            status=visit.status,
        )
        return ". ".join([described, *self._flags(visit)])

    def _flags(self, visit: DispatchTicket) -> list[str]:
        """What a dashed ("●") or red ("⚠") border says, in words."""
        flags = []
        if visit.pending_changes:
            flags.append(self.tr("Saved here, sent at the next sync"))
        if visit.open_conflicts:
            flags.append(self.tr("Changed on the helpdesk too: see Conflicts"))
        return flags

    # -- mouse: select, double-click, drag a block ---------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        block = self.block_at(event.position())
        self.select(block.ticket.id if block else None)
        if block is not None and event.button() == Qt.MouseButton.LeftButton:
            self._press = (event.position().toPoint(), block)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        block = self.block_at(event.position())
        if block is not None:
            self.activated.emit(block.ticket.id)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is None or not event.buttons() & Qt.MouseButton.LeftButton:
            return
        origin, block = self._press
        if (event.position().toPoint() - origin).manhattanLength() < (
            QApplication.startDragDistance()
        ):
            return
        self._press = None
        drag = QDrag(self)
        drag.setMimeData(
            to_mime(
                DraggedTicket(
                    block.ticket.id,
                    window_minutes(block.ticket),
                    self._grab_minutes(block, origin.x()),
                    from_board=True,
                    seen=Seen.of(block.ticket),
                )
            )
        )
        drag.exec(Qt.DropAction.MoveAction)

    def _grab_minutes(self, block: Block, x: float) -> int:
        """How far into the visit x is: the drop keeps that point under the mouse.
        A stub is held by the visit's start; a part by where it begins."""
        if block.part is None or block.part.stub or not block.ticket.visit_start:
            return 0
        index = block.part.day
        hour = block.part.start_hour + (x - block.rect.left()) / self.hour_width(index)
        try:
            moment = self.moment_at(index, hour)
        except InvalidChange:  # held where the clocks skip: Python's reading is near enough
            moment = datetime.combine(self.days[index], time(0), self.zone) + timedelta(hours=hour)
        # An instant's distance (a day and more when held by a later day's part): the drop
        # takes it from the moment under the mouse.
        return max(0, int((moment - parse_stamp(block.ticket.visit_start)).total_seconds() // 60))

    def mouseReleaseEvent(self, _event: QMouseEvent) -> None:
        self._press = None

    # -- drops -------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if from_mime(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        item = from_mime(event.mimeData())
        slot = self.slot_at(event.position(), item.grab_minutes) if item else None
        if item is None or slot is None:
            self._move_ghost(None)
            event.ignore()
        else:
            self._move_ghost(self._ghost_for(item, slot, self.day_at(event.position().x())))
            event.acceptProposedAction()

    def dragLeaveEvent(self, _event: QDragLeaveEvent) -> None:
        self._move_ghost(None)

    def dropEvent(self, event: QDropEvent) -> None:
        self._move_ghost(None)
        item = from_mime(event.mimeData())
        slot = self.slot_at(event.position(), item.grab_minutes) if item else None
        if item is None or slot is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.dropped.emit(item, slot.technician, slot.start)

    def _move_ghost(self, ghost: tuple[QRectF, str] | None) -> None:
        """Repaint where the ghost was and where it is, and only if it moved: a drag
        sends a move for every pixel, and most stay in the same slot."""
        if ghost == self.drop_ghost:
            return
        for old_or_new in (self.drop_ghost, ghost):
            if old_or_new is not None:  # with its border, which strays outside the rect
                self.update(old_or_new[0].toAlignedRect().adjusted(-3, -3, 3, 3))
        self.drop_ghost = ghost

    def _ghost_for(self, item: DraggedTicket, slot: Slot, dropped_on: int) -> tuple[QRectF, str]:
        """Where the visit would be: from its start at its length on its start day's scale,
        even where that runs past the hours shown; a start before the days shown is
        drawn from the edge of the day dropped on."""
        end = slot.start + timedelta(minutes=item.minutes)
        local, local_end = slot.start.astimezone(self.zone), end.astimezone(self.zone)
        index = self.days.index(local.date()) if local.date() in self.days else dropped_on
        midnight = datetime.combine(self.days[index], time(0))
        hour = (local.replace(tzinfo=None) - midnight).total_seconds() / 3600
        left = self.hour_x(index, hour)
        right = left + item.minutes / 60 * self.hour_width(index)
        left = max(left, self.day_left(index))
        row = [r.name for r in self.rows].index(slot.technician)
        top = HEADER_HEIGHT + row * ROW_HEIGHT + 6
        days = "%a " if local.date() != local_end.date() else ""
        label = f"{local.strftime(days + '%H:%M')}-{local_end.strftime(days + '%H:%M')}"
        return QRectF(left, top, max(right - left, 40.0), ROW_HEIGHT - 12), label

    # -- keyboard ------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        ordered = sorted(self.blocks(), key=lambda b: (b.row, b.rect.left()))
        if not ordered:
            super().keyPressEvent(event)
            return
        ids = list(dict.fromkeys(b.ticket.id for b in ordered))  # a visit's days: one stop
        current = ids.index(self.selected) if self.selected in ids else -1
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Down):
            self.select(ids[min(current + 1, len(ids) - 1)])
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Up):
            self.select(ids[max(current - 1, 0)])
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected is not None:
            self.activated.emit(self.selected)
        else:
            super().keyPressEvent(event)
