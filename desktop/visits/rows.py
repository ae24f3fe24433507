"""The visit list's rows in plain Python: what each visit shows, and the list
arranged (sorted, cut to the scope, filtered, under day headings).

No Qt here: the loader arranges a refresh's rows on its worker thread with these
functions, and the model arranges them with the same ones on the GUI thread
when the user sorts, scopes or types.

A visit's row is a plain tuple of strings, numbers, dates and None: its fields
(``sync.store.tickets.visit_fields``) followed by what the list works out once.
The garbage collector stops tracking such a tuple at its first pass, so the
10 000 rows the list keeps are not walked by every full collection: with a
dataclass per visit (and one per row) a full collection walked 30 000 more
objects per read held, 150-250 ms on a loaded machine with the interpreter's
lock held -- every thread stops, the GUI thread too (bench/gui_refresh_stall.py).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import date, timedelta
from enum import Enum
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from typing import Any, NamedTuple

from desktop.common.times import local_time, window_text
from sync.store import tickets as fields
from sync.store.tickets import Visit, fields_of, visit_fields, visit_of
from sync.text_fold import folded

COLUMNS = (
    "When",
    "Site",
    "Address",
    "Subject",
    "Status",
    "Prio",
    "SLA due",
    "Sync",
    "Work",
    "Owner",
)
WHEN, SITE, ADDRESS, SUBJECT, STATUS, PRIORITY, DUE, SYNC, WORK, OWNER = range(len(COLUMNS))


class Scope(Enum):
    TODAY = "today"
    WEEK = "week"
    ALL = "all"


class Heading(NamedTuple):
    day: date | None  # None: not scheduled
    label: str


# A visit's row: its fields (indexed as in sync.store.tickets: fields.SUBJECT…), then these.
VisitRow = tuple[Any, ...]
DAY = len(fields.VISIT_FIELDS)  # date | None (None: not scheduled)
WINDOW_TEXT = DAY + 1  # "14:30–16:00", "" when not scheduled
ADDRESS_LINE = DAY + 2  # the address on one line
HAYSTACK = DAY + 3  # the text the filter searches, folded (sync.text_fold)


def prepare(visits: Iterable[Visit]) -> list[VisitRow]:
    """The list's rows for ``visits`` (tests, small lists; a refresh uses ``RowCache``)."""
    return [_row(fields_of(v)) for v in visits]


class RowCache:
    """The rows of the last read, by what the replica listed for each visit.

    Working out a row (dates parsed in the local zone, the window's text, the
    filter's haystack) takes 10-15 µs of Python, 135 ms for 10 000 visits, and most
    of them come back unchanged from one refresh to the next.  The worker holds the
    interpreter's lock for that Python, so the GUI thread waited for it in turns;
    an unchanged visit now costs one dictionary lookup.  Used by one thread at a
    time (the first fill, then the loader's worker)."""

    def __init__(self) -> None:
        self._rows: dict[tuple[Any, ...], VisitRow] = {}
        self._zone: tuple[Any, ...] = ()

    def rows_for(self, listed: list[tuple[Any, ...]]) -> list[VisitRow]:
        """Rows for ``list_visit_rows``; the cache then holds exactly these."""
        zone = (time.tzname, time.timezone, time.altzone)  # a row's times are local
        known = self._rows if zone == self._zone else {}
        rows = [known.get(raw) or _row(visit_fields(raw)) for raw in listed]
        self._rows, self._zone = dict(zip(listed, rows, strict=True)), zone
        return rows


def _row(f: tuple[Any, ...]) -> VisitRow:
    start = local_time(f[fields.VISIT_START]) if f[fields.VISIT_START] else None
    address = (f[fields.ADDRESS] or "").replace("\n", ", ")
    haystack = _haystack(f, address)
    if start is None:
        return (*f, None, "", address, haystack)
    return (*f, start.date(), window_text(start, f[fields.VISIT_END]), address, haystack)


def _haystack(f: tuple[Any, ...], address: str) -> str:
    """What the filter looks in, folded as what is typed is: "cafe" finds "Café"."""
    words = (
        f"#{f[fields.ID]}",
        f[fields.SUBJECT],
        f[fields.SITE] or "",
        address,
        f[fields.CONTACT] or "",
        f[fields.STATUS],
        f"{f[fields.OWNER] or ''} {f[fields.OWNER_NAME] or ''}",
    )
    return folded(" ".join(words))


def visit_in(row: VisitRow) -> Visit:
    """The visit a row shows, as the rest of the app knows it."""
    return visit_of(row[:DAY])


def is_visit(row: Heading | VisitRow) -> bool:
    return not isinstance(row, Heading)


def scope_days(scope: Scope, today: date) -> tuple[date, date] | None:
    """The local days a scope shows, first and the one after the last (None: all)."""
    if scope is Scope.ALL:
        return None
    if scope is Scope.TODAY:
        return today, today + timedelta(days=1)
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=7)


