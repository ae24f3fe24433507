"""Each technician's day (or week) as a row of time, with their visits as blocks.

Drop a ticket on a row to assign it at that time; drag a block to move or
reassign it.  Keyboard: arrows pick a visit, Return opens the assign dialog.
The view only proposes (``dropped``, ``activated``): the board checks and writes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDrag,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QApplication, QSizePolicy, QToolTip, QWidget

from desktop.dispatch.mime import DraggedTicket, from_mime, to_mime
from desktop.dispatch.models import window_minutes
from sync.dispatch import WorkingHours, parse_iso
from sync.store.dispatch import DispatchTicket, Technician

NAME_WIDTH = 180
HEADER_HEIGHT = 46
ROW_HEIGHT = 68  # glove-friendly blocks
STATUS_COLOURS = {"new": "#1e6fd9", "open": "#13866f", "stalled": "#b7791f"}
CONFLICT = QColor("#c62828")


@dataclass(frozen=True)
class Slot:
    technician: str
    start: datetime  # aware, UTC


@dataclass(frozen=True)
class Block:
    ticket: DispatchTicket
    row: int
    rect: QRectF


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
        self._ghost: tuple[QRectF, str] | None = None
        self._press: tuple[QPoint, Block] | None = None

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
        self.visits = visits
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

    def sizeHint(self) -> QSize:
        return QSize(NAME_WIDTH + 7 * 150, HEADER_HEIGHT + ROW_HEIGHT * max(3, len(self.rows)))

    def minimumSizeHint(self) -> QSize:
        per_day = 420 if len(self.days) == 1 else 110
        return QSize(NAME_WIDTH + per_day * len(self.days), HEADER_HEIGHT + ROW_HEIGHT)

    def x_of(self, moment: datetime) -> float | None:
        """Where a moment is drawn (clamped to its day's shown hours); None off the range."""
        local = moment.astimezone(self.zone)
        if local.date() not in self.days:
            return None
        index = self.days.index(local.date())
        hour = local.hour + local.minute / 60
        hour = min(max(hour, self.first_hour()), self.last_hour())
        return self.day_left(index) + (hour - self.first_hour()) * self.hour_width(index)

    def day_at(self, x: float) -> int:
        for index in range(len(self.days)):
            if x < self.day_left(index) + self.day_width(index):
                return index
        return len(self.days) - 1

    def slot_at(self, point: QPointF, grab_minutes: int = 0) -> Slot | None:
        row = int((point.y() - HEADER_HEIGHT) // ROW_HEIGHT)
        if point.x() < NAME_WIDTH or point.y() < HEADER_HEIGHT or not 0 <= row < len(self.rows):
            return None
        index = self.day_at(point.x())
        offset = point.x() - self.day_left(index)
        minutes = (self.first_hour() + offset / self.hour_width(index)) * 60 - grab_minutes
        snap = self.snap_minutes()
        minutes = max(0, min(24 * 60 - snap, round(minutes / snap) * snap))
        local = datetime.combine(self.days[index], time(0), self.zone) + timedelta(minutes=minutes)
        return Slot(self.rows[row].name, local.astimezone(UTC))

    def point_of(self, technician: str, start: datetime) -> QPoint:
        """Inside the slot of technician at start (for tests and keyboard helpers)."""
        row = [r.name for r in self.rows].index(technician)
        x = self.x_of(start)
        assert x is not None, "that time is not on the board"
        return QPoint(math.ceil(x) + 2, HEADER_HEIGHT + row * ROW_HEIGHT + ROW_HEIGHT // 2)

    def blocks(self) -> list[Block]:
        names = [r.name for r in self.rows]
        found = []
        for visit in self.visits:
            if visit.owner not in names or not (visit.visit_start and visit.visit_end):
                continue
            start, end = parse_iso(visit.visit_start), parse_iso(visit.visit_end)
            left = self.x_of(start)
            if left is None:
                continue
            same_day = end.astimezone(self.zone).date() == start.astimezone(self.zone).date()
            right = self.x_of(end) if same_day else None
            if right is None:  # runs past midnight: to the end of its day
                right = self.x_of(
                    datetime.combine(start.astimezone(self.zone).date(), time(23, 59), self.zone)
                )
            row = names.index(visit.owner or "")
            top = HEADER_HEIGHT + row * ROW_HEIGHT + 6
            width = max(float(right or left) - left, 18.0)
            found.append(Block(visit, row, QRectF(left + 1, top, width - 2, ROW_HEIGHT - 12)))
        return found

    def block_at(self, point: QPointF) -> Block | None:
        return next((b for b in reversed(self.blocks()) if b.rect.contains(point)), None)

    # -- painting --------------------------------------------------------------------
    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        self._paint_rows(painter, palette)
        self._paint_grid(painter, palette)
        for block in self.blocks():
            self._paint_block(painter, block)
        if self._ghost is not None:
            rect, label = self._ghost
            painter.setPen(
                QPen(palette.color(QPalette.ColorRole.Highlight), 2, Qt.PenStyle.DashLine)
            )
            highlight = palette.color(QPalette.ColorRole.Highlight)
            highlight.setAlpha(50)
            painter.setBrush(highlight)
            painter.drawRoundedRect(rect, 6, 6)
            painter.setPen(palette.color(QPalette.ColorRole.Text))
            painter.drawText(rect.adjusted(6, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, label)
        self._paint_now(painter)
        painter.end()

    def _paint_rows(self, painter: QPainter, palette: QPalette) -> None:
        text = palette.color(QPalette.ColorRole.Text)
        stripe = palette.color(QPalette.ColorRole.AlternateBase)
        closed = QColor(text)
        closed.setAlpha(14)
        bold = QFont(self.font())
        bold.setBold(True)
        for row, person in enumerate(self.rows):
            top = HEADER_HEIGHT + row * ROW_HEIGHT
            if row % 2:
                painter.fillRect(QRect(0, top, self.width(), ROW_HEIGHT), stripe)
            for index, day in enumerate(self.days):  # outside working hours is shaded
                for left, right in self._closed_spans(day):
                    x, unit = self.day_left(index), self.hour_width(index)
                    painter.fillRect(
                        QRectF(
                            x + (left - self.first_hour()) * unit,
                            top,
                            (right - left) * unit,
                            ROW_HEIGHT,
                        ),
                        closed,
                    )
            painter.setPen(text)
            painter.setFont(bold)
            painter.drawText(
                QRect(12, top + 8, NAME_WIDTH - 18, 24),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                person.label,
            )
            painter.setFont(self.font())
            muted = QColor(text)
            muted.setAlpha(150)
            painter.setPen(muted)
            booked = sum(1 for b in self.blocks() if b.row == row)
            painter.drawText(
                QRect(12, top + 32, NAME_WIDTH - 18, 22),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self.tr("{n} visit(s)").format(n=booked),
            )

    def _closed_spans(self, day: date) -> list[tuple[float, float]]:
        if self.hours is None:
            return []
        first, last = self.first_hour(), self.last_hour()
        if day.weekday() not in self.hours.days:
            return [(first, last)]
        opens = self.hours.start.hour + self.hours.start.minute / 60
        closes = self.hours.end.hour + self.hours.end.minute / 60
        return [(first, max(first, opens)), (min(last, closes), last)]

    def _paint_grid(self, painter: QPainter, palette: QPalette) -> None:
        text = palette.color(QPalette.ColorRole.Text)
        line = QColor(text)
        line.setAlpha(28)
        strong = QColor(text)
        strong.setAlpha(90)
        bottom = HEADER_HEIGHT + ROW_HEIGHT * max(1, len(self.rows))
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
        hours_shown = range(self.first_hour(), self.last_hour() + 1)
        for index, day in enumerate(self.days):
            left, unit = self.day_left(index), self.hour_width(index)
            step = 1 if unit >= 32 else max(2, math.ceil(32 / unit))
            for hour in hours_shown:
                x = left + (hour - self.first_hour()) * unit
                painter.setPen(line)
                painter.drawLine(QPointF(x, HEADER_HEIGHT - 6), QPointF(x, bottom))
                room = left + self.day_width(index) - x  # no label against the next day
                if (hour - self.first_hour()) % step == 0 and room > 22:
                    painter.setFont(small)
                    painter.setPen(text)
                    painter.drawText(QPointF(x + 3, HEADER_HEIGHT - 8), f"{hour:02d}")
            painter.setPen(QPen(strong, 1.5))
            painter.drawLine(QPointF(left, 0), QPointF(left, bottom))
            title = QFont(self.font())
            title.setBold(day == datetime.now(self.zone).date())
            painter.setFont(title)
            painter.setPen(text)
            painter.drawText(
                QRectF(left + 6, 2, self.day_width(index) - 8, 22),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self._day_title(day, self.day_width(index)),
            )
        painter.setPen(QPen(strong, 1))
        painter.drawLine(QPointF(0, HEADER_HEIGHT), QPointF(self.width(), HEADER_HEIGHT))
        painter.drawLine(QPointF(NAME_WIDTH, 0), QPointF(NAME_WIDTH, bottom))

    def _day_title(self, day: date, width: float) -> str:
        if len(self.days) == 1:
            return day.strftime("%A %d %B")
        return day.strftime("%a %d %b") if width > 110 else day.strftime("%a %d")

    def _paint_block(self, painter: QPainter, block: Block) -> None:
        visit = block.ticket
        colour = QColor(STATUS_COLOURS.get(visit.status, "#5f6b7a"))
        fill = QColor(colour)
        fill.setAlpha(225)
        selected = visit.id == self.selected
        border = CONFLICT if visit.open_conflicts else colour.darker(140)
        pen = QPen(border, 3 if selected or visit.open_conflicts else 1)
        if visit.pending_changes and not visit.open_conflicts:
            pen.setStyle(Qt.PenStyle.DashLine)  # saved here, not sent yet
        painter.setPen(pen)
        painter.setBrush(fill)
        painter.drawRoundedRect(block.rect, 6, 6)
        if selected:
            focus = QPen(self.palette().color(QPalette.ColorRole.Highlight), 2)
            painter.setPen(focus)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(block.rect.adjusted(-3, -3, 3, 3), 8, 8)
        painter.setPen(QColor("white"))
        inner = block.rect.adjusted(5, 4, -3, -4)
        bold = QFont(painter.font())
        bold.setBold(True)
        marks = (" ⚠" if visit.open_conflicts else "") + (" ●" if visit.pending_changes else "")
        if inner.width() < 44:  # the week at a glance: the number; the rest in the tooltip
            small = QFont(bold)
            small.setPointSizeF(max(6.5, bold.pointSizeF() * 0.8))
            painter.setFont(small)
            label = f"{visit.id}{marks.strip()[:1]}"
            if QFontMetrics(small).horizontalAdvance(label) <= inner.width() + 3:
                painter.drawText(
                    block.rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter, label
                )
            painter.setFont(self.font())
            return
        metrics = QFontMetrics(bold)
        first = metrics.elidedText(
            f"#{visit.id} {visit.site or visit.subject}{marks}",
            Qt.TextElideMode.ElideRight,
            int(inner.width()),
        )
        second = QFontMetrics(self.font()).elidedText(
            f"{self._window(visit)} · {visit.subject}",
            Qt.TextElideMode.ElideRight,
            int(inner.width()),
        )
        painter.setFont(bold)
        painter.drawText(inner, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft, first)
        painter.setFont(self.font())
        painter.drawText(inner, Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft, second)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            block = self.block_at(QPointF(event.pos()))
            if block is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self._tooltip(block.ticket), self)
            return True
        return super().event(event)

    def _tooltip(self, visit: DispatchTicket) -> str:
        lines = [
            f"#{visit.id} {visit.subject}",
            visit.site or "",
            f"{visit.owner} · {self._window(visit)} · {visit.status}",
        ]
        if visit.pending_changes:
            lines.append(self.tr("Saved here, sent at the next sync"))
        if visit.open_conflicts:
            lines.append(self.tr("Changed on the helpdesk too: see Conflicts"))
        lines.append(self.tr("Drag to move or reassign; Return or double-click to edit"))
        return "\n".join(line for line in lines if line)

    def _paint_now(self, painter: QPainter) -> None:
        x = self.x_of(datetime.now(UTC))
        if x is None:
            return
        painter.setPen(QPen(CONFLICT, 2))
        bottom = HEADER_HEIGHT + ROW_HEIGHT * max(1, len(self.rows))
        painter.drawLine(QPointF(x, HEADER_HEIGHT - 4), QPointF(x, bottom))

    def _window(self, visit: DispatchTicket) -> str:
        if not (visit.visit_start and visit.visit_end):
            return ""
        start = parse_iso(visit.visit_start).astimezone(self.zone)
        end = parse_iso(visit.visit_end).astimezone(self.zone)
        return f"{start:%H:%M}-{end:%H:%M}"

    def _describe(self, visit: DispatchTicket) -> str:
        return self.tr("#{id} {site}, {owner}, {window}, {status}").format(
            id=visit.id,
            site=visit.site or visit.subject,
            owner=visit.owner or "-",
            window=self._window(visit),
            status=visit.status,
        )

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
        index = self.day_at(block.rect.left())
        grab = int((origin.x() - block.rect.left()) / self.hour_width(index) * 60)
        drag = QDrag(self)
        drag.setMimeData(
            to_mime(DraggedTicket(block.ticket.id, window_minutes(block.ticket), grab, True))
        )
        drag.exec(Qt.DropAction.MoveAction)

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
            self._ghost = None
            event.ignore()
        else:
            self._ghost = self._ghost_for(item, slot)
            event.acceptProposedAction()
        self.update()

    def dragLeaveEvent(self, _event: QDragLeaveEvent) -> None:
        self._ghost = None
        self.update()

    def dropEvent(self, event: QDropEvent) -> None:
        self._ghost = None
        self.update()
        item = from_mime(event.mimeData())
        slot = self.slot_at(event.position(), item.grab_minutes) if item else None
        if item is None or slot is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.dropped.emit(item, slot.technician, slot.start)

    def _ghost_for(self, item: DraggedTicket, slot: Slot) -> tuple[QRectF, str]:
        end = slot.start + timedelta(minutes=item.minutes)
        left = self.x_of(slot.start) or NAME_WIDTH
        unit = self.hour_width(self.day_at(left))
        right = self.x_of(end) or left + item.minutes / 60 * unit
        row = [r.name for r in self.rows].index(slot.technician)
        top = HEADER_HEIGHT + row * ROW_HEIGHT + 6
        local = slot.start.astimezone(self.zone)
        label = f"{local:%H:%M}-{end.astimezone(self.zone):%H:%M}"
        return QRectF(left, top, max(right - left, 40.0), ROW_HEIGHT - 12), label

    # -- keyboard ------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        ordered = sorted(self.blocks(), key=lambda b: (b.row, b.rect.left()))
        if not ordered:
            super().keyPressEvent(event)
            return
        ids = [b.ticket.id for b in ordered]
        current = ids.index(self.selected) if self.selected in ids else -1
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Down):
            self.select(ids[min(current + 1, len(ids) - 1)])
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Up):
            self.select(ids[max(current - 1, 0)])
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected is not None:
            self.activated.emit(self.selected)
        else:
            super().keyPressEvent(event)
