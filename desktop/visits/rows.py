"""The visit list's rows in plain Python: what each visit shows, and the list
arranged (sorted, cut to the scope, filtered, under day headings).

No Qt here: the loader arranges a refresh's rows on its worker thread with these
functions, and the model arranges them with the same ones on the GUI thread
when the user sorts, scopes or types.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from functools import lru_cache
from itertools import groupby
from operator import attrgetter
from typing import Any

from desktop.common.times import local_time, window_text
from sync.store.tickets import Visit

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


@dataclass(frozen=True, slots=True)
class Heading:
    day: date | None  # None: not scheduled
    label: str


@dataclass(frozen=True, slots=True, eq=False)  # one object per visit: found by identity
class VisitRow:
    """A visit with what the list shows, computed once per refresh."""

    visit: Visit
    day: date | None
    when: str
    address: str
    haystack: str  # lower-cased text the filter searches


def prepare(visits: Iterable[Visit]) -> list[VisitRow]:
    """The list's rows for ``visits``: plain Python, so a worker thread can build them."""
    return [_row(v) for v in visits]


def _row(visit: Visit) -> VisitRow:
    start = local_time(visit.visit_start) if visit.visit_start else None
    address = (visit.address or "").replace("\n", ", ")
    haystack = " ".join(
        (
            f"#{visit.id}",
            visit.subject,
            visit.site or "",
            address,
            visit.contact or "",
            visit.status,
            f"{visit.owner or ''} {visit.owner_name or ''}",
        )
    ).casefold()
    if start is None:
        return VisitRow(visit, None, "", address, haystack)
    return VisitRow(visit, start.date(), window_text(start, visit.visit_end), address, haystack)


def in_scope(row: VisitRow, scope: Scope, today: date) -> bool:
    if scope is Scope.ALL:
        return True
    if row.day is None:
        return False
    if scope is Scope.TODAY:
        return row.day == today
    monday = today - timedelta(days=today.weekday())
    return monday <= row.day < monday + timedelta(days=7)


@lru_cache(maxsize=4096)  # a refresh or keystroke labels the same few hundred days again
def day_label(day: date | None, today: date) -> str:
    if day is None:
        return "Not scheduled"
    relative = {today: "Today", today + timedelta(days=1): "Tomorrow"}
    relative[today - timedelta(days=1)] = "Yesterday"
    name = relative.get(day)
    text = f"{day:%A %d %B}" if day.year == today.year else f"{day:%A %d %B %Y}"
    return f"{name} · {text}" if name else text


@dataclass(frozen=True)
class ViewSpec:
    """How the list is arranged: sort column and order, scope, filter, today."""

    sort_column: int
    descending: bool
    scope: Scope
    needle: str  # the filter, stripped and case-folded
    today: date

    @property
    def grouped(self) -> bool:
        """Day headings only make sense while the list is in time order."""
        return self.sort_column == WHEN


@dataclass(frozen=True)
class Arranged:
    """Every stage of the arrangement, so the model can filter again from ``scoped``."""

    spec: ViewSpec
    all: list[VisitRow]
    sorted: list[VisitRow]
    scoped: list[VisitRow]
    rows: list[Heading | VisitRow]
    ids: list[int]
    headings: list[Heading]
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
        headings_of(shown),
        owners_of(rows),
        by_id(rows),
    )


def sort_rows(rows: list[VisitRow], spec: ViewSpec) -> list[VisitRow]:
    column = spec.sort_column
    return sorted(rows, key=lambda row: sort_key(row, column), reverse=spec.descending)


def cut_to_scope(rows: list[VisitRow], spec: ViewSpec) -> list[VisitRow]:
    if spec.scope is Scope.ALL:
        return rows
    return [row for row in rows if in_scope(row, spec.scope, spec.today)]


def shown_rows(scoped: list[VisitRow], spec: ViewSpec) -> list[Heading | VisitRow]:
    needle = spec.needle
    shown = [row for row in scoped if needle in row.haystack] if needle else scoped
    return with_headings(shown, spec.today) if spec.grouped else list(shown)


def with_headings(rows: list[VisitRow], today: date) -> list[Heading | VisitRow]:
    # In time order the visits of one day are next to each other.
    result: list[Heading | VisitRow] = []
    for day, group in groupby(rows, key=attrgetter("day")):
        visits = list(group)
        n = len(visits)
        label = f"{day_label(day, today)} · {n} visit{'s' if n != 1 else ''}"
        result.append(Heading(day, label))
        result.extend(visits)
    return result


def row_ids(rows: list[Heading | VisitRow]) -> list[int]:
    """Each row's visit id, 0 for a heading (ids are never 0: RT's are positive,
    visits made here negative)."""
    return [0 if isinstance(row, Heading) else row.visit.id for row in rows]


def headings_of(rows: list[Heading | VisitRow]) -> list[Heading]:
    return [row for row in rows if isinstance(row, Heading)]


def by_id(rows: list[VisitRow]) -> dict[int, VisitRow]:
    return {row.visit.id: row for row in rows}


def owners_of(rows: list[VisitRow]) -> set[str | None]:
    return {row.visit.owner for row in rows}


def sort_key(row: VisitRow, column: int) -> Any:
    visit = row.visit
    if column == WHEN:
        return visit.visit_start or "9999"  # unscheduled last
    keys: dict[int, Any] = {
        SITE: (visit.site or "").casefold(),
        ADDRESS: row.address.casefold(),
        SUBJECT: visit.subject.casefold(),
        STATUS: visit.status,
        PRIORITY: visit.priority,
        DUE: visit.due or "9999",
        SYNC: (visit.open_conflicts, visit.pending_changes),
        WORK: 0,
        OWNER: (visit.owner_name or visit.owner or "").casefold(),
    }
    return (keys[column], visit.visit_start or "9999")
