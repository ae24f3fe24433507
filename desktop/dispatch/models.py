"""The queue of tickets to dispatch, as a Qt table model you can drag from."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QMimeData,
    QModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from desktop.common.plain_tooltip import plain_tooltip
from desktop.common.rows import Index, RowsModel
from desktop.common.theme import hex_colour
from desktop.common.times import due_text
from desktop.dispatch.mime import DEFAULT_MINUTES, MIME_TYPE, DraggedTicket, to_mime
from sync.dispatch import Seen
from sync.shown_text import shown_subject, shown_text
from sync.stamps import parse_stamp
from sync.store.dispatch import DispatchTicket
from sync.visit_display import VisitDisplay, deployed_display

COLUMNS = ("Ticket and site", "Priority", "SLA due", "Age")
TICKET_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2


def age_text(created: str | None, now: datetime | None = None) -> str:
    if not created:
        return ""
    hours = int((((now or datetime.now(UTC)) - parse_stamp(created)).total_seconds()) // 3600)
    return f"{hours // 24}d" if hours >= 48 else f"{max(hours, 0)}h"


def age_key(created: str | None) -> float:
    """Sorts by age, youngest first (one not yet on the helpdesk is the youngest)."""
    return -parse_stamp(created).timestamp() if created else -math.inf


def as_shown(ticket: DispatchTicket) -> DispatchTicket:
    """ticket with the helpdesk's words as a screen shows them (``shown_text``): a
    stranger's subject "printer <RLO>fdp.exe" would read "exe.pdf".  Every view of the
    board takes its tickets through here; what the board writes back (owner and window,
    ``Seen``) it leaves as it is."""
    return replace(
        ticket,
        subject=shown_subject(ticket.subject),
        site=shown_text(ticket.site) if ticket.site else ticket.site,
        owner_name=shown_text(ticket.owner_name) if ticket.owner_name else ticket.owner_name,
    )


def window_minutes(ticket: DispatchTicket) -> int:
    """The visit's length if it has a window, else the default booking."""
    if ticket.visit_start and ticket.visit_end:
        span = parse_stamp(ticket.visit_end) - parse_stamp(ticket.visit_start)
        return max(15, int(span.total_seconds() // 60))
    return DEFAULT_MINUTES


class QueueModel(RowsModel[DispatchTicket]):
    """Tickets with no technician or no window yet, most urgent first."""

    COLUMNS = COLUMNS

    def __init__(self, display: VisitDisplay | None = None) -> None:
        super().__init__()
        self.display = display or deployed_display()  # priority as the contract's words

    def set_tickets(self, tickets: Sequence[DispatchTicket]) -> None:
        self.set_items([as_shown(ticket) for ticket in tickets])

    def ticket_at(self, row: int) -> DispatchTicket:
        return self.item_at(row)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else base

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        if not rows:
            return QMimeData()
        ticket = self.item_at(rows[0])
        return to_mime(DraggedTicket(ticket.id, window_minutes(ticket), seen=Seen.of(ticket)))

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        ticket = self.item_for(index)
        if ticket is None:
            return None
        column = index.column()
        if role == TICKET_ID_ROLE:
            return ticket.id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(ticket, column)
        if role == SORT_ROLE:
            keys = (ticket.id, -ticket.priority, ticket.due or "9999")
            return keys[column] if column < len(keys) else age_key(ticket.created)
        return self._decoration(ticket, column, role)

    def _decoration(self, ticket: DispatchTicket, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == 2 and due_text(ticket.due)[1]:
            return QBrush(QColor(hex_colour("overdue")))  # the scheme's: dark red on dark was 3:1
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(ticket)
        return None

    def _display(self, ticket: DispatchTicket, column: int) -> str:
        if column == 0:  # two lines: what, and where
            marks = " ●" if ticket.pending_changes else ""
            marks += " ⚠" if ticket.open_conflicts else ""
            return f"#{ticket.id} {ticket.subject}{marks}\n{ticket.site or '-'}"
        if column == 1:
            return self.display.priority_words(ticket.priority)
        if column == 2:
            return due_text(ticket.due)[0]
        return age_text(ticket.created)

    def _tooltip(self, ticket: DispatchTicket) -> str:
        lines = [f"#{ticket.id} {ticket.subject}", ticket.site or ""]
        if ticket.owner:
            lines.append(
                self.tr("Owner: {owner} (no visit window yet)").format(
                    owner=ticket.owner_name or ticket.owner
                )
            )
        elif ticket.visit_start:
            lines.append(self.tr("Window booked, no technician yet"))
        if ticket.open_conflicts:
            lines.append(self.tr("Changed on the helpdesk too: see Conflicts"))
        lines.append(self.tr("Priority {number} on the helpdesk").format(number=ticket.priority))
        lines.append(self.tr("Drag onto a technician's day, or press Ctrl+Return to assign"))
        return plain_tooltip("\n".join(line for line in lines if line))  # quotes the helpdesk
