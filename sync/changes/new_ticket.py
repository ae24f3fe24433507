"""A ticket opened offline: a temporary negative id here until RT gives it a number.

Exactly once: the row's uuid travels as RT's "Client Ticket Id" ticket field
(``find_ticket`` looks it up after a lost reply); the local ticket and every
row that refers to it are renumbered in the transaction that records it done.

Its base is then what RT holds, read back once it is made (``_settle``): RT
fills in what was not sent (a priority of 0, the queue's defaults) and keeps a
requestor only when it reads one, so the values sent are not what a later
change of the ticket must be merged against.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sync.changes.fields import KIND as FIELDS_KIND
from sync.changes.fields import validate_field
from sync.changes.kind import NotEditable, PushContext
from sync.changes.note import sending, stored_files
from sync.connectors.base import SYNCED_FIELDS, FieldValues, NewTicketRequest, RemoteTicket
from sync.errors import RejectedError, SyncError
from sync.fields import DATE_FIELDS, field_label
from sync.local_clock import local_moment
from sync.merge import linked_to
from sync.store import tickets
from sync.store.database import transaction
from sync.store.outbox import (
    InvalidChange,
    OutboxRow,
    enqueue,
    get_row,
    mark_done,
    now_iso,
    rows,
)

if TYPE_CHECKING:
    import sqlite_utils

# One plain e-mail address, as RT reads one (RFC 5322's dot-atom, in ASCII): no name
# around it, no list, no accents, a domain with a dot.  Anything else RT takes for a
# login, or drops without a word (measured): the customer would be lost.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9_-]+"
_ADDRESS = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})+")


def requestor_address(text: str | None) -> str | None:
    """The requestor as a new ticket keeps it (None: nobody given), or InvalidChange.

    The customer's e-mail address: RT sends them the ticket's replies there.
    """
    value = (text or "").strip()
    if not value:
        return None
    if not _ADDRESS.fullmatch(value):
        raise InvalidChange(
            f"the requestor must be the customer's e-mail address (such as jane@example.com), "
            f"and {value!r} is not one: the helpdesk would drop it and lose the customer. "
            "Type their address, or leave the requestor empty"
        )
    return value


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
    requestor = requestor_address(requestor)
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
        # Until RT has made it, the base is the values sent (``_settle`` then takes
        # what RT holds).  Without one every field would look edited here, and the
        # helpdesk's later changes to the ticket would never come down.
        fields_sent = dict(zip(columns, values, strict=True))
        base = {name: fields_sent.get(name) for name in SYNCED_FIELDS}
        columns.append("base")
        values.append(json.dumps(base))
        db.execute(
            f"INSERT INTO tickets ({', '.join(columns)}) VALUES ({', '.join('?' for _ in values)})",
            values,
        )
        # The request as shown until RT's copy comes down (``NewTicketKind.send``);
        # the row's uuid marks it unsent work, which a salvaged replica keeps.
        db.execute(
            "INSERT INTO history (ticket_id, client_uuid, type, created, creator, time_taken,"
            " body, body_type) VALUES (?, ?, 'Create', ?, ?, ?, ?, 'text/plain')",
            [local_id, row_uuid, now_iso(), owner, minutes, content],
        )
    return local_id


class NewTicketKind(NotEditable):
    name = "create_ticket"
    held_in_order = False

    def describe(self, row: OutboxRow) -> str:
        return f"new ticket: {row.payload.get('subject', '')}"

    def send(self, ctx: PushContext, row: OutboxRow) -> None:
        local_id, p = row.ticket_ref, row.payload
        new_id = _found_again(ctx, row) if row.state == "in_flight" else None
        fresh = new_id is None  # made now: read back before anyone else can change it
        if new_id is None:
            ctx.before_sending_again(row)
            # Read first: a file gone refuses the ticket with nothing left in doubt.
            files = stored_files(p.get("attachments"), "new ticket")
            with sending(ctx.db, row):  # a sending that never reached RT: still unsent
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
                        attachments=files,
                    )
                )
        # Read back before it is recorded done: a lost reply here leaves the row in
        # flight, and the next try finds the ticket by its Client Ticket Id.
        made = _made(ctx, new_id)
        requestor = p.get("requestor")
        lost = _requestor_lost(ctx, str(requestor), made) if made and requestor else None
        dropped = _fields_dropped(p.get("fields") or {}, made) if made else None
        with transaction(ctx.db):
            if local_id is not None and local_id < 0:
                tickets.renumber_ticket(ctx.db, local_id, new_id)
                if made is not None:
                    _settle(ctx.db, new_id, made, fresh=fresh)
            # RT holds the request and its time now, and the pull brings its copy:
            # kept, ours would show twice, its time counted twice.  Found by the ticket:
            # one written before the request carried the row's uuid is ours too.
            ctx.db.execute(
                "DELETE FROM history WHERE ticket_id = ? AND type = 'Create' AND id IS NULL",
                [new_id],
            )
            mark_done(ctx.db, row.seq, str(new_id))
        for said in (lost, dropped):
            if said:
                ctx.notices.append(f"new ticket #{new_id} ({p['subject']}): {said}")

    def undo(self, db: sqlite_utils.Database, row: OutboxRow) -> None:
        """Every change waiting on the ticket goes with it, each taking back what it
        did here (an asset added on the visit, a value corrected), newest first: each
        was made on top of the ones before."""
        # sync.changes registers this kind, and sync.outbox is built on sync.changes.
        from sync.changes import kind_of  # noqa: PLC0415
        from sync.outbox import can_discard  # noqa: PLC0415

        ticket = row.ticket_ref
        if ticket is None:
            return
        waiting = [r for r in reversed(rows(db)) if r.ticket_ref == ticket and r.seq != row.seq]
        held = next((other for other in waiting if not can_discard(other)), None)
        if held is not None:  # an equipment change sent after RT refused the ticket
            raise InvalidChange(
                f"its change {held.seq} ({kind_of(held.kind).describe(held)}) may already be "
                "on the helpdesk, or waits for you in Conflicts: discard the ticket once a "
                "sync or your decision has settled it"
            )
        for other in waiting:
            current = get_row(db, other.seq)
            if current is None:
                continue  # taken back with an earlier one (an added asset's edits)
            kind_of(current.kind).undo(db, current)
            db.execute("DELETE FROM outbox WHERE seq = ?", [current.seq])
        tickets.remove_ticket(db, ticket)


def _found_again(ctx: PushContext, row: OutboxRow) -> int | None:
    """The ticket an earlier sending made, if RT has it.  It cannot be older than the
    change itself; a day's margin for a laptop clock set wrong."""
    queued = datetime.strptime(row.created, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    made_after = (queued - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    # Tickets this laptop's other creates made are not this one (same subject or not).
    claimed = frozenset(
        int(made)
        for (made,) in ctx.db.execute(
            "SELECT result FROM outbox WHERE kind = ? AND state = 'done' AND seq != ?",
            [NewTicketKind.name, row.seq],
        )
        if str(made or "").isdigit()
    )
    return ctx.connector.find_ticket(
        row.uuid, subject=str(row.payload["subject"]), made_after=made_after, skip=claimed
    )


def _made(ctx: PushContext, ticket_id: int) -> RemoteTicket | None:
    """The ticket as RT made it (one GET: RT's reply to the create names only its id).

    None when the user may not read it: the ticket is made all the same, and the
    pull says what became of it.
    """
    try:
        return ctx.connector.fetch_ticket(ticket_id)
    except RejectedError:
        return None


def _settle(db: sqlite_utils.Database, ticket_id: int, made: RemoteTicket, *, fresh: bool) -> None:
    """The new ticket's base and version become what RT holds.

    ``fresh``: read back right after RT made it.  Found again later (its answer was
    lost), RT may hold a colleague's edit since: the fields sent, and those a change
    waiting here will send, keep what was sent as their base, and the version is left
    unknown, so that the change is merged against it and a colleague's edit is a conflict,
    never overwritten (a default of RT's may then be one too: told, not lost); the other
    fields take what RT holds.

    A field changed here since the ticket was opened keeps its value, to be sent
    with its own change against RT's; any other field shows what RT holds.  The
    fields that changes waiting for this ticket saw as the ticket was opened
    (linked to theirs: owner, visit window, status) are what RT holds too.  Its
    LastUpdated is left to the pull, which brings its history with it.
    Call inside a transaction.
    """
    sent, _ = tickets.base_values(db, ticket_id)
    working = tickets.working_values(db, ticket_id)
    waiting = db.execute(
        "SELECT seq, payload, base FROM outbox WHERE ticket_ref = ? AND kind = ?"
        " AND state != 'done'",
        [ticket_id, FIELDS_KIND.name],
    ).fetchall()
    changed_here = {name for _, payload, _ in waiting for name in json.loads(payload)["changes"]}
    # A field RT sent nothing for (renamed, disabled, hidden from the user): what was typed
    # for it is not known to be on RT.  It stays on screen and goes out as a change of its
    # own, which RT refuses while it hides the field ("ask the RT administrator, then
    # retry"): kept in the outbox, never silently lost.
    withheld = {
        name: value for name, value in sent.items() if name in made.unknown_fields and value
    }
    theirs = {name: made.fields.get(name) for name in SYNCED_FIELDS}
    if not fresh:  # what RT made is not known: a colleague may have changed it since
        theirs = {
            name: sent.get(name) if name in changed_here or sent.get(name) is not None else value
            for name, value in theirs.items()
        }
    theirs.update(dict.fromkeys(withheld))  # on RT, as far as is known: nothing
    shown = {
        name: working.get(name)
        if name in changed_here or name in withheld or working.get(name) != sent.get(name)
        else theirs[name]
        for name in SYNCED_FIELDS
    }
    # RT's time worked: the request's time is in it now (``send`` drops our copy).
    db.execute(
        "UPDATE tickets SET base = ?, etag = ?, time_worked = ?, "
        + ", ".join(f"{name} = ?" for name in SYNCED_FIELDS)
        + " WHERE id = ?",
        [
            json.dumps(theirs),
            made.etag if fresh else "",
            made.time_worked,
            *shown.values(),
            ticket_id,
        ],
    )
    for seq, _, text in waiting:
        seen = json.loads(text or "{}")
        settled = {
            name: theirs.get(name) if name in sent and value == sent.get(name) else value
            for name, value in seen.items()
        }
        if settled != seen:
            db.execute("UPDATE outbox SET base = ? WHERE seq = ?", [json.dumps(settled), seq])
    # A field changed here again since goes out with that change (queued earlier, sent first).
    resend = {name: value for name, value in withheld.items() if name not in changed_here}
    if resend:
        seen_with_it = {name: shown[name] for name in linked_to(list(resend)) - resend.keys()}
        enqueue(
            db,
            FIELDS_KIND.name,
            ticket_id,
            {"changes": resend},
            {**seen_with_it, **dict.fromkeys(resend)},
        )


def _fields_dropped(sent: FieldValues, made: RemoteTicket) -> str | None:
    """The fields RT made the ticket without, as typed here (None: it kept them all).

    RT takes a create whatever it does with each field: a value a Select field does
    not list (a site IT has not added yet), a field the technician may not set, is
    left out without a word, and the visit would show it empty from the next sync.
    """

    def text(value: str | None) -> str:
        return " ".join((value or "").split())

    def typed(name: str, value: str | None) -> str:
        shown = local_moment(value) if name in DATE_FIELDS else value
        return f"{field_label(name)} {shown!r}"

    # RT sent nothing for these, not even empty: kept here, and an edit would not reach them.
    not_shown = [typed(n, v) for n, v in sent.items() if n in made.unknown_fields and text(v)]
    lost = [
        typed(name, value)
        for name, value in sent.items()
        if name not in DATE_FIELDS
        and name not in made.unknown_fields
        and text(value)
        and text(made.fields.get(name)) != text(value)
    ]
    said = []
    if not_shown:
        said.append(
            f"the helpdesk does not show you its {', '.join(not_shown)} (the field renamed, "
            "or you may not see or change it), so it may not have it: what you typed is kept "
            "here, as a change that waits in the outbox; ask the RT administrator, then retry it"
        )
    if lost:
        said.append(
            f"the helpdesk did not keep its {', '.join(lost)} (the field may not offer that "
            "value, or you may not set it): set it on the visit again, or ask the RT "
            "administrator"
        )
    return "; ".join(said) or None


def _requestor_lost(ctx: PushContext, sent: str, made: RemoteTicket) -> str | None:
    """What became of the requestor sent, if RT did not keep it as typed (None: it did).

    RT shows a requestor by login: the address itself for a customer it created
    from it, an account's login for someone it knew by that address.
    """
    shown = [str(r.get("email") or "") for r in made.requestors]
    if any(name.casefold() == sent.casefold() for name in shown):
        return None
    logins = [name for name in shown if name and "@" not in name]
    if logins:
        try:
            addresses = {user.email.casefold() for user in ctx.connector.users(logins)}
        except SyncError:
            addresses = set()  # cannot tell: say what RT shows
        if sent.casefold() in addresses:
            return None
    if not shown:
        return (
            f"the helpdesk did not keep its requestor {sent!r}, so the ticket has no customer "
            "and nobody hears of its replies: ask the helpdesk to add the customer to it"
        )
    return (
        f"the helpdesk recorded its requestor as {', '.join(shown)}, not {sent!r}: "
        "check that it is the customer"
    )


KIND = NewTicketKind()
