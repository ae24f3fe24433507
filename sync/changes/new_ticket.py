"""A ticket opened offline: a temporary negative id here until RT gives it a number.

Exactly once: the row's uuid travels as RT's "Client Ticket Id" ticket field
(``find_ticket`` looks it up after a lost reply); the local ticket and every
row that refers to it are renumbered in the transaction that records it done.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sync.changes.fields import validate_field
from sync.changes.kind import NotEditable, PushContext
from sync.changes.note import stored_files
from sync.connectors.base import SYNCED_FIELDS, FieldValues, NewTicketRequest
from sync.store import tickets
from sync.store.database import transaction
from sync.store.outbox import InvalidChange, OutboxRow, enqueue, mark_done, mark_in_flight, now_iso

if TYPE_CHECKING:
    import sqlite_utils


def create_ticket(
    db: sqlite_utils.Database,
    *,
    subject: str,
    content: str,
    owner: str,
    requestor: str | None = None,
    fields: FieldValues | None = None,
    refers_to: int | None = None,
    minutes: int = 0,
    attachments: list[dict[str, Any]] | None = None,
) -> int:
    """A new ticket made offline: a temporary negative id until it is synced.

    ``refers_to``: the ticket it continues; ``minutes``: time already worked;
    ``attachments``: files stored durably under the profile, as a note's.
    Call inside a transaction to make it part of a larger local edit.
    """
    if not subject.strip():
        raise InvalidChange("the subject cannot be empty")
    clean = {k: validate_field(k, v) for k, v in (fields or {}).items() if k != "subject"}
    with transaction(db):
        local_id = min(0, db.execute("SELECT MIN(id) FROM tickets").fetchone()[0] or 0) - 1
        row_uuid = enqueue(
            db,
            KIND.name,
            local_id,
            {
                "subject": subject.strip(),
                "content": content,
                "owner": owner,
                "requestor": requestor,
                "fields": clean,
                "refers_to": refers_to,
                "time_worked": minutes,
                "attachments": list(attachments or []),
            },
        )
        columns = ["id", "client_uuid", "subject", "status", "owner", "created", "requestors"]
        values: list[Any] = [
            local_id,
            row_uuid,
            subject.strip(),
            "new",
            owner,
            now_iso(),
            json.dumps([{"email": requestor}] if requestor else []),
        ]
        for name, value in clean.items():
            columns.append(name)
            values.append(value)
        # The base is what RT will hold once it creates the ticket: the values sent.
        # Without it every field would look edited here, and the helpdesk's later
        # changes to the ticket would never come down.
        fields_sent = dict(zip(columns, values, strict=True))
        base = {name: fields_sent.get(name) for name in SYNCED_FIELDS}
        columns.append("base")
        values.append(json.dumps(base))
        db.execute(
            f"INSERT INTO tickets ({', '.join(columns)}) VALUES ({', '.join('?' for _ in values)})",
            values,
        )
        db.execute(
            "INSERT INTO history (ticket_id, type, created, creator, time_taken, body, body_type)"
            " VALUES (?, 'Create', ?, ?, ?, ?, 'text/plain')",
            [local_id, now_iso(), owner, minutes, content],
        )
    return local_id


class NewTicketKind(NotEditable):
    name = "create_ticket"
    held_in_order = False

    def describe(self, row: OutboxRow) -> str:
        return f"new ticket: {row.payload.get('subject', '')}"

    def send(self, ctx: PushContext, row: OutboxRow) -> None:
        local_id = row.ticket_ref
        new_id = ctx.connector.find_ticket(row.uuid) if row.state == "in_flight" else None
        if new_id is None:
            ctx.before_sending_again(row)
            mark_in_flight(ctx.db, row)
            p = row.payload
            new_id = ctx.connector.create_ticket(
                NewTicketRequest(
                    client_ticket_id=row.uuid,
                    subject=p["subject"],
                    content=p["content"],
                    owner=p["owner"],
                    requestor=p.get("requestor"),
                    fields=p.get("fields") or {},
                    refers_to=p.get("refers_to"),
                    time_worked=int(p.get("time_worked") or 0),
                    attachments=stored_files(p.get("attachments")),
                )
            )
        with transaction(ctx.db):
            if local_id is not None and local_id < 0:
                tickets.renumber_ticket(ctx.db, local_id, new_id)
            mark_done(ctx.db, row.seq, str(new_id))

    def undo(self, db: sqlite_utils.Database, row: OutboxRow) -> None:
        if row.ticket_ref is None:
            return
        # Everything written on the ticket goes with it.
        db.execute("DELETE FROM outbox WHERE ticket_ref = ? AND state != 'done'", [row.ticket_ref])
        tickets.remove_ticket(db, row.ticket_ref)


KIND = NewTicketKind()
