"""How synced fields and outbox rows read to a technician."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sync.fields import DATE_FIELDS
from sync.fields import field_label as field_label  # noqa: PLC0414 - the screens' import
from sync.outbox import OutboxRow, article_used_text
from sync.stamps import parse_stamp
from sync.words import plural

SNIPPET_CHARS = 60


def one_line(text: str, limit: int = SNIPPET_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit].rstrip() + "…"


def visit_ref(ticket_ref: int | None) -> str:
    if ticket_ref is None:
        return ""
    return f"#{ticket_ref}" if ticket_ref > 0 else "new ticket"


def visit_name(ticket_ref: int | None, subject: str) -> str:
    """ "#123 Printer jams", "new ticket: Printer jams": a number alone says little."""
    ref = visit_ref(ticket_ref)
    if not (ref and subject):
        return ref
    return f"{ref} {subject}" if ticket_ref and ticket_ref > 0 else f"{ref}: {subject}"


def _note(where: str, p: dict[str, Any]) -> str:
    content = str(p.get("content", ""))
    used = article_used_text(0, "").split("#")[0]
    if content.startswith(used):
        return f"Article used on {where}: {one_line(content[len(used) :])}"
    what = "Reply" if p.get("public") else "Note"
    minutes = f" ({p['time_taken']} min)" if p.get("time_taken") else ""
    files = len(p.get("attachments") or [])
    attached = f" + {plural(files, 'file', 'files')}" if files else ""
    return f"{what} on {where}{minutes}: {one_line(content)}{attached}"


def _fields(where: str, p: dict[str, Any]) -> str:
    # Times on the laptop's clock, as the visit beside the change shows them.
    return "; ".join(
        f"{field_label(k)} of {where} → "
        f"{one_line((local_time(v) if k in DATE_FIELDS else v) or '(empty)', 40)}"
        for k, v in p["changes"].items()
    )


_DESCRIBE: dict[str, Callable[[str, dict[str, Any]], str]] = {
    "note": _note,
    "set_fields": _fields,
    "create_ticket": lambda _w, p: f"New ticket ‘{one_line(str(p.get('subject', '')))}’",
    "asset_serial": lambda _w, p: f"Serial of asset {p['asset_id']} → {p['serial']}",
    "article": lambda _w, p: f"KB article draft ‘{one_line(str(p.get('name', '')))}’",
}


def describe_change(row: OutboxRow) -> str:
    """One line saying what the change is, e.g. "Status of #7 → resolved"."""
    describe = _DESCRIBE.get(row.kind)
    if describe is None:
        return row.describe()
    return describe(visit_ref(row.ticket_ref), row.payload)


def local_time(iso: str | None, pattern: str = "%a %d %b %H:%M") -> str:
    if not iso:
        return ""
    try:
        moment = parse_stamp(iso)
    except ValueError:
        return iso
    return moment.astimezone().strftime(pattern)
