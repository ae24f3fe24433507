"""Tickets (visits) and their history in the replica.

A ticket row holds the *working* value of each synced field (what the
technician sees, local edits included) and, in ``base``, the server's
last-known value of each: the common ancestor for three-way merges.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from sync.fields import SYNCED_FIELDS, FieldValues
from sync.store.database import transaction
from sync.store.reader import Reader
from sync.store.visit_rows import LIST_VISITS_SQL as LIST_VISITS_SQL  # noqa: PLC0414 - re-export
from sync.store.visit_rows import VISIT_FIELDS as VISIT_FIELDS  # noqa: PLC0414
from sync.store.visit_rows import list_visit_rows as list_visit_rows  # noqa: PLC0414
from sync.store.visit_rows import visit_columns
from sync.store.visit_rows import visit_fields as visit_fields  # noqa: PLC0414

if TYPE_CHECKING:
    import sqlite_utils

    from sync.connectors.base import RemoteTicket, RemoteTransaction, TicketWatchers


class Visit(NamedTuple):
    """A ticket as the app shows it."""

    id: int
    subject: str
    status: str
    priority: int
    owner: str | None
    due: str | None
    site: str | None
    address: str | None
    contact: str | None
    visit_start: str | None
    visit_end: str | None
    parts_used: str | None
    requestors: list[str]
    time_worked: int  # minutes: the server's figure plus unsent local time
    last_updated: str | None
    is_local: bool
    gone: str | None
    pending_changes: int
    open_conflicts: int
    owner_name: str | None = None  # the owner as shown: real name, else login

    def field(self, name: str) -> str | None:
        value = getattr(self, name)
        return None if value is None else str(value)


class Watchers(NamedTuple):
    """Whom RT mails a visit's replies to besides its requestors: the ticket's Ccs (the
    customer's people, copied in) and AdminCcs (the helpdesk's own watchers)."""

    ccs: tuple[str, ...]
    admin_ccs: tuple[str, ...]


class HistoryEntry(NamedTuple):
    id: int | None  # None while the entry exists only here
    type: str
    created: str
    creator: str | None
    field: str | None
    old_value: str | None
    new_value: str | None
    time_taken: int
    body: str | None
    body_type: str | None
    client_uuid: str | None = None  # the outbox row of a note written here


def visit_of(fields: tuple[Any, ...]) -> Visit:
    """The Visit whose fields ``visit_fields`` (or ``fields_of``) gave."""
    requestors = list(fields[REQUESTORS])
    return _made_of_fields(*fields[:REQUESTORS], requestors, *fields[REQUESTORS + 1 :])


_made_of_fields: Callable[..., Visit] = Visit  # its fields in order, as positional arguments
# Where each of a Visit's fields sits in its plain tuple (``visit_fields``).
# VISIT_FIELDS (sync.store.visit_rows) names them; tests/cli/test_visits_listing.py pins
# it to the record.
(
    ID,
    SUBJECT,
    STATUS,
    PRIORITY,
    OWNER,
    DUE,
    SITE,
    ADDRESS,
    CONTACT,
    VISIT_START,
    VISIT_END,
    PARTS_USED,
    REQUESTORS,
    TIME_WORKED,
    LAST_UPDATED,
    IS_LOCAL,
    GONE,
    PENDING_CHANGES,
    OPEN_CONFLICTS,
    OWNER_NAME,
) = range(len(VISIT_FIELDS))


def fields_of(visit: Visit) -> tuple[Any, ...]:
    """A Visit as the plain tuple ``visit_fields`` makes (requestors a tuple)."""
    return (*visit[:REQUESTORS], tuple(visit.requestors), *visit[REQUESTORS + 1 :])


def _visit(row: Any) -> Visit:
    return visit_of(visit_fields(row))


def list_visits(db: Reader) -> list[Visit]:
    """All visits, scheduled ones first by start time, then unscheduled by id."""
    return [_visit(row) for row in list_visit_rows(db)]


def get_visit(db: sqlite_utils.Database, ticket_id: int) -> Visit | None:
    row = db.execute(
        f"SELECT {visit_columns()} FROM tickets t WHERE t.id = ?", [ticket_id]
    ).fetchone()
    return _visit(row) if row else None


def subjects(db: sqlite_utils.Database, ticket_ids: Iterable[int]) -> dict[int, str]:
    """The subjects of these visits (new tickets' too), by id: how screens name them."""
    wanted = json.dumps(sorted(set(ticket_ids)))  # one parameter, however many
    query = "SELECT id, subject FROM tickets WHERE id IN (SELECT value FROM json_each(?))"
    return {row[0]: row[1] or "" for row in db.execute(query, [wanted])}


def ticket_ids(db: sqlite_utils.Database) -> set[int]:
    return {row[0] for row in db.execute("SELECT id FROM tickets WHERE id > 0")}


def held_ticket_ids(db: sqlite_utils.Database) -> set[int]:
    """Tickets the replica believes in scope (not the ones kept only for unsent work)."""
    return {row[0] for row in db.execute("SELECT id FROM tickets WHERE id > 0 AND gone IS NULL")}


def ticket_stamps(db: sqlite_utils.Database) -> dict[int, str | None]:
    return dict(db.execute("SELECT id, last_updated FROM tickets WHERE id > 0").fetchall())


def base_values(db: sqlite_utils.Database, ticket_id: int) -> tuple[FieldValues, str | None]:
    """The server's last-known synced fields of a ticket, and their version."""
    row = db.execute("SELECT base, etag FROM tickets WHERE id = ?", [ticket_id]).fetchone()
    if row is None:
        return {}, None
    base: FieldValues = json.loads(row[0])
    return base, row[1]


def working_values(db: sqlite_utils.Database, ticket_id: int) -> FieldValues:
    columns = ", ".join(SYNCED_FIELDS)
    row = db.execute(f"SELECT {columns} FROM tickets WHERE id = ?", [ticket_id]).fetchone()
    return dict(zip(SYNCED_FIELDS, row, strict=True)) if row else {}


def apply_remote_ticket(db: sqlite_utils.Database, remote: RemoteTicket) -> None:
    """Take the server's version of a ticket, keeping fields with unsent local edits.

    A field whose working value differs from its base has a local edit on its
    way (or in conflict): it keeps its working value and its old base, and
    the ticket keeps the version (etag) that base belongs to, so that the
    push merges instead of overwriting.  Call inside a transaction.
    """
    old = db.execute("SELECT base, etag FROM tickets WHERE id = ?", [remote.id]).fetchone()
    working = working_values(db, remote.id)
    old_base: FieldValues = json.loads(old[0]) if old else {}
    new_working: FieldValues = {}
    new_base: FieldValues = {}
    edited = False
    for name in SYNCED_FIELDS:
        has_local_edit = old is not None and working.get(name) != old_base.get(name)
        if old is not None and name in remote.unknown_fields:
            # The helpdesk sent nothing for it (renamed, disabled, hidden): kept as it was.
            new_working[name], new_base[name] = working.get(name), old_base.get(name)
        elif has_local_edit:
            edited = True
            new_working[name] = working.get(name)
            new_base[name] = old_base.get(name)
        else:
            new_working[name] = remote.fields.get(name)
            new_base[name] = remote.fields.get(name)
    if edited:
        _offer_newest_theirs(db, remote, new_working, new_base)
    etag = old[1] if (old is not None and edited) else remote.etag
    db.execute(
        "INSERT INTO tickets (id, client_uuid, queue, created, last_updated, requestors,"
        " time_worked, etag, base, " + ", ".join(SYNCED_FIELDS) + ")"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, " + ", ".join("?" for _ in SYNCED_FIELDS) + ")"
        " ON CONFLICT(id) DO UPDATE SET queue = excluded.queue, created = excluded.created,"
        " last_updated = excluded.last_updated, requestors = excluded.requestors,"
        " time_worked = excluded.time_worked, etag = excluded.etag, base = excluded.base,"
        " gone = NULL, " + ", ".join(f"{name} = excluded.{name}" for name in SYNCED_FIELDS),
        [
            remote.id,
            remote.client_ticket_id,
            remote.queue,
            remote.created,
            remote.last_updated,
            json.dumps(remote.requestors),
            remote.time_worked,
            etag,
            json.dumps(new_base),
            *(new_working[name] for name in SYNCED_FIELDS),
        ],
    )
    if remote.watchers is not None:
        _remember_watchers(db, remote.id, remote.watchers)


