"""Replica times as the laptop's clock reads them, for the command line.

The replica keeps UTC ("2026-11-23T09:00:00Z"); the window shows the laptop's zone,
and a terminal showed the stamps as they are: on a Berlin laptop `fielddesk visits`
said 09:00 for the visit the window said 10:00.  ``datetime`` is loaded anyway (the
database driver imports it), so the listing's start pays nothing for this.
"""

from __future__ import annotations

from datetime import datetime


def local_minute(stamp: str) -> str:
    """ "2026-11-23 10:00": sortable, for listings."""
    return _local(stamp).strftime("%Y-%m-%d %H:%M")


def local_moment(stamp: str | None) -> str:
    """ "Mon 23 Nov 10:00" (empty for no time), as the window says it."""
    return _local(stamp).strftime("%a %d %b %H:%M") if stamp else ""


def local_window(start: str | None, end: str | None) -> str:
    """ "Mon 23 Nov 10:00–11:30", or across days "Mon 23 Nov 22:00 – Tue 24 Nov 02:00"."""
    if not start:
        return ""
    if not end:
        return local_moment(start)
    begin, finish = _local(start), _local(end)
    if begin.date() == finish.date():
        return f"{local_moment(start)}–{finish:%H:%M}"
    return f"{local_moment(start)} – {local_moment(end)}"


def _local(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp).astimezone()
