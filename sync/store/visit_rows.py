"""A visit's listed row, read as SQLite gives it: what ``fielddesk visits`` and the visit list read.

Apart from ``sync.store.tickets`` (the ``Visit`` and ``HistoryEntry`` records, the
writes), which re-exports it: the command line lists the visits from these plain
tuples without loading the rest of the store.  ``VISIT_FIELDS`` names a ``Visit``'s fields
in order, which is also the order of ``visit_fields``' tuple.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sync.fields import SYNCED_FIELDS
from sync.store.users import shown_name_sql

if TYPE_CHECKING:
    from sync.store.reader import Reader

VISIT_FIELDS = (
    "id",
    *SYNCED_FIELDS,  # the ticket's own fields, in the order a Visit has them
    "requestors",
    "time_worked",
    "last_updated",
    "is_local",
    "gone",
    "pending_changes",
    "open_conflicts",
    "owner_name",
)


def visit_columns(unsent_index: str = "") -> str:
    return (
        "t.id, t.subject, t.status, t.priority, t.owner, t.due, t.site, t.address, t.contact,"
        " t.visit_start, t.visit_end, t.parts_used, t.requestors, t.time_worked, t.last_updated,"
        " t.gone,"
        f" (SELECT COALESCE(SUM(h.time_taken), 0) FROM history h {unsent_index}"
        "   WHERE h.ticket_id = t.id AND h.id IS NULL) AS unsent_time,"
        " (SELECT COUNT(*) FROM outbox o WHERE o.ticket_ref = t.id AND o.state != 'done')"
        "   AS pending,"
        " (SELECT COUNT(*) FROM conflicts c WHERE c.ticket_id = t.id AND c.resolved IS NULL)"
        "   AS conflicts, " + shown_name_sql("t.owner")
    )


def visit_fields(row: Any) -> tuple[Any, ...]:
    """A listed row as a Visit's fields in order, in a plain tuple (requestors a tuple).

    A plain tuple of strings, numbers and None is one the garbage collector stops
    tracking at its first pass: the visit list holds 10 000 of these for as long
    as the window is open, and tracked objects (a ``Visit`` per visit: its requestors
    are a list) made every full collection walk them all -- 150-250 ms with the
    interpreter's lock held.
    """
    return (
        row[0],
        row[1],
        row[2],
        int(row[3] or 0),
        row[4],
        row[5],
        row[6],
        row[7],
        row[8],
        row[9],
        row[10],
        row[11],
        tuple(r.get("email", "") for r in json.loads(row[12] or "[]")),
        int(row[13] or 0) + int(row[16] or 0),
        row[14],
        row[0] < 0,
        row[15],
        int(row[17]),
        int(row[18]),
        row[19],
    )


# Without the hint SQLite takes "id IS NULL" for a lookup in the (unique) primary
# key and visits every unsent note once per visit (100 ms at 2 000 visits).
LIST_VISITS_SQL = (
    f"SELECT {visit_columns('INDEXED BY history_unsent')} FROM tickets t"
    " ORDER BY t.visit_start IS NULL, t.visit_start, t.id"
)


# The same rows for the visits starting in a span (the tickets_visit index finds them).
VISITS_STARTING_SQL = (
    f"SELECT {visit_columns('INDEXED BY history_unsent')} FROM tickets t"
    " WHERE t.visit_start >= :first AND t.visit_start < :before"
    " ORDER BY t.visit_start, t.id"
)


def list_visit_rows(db: Reader) -> list[tuple[Any, ...]]:
    """What ``list_visits`` reads, as SQLite gives it (``visit_fields`` makes each a
    visit's fields): the visit list makes its rows of these, and reuses the rows of
    visits whose listed row did not change since its last read."""
    return [tuple(row) for row in db.execute(LIST_VISITS_SQL)]


def list_visit_rows_starting(db: Reader, first: str, before: str) -> list[tuple[Any, ...]]:
    """Those of ``list_visit_rows`` whose visit starts at or after ``first`` and before
    ``before`` (replica timestamps or their dates, "2026-11-23": compared as text)."""
    span = {"first": first, "before": before}
    return [tuple(row) for row in db.execute(VISITS_STARTING_SQL, span)]


def visit_ids_and_owners(db: Reader) -> tuple[frozenset[int], set[str | None]]:
    """Every visit's id that RT knows (> 0), and whose visits they are: what the list
    needs of the visits it has not read yet."""
    ids: set[int] = set()
    owners: set[str | None] = set()
    for visit_id, owner, gone in db.execute("SELECT id, owner, gone FROM tickets"):
        if visit_id > 0:
            ids.add(visit_id)
        if gone is None:  # a visit given away is not whose it was (desktop/visits/rows.py)
            owners.add(owner)
    return frozenset(ids), owners
