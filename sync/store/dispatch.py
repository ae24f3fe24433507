"""What the dispatch board reads: the field queue's tickets and the technicians."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sync.store.users import shown_name_sql

if TYPE_CHECKING:
    import sqlite_utils

    from sync.connectors.base import RemoteUser


@dataclass(frozen=True)
class Technician:
    name: str  # the RT user name tickets are owned by
    real_name: str
    email: str

    @property
    def label(self) -> str:
        return self.real_name or self.name


@dataclass(frozen=True)
class DispatchTicket:
    """A ticket as the board shows it: where, how urgent, who and when."""

    id: int
    subject: str
    status: str
    priority: int
    owner: str | None
    site: str | None
    due: str | None  # ISO UTC
    created: str | None  # ISO UTC: the ticket's age
    visit_start: str | None
    visit_end: str | None
    pending_changes: int
    open_conflicts: int
    gone: str | None
    owner_name: str | None = None  # the owner as shown: real name, else login

    @property
    def scheduled(self) -> bool:
        return bool(self.owner and self.visit_start and self.visit_end)


_COLUMNS = (
    "t.id, t.subject, t.status, t.priority, t.owner, t.site, t.due, t.created,"
    " t.visit_start, t.visit_end,"
    " (SELECT COUNT(*) FROM outbox o WHERE o.ticket_ref = t.id AND o.state != 'done'),"
    " (SELECT COUNT(*) FROM conflicts c WHERE c.ticket_id = t.id AND c.resolved IS NULL),"
    " t.gone, " + shown_name_sql("t.owner")
)
ACTIVE = "t.status IN ('new', 'open', 'stalled')"


def _ticket(row: Any) -> DispatchTicket:
    return DispatchTicket(
        id=row[0],
        subject=row[1],
        status=row[2],
        priority=int(row[3] or 0),
        owner=row[4],
        site=row[5],
        due=row[6],
        created=row[7],
        visit_start=row[8],
        visit_end=row[9],
        pending_changes=int(row[10]),
        open_conflicts=int(row[11]),
        gone=row[12],
        owner_name=row[13],
    )


def to_dispatch(db: sqlite_utils.Database) -> list[DispatchTicket]:
    """Active tickets without an owner or a visit window: most urgent first."""
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM tickets t WHERE {ACTIVE} AND t.id > 0"
        " AND (t.owner IS NULL OR t.visit_start IS NULL OR t.visit_end IS NULL)"
        " ORDER BY t.due IS NULL, t.due, CAST(t.priority AS INTEGER) DESC, t.id"
    ).fetchall()
    return [_ticket(row) for row in rows]


def scheduled_between(db: sqlite_utils.Database, start: str, end: str) -> list[DispatchTicket]:
    """Active visits with an owner whose window meets [start, end) (ISO UTC), by start."""
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM tickets t WHERE {ACTIVE} AND t.owner IS NOT NULL"
        " AND t.visit_start < ? AND t.visit_end > ? ORDER BY t.visit_start, t.id",
        [end, start],
    ).fetchall()
    return [_ticket(row) for row in rows]


def get_ticket(db: sqlite_utils.Database, ticket_id: int) -> DispatchTicket | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM tickets t WHERE t.id = ?", [ticket_id]).fetchone()
    return _ticket(row) if row else None


def technicians(db: sqlite_utils.Database) -> list[Technician]:
    rows = db.execute(
        "SELECT name, real_name, email FROM technicians ORDER BY real_name COLLATE NOCASE, name"
    ).fetchall()
    return [Technician(*row) for row in rows]


def replace_technicians(db: sqlite_utils.Database, people: list[RemoteUser]) -> None:
    """The technicians group as the helpdesk has it now. Call inside a transaction."""
    db.execute("DELETE FROM technicians")
    for person in people:
        db.execute(
            "INSERT INTO technicians (name, real_name, email) VALUES (?, ?, ?)"
            " ON CONFLICT(name) DO UPDATE SET real_name = excluded.real_name,"
            " email = excluded.email",
            [person.name, person.real_name, person.email],
        )
