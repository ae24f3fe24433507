"""How times read on every screen: a moment, a visit's window, an SLA countdown.

Replica timestamps are UTC ISO strings ("2026-11-23T09:00:00Z"); the screens
show them in the laptop's time zone.
"""

from __future__ import annotations

from datetime import UTC, datetime

ACTIVE_STATUSES = frozenset({"new", "open", "stalled"})  # an SLA still runs


def utc_time(iso: str) -> datetime:
    """A replica timestamp ("2026-11-23T09:00:00Z"); fromisoformat is ~50x faster than strptime."""
    moment = datetime.fromisoformat(iso)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def local_time(iso: str) -> datetime:
    return utc_time(iso).astimezone()


def short_time(iso: str | None) -> str:
    return local_time(iso).strftime("%a %d %b %H:%M") if iso else ""


def visit_window(start: str | None, end: str | None) -> str:
    """ "09:00–11:30" (same day) or "Mon 23 Nov 09:00 – Tue 24 Nov 12:00"."""
    if not start:
        return ""
    return window_text(local_time(start), end)


def window_text(begin: datetime, end: str | None) -> str:
    if not end:
        return clock_text(begin)
    finish = local_time(end)
    if finish.date() == begin.date():
        return f"{clock_text(begin)}–{clock_text(finish)}"
    return f"{begin:%a %d %b %H:%M} – {finish:%a %d %b %H:%M}"


def clock_text(moment: datetime) -> str:
    """ "09:05", as ``%H:%M`` reads (digits only, whatever the locale) at a tenth of
    strftime's cost: the visit list formats one or two for each visit it fills."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def due_text(iso: str | None, now: datetime | None = None) -> tuple[str, bool]:
    """A countdown to the SLA due time, and whether it is overdue."""
    if not iso:
        return "", False
    due = utc_time(iso)
    left = due - (now or datetime.now(UTC))
    minutes = int(abs(left.total_seconds()) // 60)
    hours, days = minutes // 60, minutes // 1440
    if days:
        span = f"{days}d {hours % 24}h"
    elif hours:
        span = f"{hours}h {minutes % 60:02d}m"
    else:
        span = f"{minutes}m"
    return (f"overdue {span}", True) if left.total_seconds() < 0 else (f"in {span}", False)


def due_words(iso: str | None, now: datetime | None = None) -> tuple[str, bool]:
    """The SLA in a sentence for the visit's header: "SLA overdue by 2 d 2 h",
    "SLA due in 3 h 05 min" (the list's column keeps the short "overdue 2d 2h")."""
    if not iso:
        return "", False
    left = utc_time(iso) - (now or datetime.now(UTC))
    minutes = int(abs(left.total_seconds()) // 60)
    hours, days = minutes // 60, minutes // 1440
    if days:
        span = f"{days} d {hours % 24} h"
    elif hours:
        span = f"{hours} h {minutes % 60:02d} min"
    else:
        span = f"{minutes} min"
    overdue = left.total_seconds() < 0
    return (f"SLA overdue by {span}" if overdue else f"SLA due in {span}"), overdue