def _remember_watchers(db: sqlite_utils.Database, ticket_id: int, watchers: TicketWatchers) -> None:
    """Whom else RT mails a reply to.  Written apart from the row: a connector that
    reads none (``RemoteTicket.watchers``) leaves what the replica holds."""
    db.execute(
        "UPDATE tickets SET ccs = ?, admin_ccs = ? WHERE id = ?",
        [json.dumps(list(watchers.ccs)), json.dumps(list(watchers.admin_ccs)), ticket_id],
    )


def watchers(db: sqlite_utils.Database, ticket_id: int) -> Watchers | None:
    """The visit's Ccs and AdminCcs; None while not known (a visit stored before
    FieldDesk read them, until the next sync reads it again)."""
    row = db.execute("SELECT ccs, admin_ccs FROM tickets WHERE id = ?", [ticket_id]).fetchone()
    if row is None or row[0] is None or row[1] is None:
        return None
    return Watchers(tuple(json.loads(row[0])), tuple(json.loads(row[1])))


def remember_fields_not_sent(
    db: sqlite_utils.Database, ticket_id: int, fields: frozenset[str]
) -> None:
    """Which fields the helpdesk sent nothing for when the ticket was last read (none:
    it sent them all).  Kept until a read brings them: nothing else would read the
    visit again, as a rename or a change of rights does not move its LastUpdated."""
    marked = json.dumps(sorted(fields)) if fields else None
    db.execute("UPDATE tickets SET fields_not_sent = ? WHERE id = ?", [marked, ticket_id])


