"""What a dragged ticket carries: its id, and how long and where it was held."""

from __future__ import annotations

import json
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QMimeData

MIME_TYPE = "application/x-fielddesk-ticket"
DEFAULT_MINUTES = 60  # a ticket with no window yet is booked for an hour


@dataclass(frozen=True)
class DraggedTicket:
    ticket_id: int
    minutes: int = DEFAULT_MINUTES  # the visit's length
    grab_minutes: int = 0  # where in the visit the pointer held it (moves keep their place)
    from_board: bool = False  # a scheduled visit being moved (vs a ticket from the queue)


def to_mime(item: DraggedTicket) -> QMimeData:
    data = QMimeData()
    payload = {
        "ticket": item.ticket_id,
        "minutes": item.minutes,
        "grab": item.grab_minutes,
        "board": item.from_board,
    }
    data.setData(MIME_TYPE, QByteArray(json.dumps(payload).encode()))
    data.setText(f"#{item.ticket_id}")  # dropping into a text field gives the ticket number
    return data


def from_mime(data: QMimeData) -> DraggedTicket | None:
    if not data.hasFormat(MIME_TYPE):
        return None
    try:
        payload = json.loads(bytes(data.data(MIME_TYPE).data()).decode())
        return DraggedTicket(
            int(payload["ticket"]),
            max(15, int(payload.get("minutes") or DEFAULT_MINUTES)),
            max(0, int(payload.get("grab") or 0)),
            bool(payload.get("board")),
        )
    except (ValueError, KeyError, TypeError):
        return None
