"""Resolved visits leave the laptop after IT's number of days (``[retention]``), files too.

A visit counts from its last change on the helpdesk (``last_updated``): resolved,
rejected or closed and untouched for ``resolved_days`` days, it is removed with
its history, its files on disk (downloads, photos, signatures, reports) and its
checklists, unless it still holds work of the technician's that the helpdesk
has not got: a change in the outbox not yet done (refused, waiting, in
conflict), an open conflict, time on a visit timer, or checklist work no revision
carries (changed after its last revision was queued -- a required item left undone
without a reason -- or worked on and never sent).  The knowledge base is not touched.

Two halves keep it so: the sync asks the helpdesk only for active visits and
those resolved within the period (``TicketsPart.scope_query``), so a pull never
brings an old one back and the tickets puller's roll call removes the rest;
``purge_resolved`` removes them here without the network, at start and after
each sync, so a laptop that stays offline forgets them too.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sync.store import checklists as checklist_store
from sync.store import tickets as ticket_store
from sync.store import transaction
from sync.words import plural

if TYPE_CHECKING:
    import sqlite_utils

CLOSED_STATUSES = ("resolved", "rejected", "closed")

# The technician's work on visit t that the helpdesk has not got: changes not done
# (refused, waiting, in conflict), and the rest by what it is called.
_OPEN_CHANGES = "(SELECT COUNT(*) FROM outbox o WHERE o.ticket_ref = t.id AND o.state != 'done')"
_OTHER_UNSENT_WORK = {
    "an open conflict": "EXISTS (SELECT 1 FROM conflicts c WHERE c.ticket_id = t.id"
    " AND c.resolved IS NULL)",
    "time on its timer": "EXISTS (SELECT 1 FROM visit_timers v WHERE v.ticket_id = t.id"
    " AND (v.running_since IS NOT NULL OR v.elapsed_s > 0))",
}
_HOLDS_UNSENT_WORK = " OR ".join([f"{_OPEN_CHANGES} > 0", *_OTHER_UNSENT_WORK.values()])


def unsent_work(db: sqlite_utils.Database, ticket_id: int) -> list[str]:
    """The visit's work the helpdesk has not got, in words ("2 unsent changes", "time on
    its timer"); [] when there is none and the visit may leave the laptop."""
    row = db.execute(
        f"SELECT {_OPEN_CHANGES}, {', '.join(_OTHER_UNSENT_WORK.values())}"
        " FROM tickets t WHERE t.id = ?",
        [ticket_id],
    ).fetchone()
    if row is None:
        return []
    changes, *others = row
    said = [plural(int(changes), "unsent change", "unsent changes")] if changes else []
    said += [name for name, held in zip(_OTHER_UNSENT_WORK, others, strict=True) if held]
    if checklist_store.holds_work_not_queued(db, ticket_id):
        said.append("checklist work not sent")
    return said


def expired_visits(db: sqlite_utils.Database, days: int, now: datetime) -> list[int]:
    """Closed visits untouched for ``days`` that hold no unsent work, oldest first."""
    cutoff = (now - timedelta(days=days)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    marks = ", ".join("?" for _ in CLOSED_STATUSES)
    rows = db.execute(
        f"SELECT t.id FROM tickets t WHERE t.status IN ({marks})"
        " AND t.last_updated IS NOT NULL AND t.last_updated <= ?"
        f" AND NOT ({_HOLDS_UNSENT_WORK}) ORDER BY t.last_updated, t.id",
        [*CLOSED_STATUSES, cutoff],
    ).fetchall()
    return [int(r[0]) for r in rows if not checklist_store.holds_work_not_queued(db, int(r[0]))]


def purge_resolved(
    db: sqlite_utils.Database, attachments_dir: Path, days: int, now: datetime | None = None
) -> int:
    """Remove the expired visits and their files; how many left the laptop."""
    expired = expired_visits(db, days, now or datetime.now(UTC))
    for ticket_id in expired:
        remove_visit(db, attachments_dir, ticket_id)
    return len(expired)


def remove_visit(db: sqlite_utils.Database, attachments_dir: Path, ticket_id: int) -> None:
    """A visit and everything of it: its rows in one transaction, then its files."""
    with transaction(db):
        paths = remove_visit_rows(db, ticket_id)
    remove_visit_files(attachments_dir, ticket_id, paths)


def remove_visit_rows(db: sqlite_utils.Database, ticket_id: int) -> list[Path]:
    """Drop the visit's rows (call inside a transaction); the files they named."""
    paths = [
        Path(row[0])
        for row in db.execute(
            "SELECT path FROM attachments WHERE ticket_id = ? AND path IS NOT NULL", [ticket_id]
        ).fetchall()
    ]
    ticket_store.remove_ticket(db, ticket_id)
    return paths


def remove_visit_files(attachments_dir: Path | None, ticket_id: int, paths: list[Path]) -> None:
    """After the commit: a crash in between leaves files no row names (the folder goes
    next time), never a row naming a file that is gone."""
    for path in paths:
        path.unlink(missing_ok=True)
    if attachments_dir is not None:
        shutil.rmtree(attachments_dir / str(ticket_id), ignore_errors=True)
    from sync.open_copies import process_copies  # noqa: PLC0415 - only when files go

    process_copies().sweep()  # the plaintext copies opened from them go too