def fields_not_sent(db: sqlite_utils.Database) -> dict[int, frozenset[str]]:
    """Visits in view last stored while the helpdesk sent none of some of their fields
    (``RemoteTicket.unknown_fields``): which fields, by visit."""
    rows = db.execute(
        "SELECT id, fields_not_sent FROM tickets"
        " WHERE fields_not_sent IS NOT NULL AND id > 0 AND gone IS NULL"
    )
    return {row[0]: frozenset(json.loads(row[1])) for row in rows}


def _offer_newest_theirs(
    db: sqlite_utils.Database, remote: RemoteTicket, working: FieldValues, base: FieldValues
) -> None:
    """An open conflict offers what the helpdesk holds now, not what it held when met.

    The field keeps its unsent edit and old base while the ticket takes the new
    LastUpdated, so "take theirs" must not settle on an older value: nothing
    would fetch the ticket again.
    """
    for name in SYNCED_FIELDS:
        if working.get(name) != base.get(name) and remote.fields.get(name) != base.get(name):
            db.execute(
                "UPDATE conflicts SET theirs = ? WHERE ticket_id = ? AND field = ?"
                " AND resolved IS NULL",
                [remote.fields.get(name), remote.id, name],
            )


def apply_remote_history(
    db: sqlite_utils.Database, ticket_id: int, history: list[RemoteTransaction]
) -> None:
    """Add the server's new transactions (idempotent). Call inside a transaction.

    One held already goes to ``ticket_id``: a note sent to a ticket RT had merged
    into this one is this one's now, and its old ticket leaves the laptop.  A note
    written here (``client_uuid``) keeps the time it was written, not the time a later
    sync delivered it: the day's time logged and its service report go by it.
    """
    for txn in history:
        db.execute(
            "INSERT INTO history (id, ticket_id, type, created, creator, field, old_value,"
            " new_value, time_taken, body, body_type) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT(id) DO UPDATE SET ticket_id = excluded.ticket_id,"
            " body = excluded.body, body_type = excluded.body_type,"
            " created = CASE WHEN client_uuid IS NULL THEN excluded.created ELSE created END",
            [
                txn.id,
                ticket_id,
                txn.type,
                txn.created,
                txn.creator,
                txn.field,
                txn.old_value,
                txn.new_value,
                txn.time_taken,
                txn.body,
                txn.body_type,
            ],
        )
    if history:
        db.execute(
            "UPDATE tickets SET last_txn = MAX(last_txn, ?) WHERE id = ?",
            [max(t.id for t in history), ticket_id],
        )


def last_txn(db: sqlite_utils.Database, ticket_id: int) -> int:
    row = db.execute("SELECT last_txn FROM tickets WHERE id = ?", [ticket_id]).fetchone()
    return int(row[0]) if row else 0


def history(db: sqlite_utils.Database, ticket_id: int) -> list[HistoryEntry]:
    rows = db.execute(
        "SELECT id, type, created, creator, field, old_value, new_value, time_taken, body,"
        " body_type, client_uuid FROM history WHERE ticket_id = ?"
        " ORDER BY id IS NULL, id, rowid",
        [ticket_id],
    ).fetchall()
    return [HistoryEntry(*row) for row in rows]


