"""What a technician may do to a visit: statuses, parts, the service report's content.

Rules live here, not in widgets, so the CLI, the GUI and tests agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sync.changes.checklist import send_checklists
from sync.changes.fields import set_fields
from sync.changes.note import add_note
from sync.store import checklists, tickets, timers
from sync.store.assets import Touch, touches_of
from sync.store.checklists import Checklist
from sync.store.database import transaction
from sync.store.outbox import InvalidChange

if TYPE_CHECKING:
    import sqlite_utils

# Rejecting a ticket is the supervisor's decision (the technician escalates
# instead), and a ticket never goes back to 'new' once someone worked on it.
TECHNICIAN_STATUSES = ("open", "stalled", "resolved")
ESCALATION_PREFIX = "ESCALATION:"
CHECKLIST_PREFIX = "Checklist: "  # a checklist's note (sync.changes.checklist): not "work done"


RESOLUTION_PREFIX = "Resolution: "


def resolve(
    db: sqlite_utils.Database,
    ticket_id: int,
    note: str,
    *,
    minutes: int,
    author: str,
    reason: str | None = None,
) -> None:
    """Close the visit out in one durable step: the resolution note with its time, the
    checklists (a reason for required items left), then the status -- all or nothing,
    each through its own outbox kind, in the order the helpdesk must get them."""
    if not note.strip():
        raise InvalidChange("say how it was resolved: the customer and the next technician read it")
    with transaction(db):
        if checklists.checklists(db, ticket_id):
            send_checklists(db, ticket_id, author=author, reason=reason)
        add_note(db, ticket_id, RESOLUTION_PREFIX + note.strip(), author=author, minutes=minutes)
        set_status(db, ticket_id, "resolved")


def allowed_statuses(current: str) -> tuple[str, ...]:
    """The statuses a technician may set on a visit that is now ``current``."""
    return tuple(status for status in TECHNICIAN_STATUSES if status != current)


def set_status(db: sqlite_utils.Database, ticket_id: int, status: str) -> str | None:
    """Change the visit's status if the rules allow it (one transaction with its outbox row)."""
    visit = tickets.get_visit(db, ticket_id)
    if visit is None:
        raise InvalidChange(f"there is no visit #{ticket_id} on this laptop")
    if status not in allowed_statuses(visit.status):
        allowed = ", ".join(allowed_statuses(visit.status))
        raise InvalidChange(f"a visit that is {visit.status} can be set to: {allowed}")
    return set_fields(db, ticket_id, {"status": status})


ESCALATION_PRIORITY = 90


def escalate(db: sqlite_utils.Database, ticket_id: int, reason: str, *, author: str) -> str:
    """Hand the visit to the supervisor: an internal note with the reason, priority raised.

    Both rows are written in one transaction: either the escalation is saved whole or not at all.
    """
    if not reason.strip():
        raise InvalidChange("say why you escalate: the supervisor reads it first")
    with transaction(db):
        row_uuid = add_note(db, ticket_id, f"{ESCALATION_PREFIX} {reason.strip()}", author=author)
        visit = tickets.get_visit(db, ticket_id)
        if visit is not None and visit.priority < ESCALATION_PRIORITY:
            set_fields(db, ticket_id, {"priority": str(ESCALATION_PRIORITY)})
    return row_uuid


def parts_list(text: str | None) -> list[str]:
    """The parts of a visit, one per line (blank lines and spaces dropped)."""
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


def set_parts(db: sqlite_utils.Database, ticket_id: int, parts: list[str]) -> str | None:
    """Record the parts used (replaces the list); None if nothing changed."""
    clean = parts_list("\n".join(parts))
    return set_fields(db, ticket_id, {"parts_used": "\n".join(clean) or None})


@dataclass(frozen=True)
class ReportContent:
    """What a service report says; rendering it (PDF) is the GUI's job."""

    ticket_id: int
    subject: str
    site: str | None
    address: str | None
    contact: str | None
    visit_start: str | None
    visit_end: str | None
    work_done: str
    minutes: int
    parts: list[str]
    technician: str
    checklists: list[Checklist] = field(default_factory=list)
    minutes_today: int = 0  # logged today plus what the visit's timers hold
    assets: list[Touch] = field(default_factory=list)  # equipment added, replaced, retired...


def report_content(
    db: sqlite_utils.Database, ticket_id: int, *, user: str, technician: str
) -> ReportContent:
    """The report's facts; work done = the technician's own notes and replies, in order."""
    visit = tickets.get_visit(db, ticket_id)
    if visit is None:
        raise InvalidChange(f"there is no visit #{ticket_id} on this laptop")
    notes = [
        entry.body.strip()
        for entry in tickets.history(db, ticket_id)
        if entry.type in ("Comment", "Correspond")
        and entry.creator == user
        and entry.body
        and not entry.body.startswith((ESCALATION_PREFIX, CHECKLIST_PREFIX))
    ]
    return ReportContent(
        ticket_id=visit.id,
        subject=visit.subject,
        site=visit.site,
        address=visit.address,
        contact=visit.contact,
        visit_start=visit.visit_start,
        visit_end=visit.visit_end,
        work_done="\n\n".join(notes),
        minutes=visit.time_worked,
        parts=parts_list(visit.parts_used),
        technician=technician,
        checklists=checklists.checklists(db, ticket_id),
        minutes_today=timers.day_minutes(db, ticket_id),
        assets=touches_of(db, ticket_id),
    )
