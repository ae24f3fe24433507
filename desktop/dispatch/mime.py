"""What a dragged ticket carries: its id, how long and where it was held, and the
visit as the supervisor saw it when the drag began (a sync may change it meanwhile)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QMimeData

from sync.dispatch import Seen

MIME_TYPE = "application/x-fielddesk-ticket"
DEFAULT_MINUTES = 60  # a ticket with no window yet is booked for an hour


@dataclass(frozen=True)
class DraggedTicket:
    ticket_id: int
    minutes: int = DEFAULT_MINUTES  # the visit's length
    grab_minutes: int = 0  # where in the visit the pointer held it (moves keep their place)
    from_board: bool = False  # a scheduled visit being moved (vs a ticket from the queue)
    seen: Seen | None = None  # owner and window when the drag began


def to_mime(item: DraggedTicket) -> QMimeData:
    data = QMimeData()
    payload: dict[str, object] = {
        "ticket": item.ticket_id,
        "minutes": item.minutes,
        "grab": item.grab_minutes,
        "board": item.from_board,
    }
    if item.seen is not None:
        payload["seen"] = [item.seen.owner, item.seen.visit_start, item.seen.visit_end]
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
            _seen(payload.get("seen")),
        )
    except (ValueError, KeyError, TypeError):
        return None


def _seen(value: object) -> Seen | None:
    if value is None:
        return None
    if not (isinstance(value, list) and len(value) == 3):
        raise ValueError("not a visit as seen")
    owner, start, end = (None if part is None else str(part) for part in value)
    return Seen(owner, start, end)