def request_start(db: sqlite_utils.Database, ticket_id: int, chars: int = 4000) -> str:
    """The first ``chars`` characters of the message that opened the ticket ("" if none):
    a stranger's mail may be megabytes, and callers on the GUI thread want a glance."""
    row = db.execute(
        "SELECT substr(body, 1, ?) FROM history WHERE ticket_id = ? AND type = 'Create'"
        " ORDER BY id IS NULL, id LIMIT 1",
        [chars, ticket_id],
    ).fetchone()
    return (row[0] or "") if row else ""


# The tables whose rows belong to one ticket by their ticket_id: they go with it
# (``remove_ticket``) and follow it to RT's number (``renumber_ticket``).  A table
# left out keeps a discarded or renumbered ticket's rows under its local id, for the
# next ticket opened offline (numbered -1 again) to inherit.
TICKET_TABLES = (
    "history",
    "attachments",
    "ticket_assets",
    "conflicts",
    "checklists",  # their items go with them (ON DELETE CASCADE)
    "visit_timers",
    "asset_touches",  # what the visit did to equipment: its service report's
)


def remove_ticket(db: sqlite_utils.Database, ticket_id: int) -> None:
    """Drop a ticket and everything hanging off it. Call inside a transaction."""
    for table in TICKET_TABLES:
        db.execute(f"DELETE FROM {table} WHERE ticket_id = ?", [ticket_id])
    # A network check stays the site's; one attached by a note that went with the
    # ticket (never sent) is attached nowhere now, and may be attached again.
    db.execute(
        "UPDATE netcheck_runs SET ticket_id = NULL, note_uuid = CASE WHEN note_uuid IN"
        " (SELECT uuid FROM outbox) THEN note_uuid END WHERE ticket_id = ?",
        [ticket_id],
    )
    db.execute("DELETE FROM tickets WHERE id = ?", [ticket_id])


def mark_gone(db: sqlite_utils.Database, ticket_id: int, reason: str) -> None:
    db.execute("UPDATE tickets SET gone = ? WHERE id = ?", [reason, ticket_id])


def is_gone(db: sqlite_utils.Database, ticket_id: int) -> bool:
    """Whether the last sync found the visit gone from the user (reassigned, deleted)."""
    row = db.execute("SELECT gone IS NOT NULL FROM tickets WHERE id = ?", [ticket_id]).fetchone()
    return bool(row and row[0])


def renumber_ticket(db: sqlite_utils.Database, local_id: int, server_id: int) -> None:
    """A ticket created offline got its server id: move everything over.

    The pull may have stored RT's copy already (RT dropped its Client Ticket Id, so it
    was not known for ours): the local ticket's rows join it, and the local one goes."""
    with transaction(db):
        if db.execute("SELECT 1 FROM tickets WHERE id = ?", [server_id]).fetchone():
            _move_visit_rows(db, local_id, server_id, where_free=True)
            remove_ticket(db, local_id)
            return
        db.execute("UPDATE tickets SET id = ? WHERE id = ?", [server_id, local_id])
        _move_visit_rows(db, local_id, server_id)


def merge_ticket(db: sqlite_utils.Database, merged_id: int, survivor_id: int) -> None:
    """RT merged a ticket into another the replica holds: its history, files, equipment
    work and sent changes go to the survivor (RT shows them there), then it goes.

    A row the survivor has its own of (a checklist of the same name, a timer of the
    same kind, a link to the same asset) stays the survivor's.  Call inside a
    transaction, for a ticket with no unsent work (``sync.retention.unsent_work``).
    """
    _move_visit_rows(db, merged_id, survivor_id, where_free=True)
    remove_ticket(db, merged_id)


def _move_visit_rows(
    db: sqlite_utils.Database, from_id: int, to_id: int, *, where_free: bool = False
) -> None:
    """The rows of ticket from_id become ticket to_id's (``where_free``: but those it
    has its own of, which stay behind)."""
    update = "UPDATE OR IGNORE" if where_free else "UPDATE"
    for table in (*TICKET_TABLES, "netcheck_runs"):
        db.execute(f"{update} {table} SET ticket_id = ? WHERE ticket_id = ?", [to_id, from_id])
    db.execute("UPDATE outbox SET ticket_ref = ? WHERE ticket_ref = ?", [to_id, from_id])