def _on_days(row: VisitRow, first: date, after: date) -> bool:
    day = row[DAY]
    return day is not None and first <= day < after


@lru_cache(maxsize=4096)  # a refresh or keystroke labels the same few hundred days again
def day_label(day: date | None, today: date) -> str:
    if day is None:
        return "Not scheduled"
    relative = {today: "Today", today + timedelta(days=1): "Tomorrow"}
    relative[today - timedelta(days=1)] = "Yesterday"
    name = relative.get(day)
    text = f"{day:%A %d %B}" if day.year == today.year else f"{day:%A %d %B %Y}"
    return f"{name} · {text}" if name else text


class ViewSpec(NamedTuple):
    """How the list is arranged: sort column and order, scope, filter, today."""

    sort_column: int
    descending: bool
    scope: Scope
    needle: str  # the filter, stripped and folded as the haystacks are
    today: date

    @property
    def grouped(self) -> bool:
        """Day headings only make sense while the list is in time order."""
        return self.sort_column == WHEN


class Arranged(NamedTuple):
    """Every stage of the arrangement, so the model can filter again from ``scoped``."""

    spec: ViewSpec
    all: list[VisitRow]
    sorted: list[VisitRow]
    scoped: list[VisitRow]
    rows: list[Heading | VisitRow]
    ids: list[int]
    owners: set[str | None]
    by_id: dict[int, VisitRow]


def arrange(rows: list[VisitRow], spec: ViewSpec) -> Arranged:
    ordered = sort_rows(rows, spec)
    scoped = cut_to_scope(ordered, spec)
    shown = shown_rows(scoped, spec)
    return Arranged(
        spec,
        rows,
        ordered,
        scoped,
        shown,
        row_ids(shown),
        owners_of(rows),
        by_id(rows),
    )


def sort_rows(rows: list[VisitRow], spec: ViewSpec) -> list[VisitRow]:
    column = spec.sort_column
    return sorted(rows, key=lambda row: sort_key(row, column), reverse=spec.descending)


def cut_to_scope(rows: list[VisitRow], spec: ViewSpec) -> list[VisitRow]:
    days = scope_days(spec.scope, spec.today)
    if days is None:
        return rows
    return [row for row in rows if _on_days(row, *days)]


def shown_rows(scoped: list[VisitRow], spec: ViewSpec) -> list[Heading | VisitRow]:
    needle = spec.needle
    shown = [row for row in scoped if needle in row[HAYSTACK]] if needle else scoped
    return with_headings(shown, spec.today) if spec.grouped else list(shown)


def with_headings(rows: list[VisitRow], today: date) -> list[Heading | VisitRow]:
    # In time order the visits of one day are next to each other.
    result: list[Heading | VisitRow] = []
    for day, group in groupby(rows, key=itemgetter(DAY)):
        visits = list(group)
        away = sum(1 for row in visits if row[fields.GONE])  # shown for their unsent work
        n = len(visits) - away
        label = f"{day_label(day, today)} · {n} visit{'s' if n != 1 else ''}"
        if away:
            label += f", {away} given away"
        result.append(heading(day, label))
        result.extend(visits)
    return result


@lru_cache(maxsize=4096)  # a few arrangements' worth of days
def heading(day: date | None, label: str) -> Heading:
    """The same heading object for the same day and label: a refresh then finds the
    list's unchanged headings by identity, in C, as it finds unchanged visits."""
    return Heading(day, label)


def row_ids(rows: list[Heading | VisitRow]) -> list[int]:
    """Each row's visit id, 0 for a heading (ids are never 0: RT's are positive,
    visits made here negative)."""
    return [0 if isinstance(row, Heading) else row[fields.ID] for row in rows]


def by_id(rows: list[VisitRow]) -> dict[int, VisitRow]:
    return {row[fields.ID]: row for row in rows}


def owners_of(rows: list[VisitRow]) -> set[str | None]:
    """Whose visits these are; not a visit given away (kept for its unsent work): its
    owner is the one before, and it brought an Owner column to a technician's own list."""
    return {row[fields.OWNER] for row in rows if row[fields.GONE] is None}


def sort_key(row: VisitRow, column: int) -> Any:
    start = row[fields.VISIT_START] or "9999"  # unscheduled last
    if column == WHEN:
        return start
    keys: dict[int, Any] = {
        SITE: (row[fields.SITE] or "").casefold(),
        ADDRESS: row[ADDRESS_LINE].casefold(),
        SUBJECT: row[fields.SUBJECT].casefold(),
        STATUS: row[fields.STATUS],
        PRIORITY: row[fields.PRIORITY],
        DUE: row[fields.DUE] or "9999",
        SYNC: (row[fields.OPEN_CONFLICTS], row[fields.PENDING_CHANGES]),
        WORK: 0,
        OWNER: (row[fields.OWNER_NAME] or row[fields.OWNER] or "").casefold(),
    }
    return (keys[column], start)
