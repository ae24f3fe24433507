"""A change of ticket fields (status, parts used, visit window, owner...), merged three-way.

Sent with the ticket's version (If-Match); when the helpdesk moved on, the
change is merged field by field against the base the user saw: agreed fields
go, the rest become conflicts for the user.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sync.changes.kind import Blocked, PushContext
from sync.changes.overwritten import overwritten
from sync.conflicts import record_linked_changes, take_linked_from_helpdesk
from sync.connectors.base import (
    DATE_FIELDS,
    STATUSES,
    SYNCED_FIELDS,
    FieldValues,
    RemoteTicket,
)
from sync.connectors.rt.users import RT_SYSTEM_LOGIN
from sync.errors import ConflictError, RetryableError
from sync.fields import field_label
from sync.local_clock import local_moment
from sync.merge import linked_to, three_way
from sync.stamps import parse_stamp
from sync.store import tickets
from sync.store.database import transaction
from sync.store.outbox import (
    InvalidChange,
    OutboxRow,
    enqueue,
    mark_conflict,
    mark_done,
    now_iso,
    require_ticket,
)

if TYPE_CHECKING:
    import sqlite_utils

MERGE_ROUNDS = 3
# Payload key: fields of this change that were in conflict when it was made
# (their value became the conflict's "mine"; deciding the conflict decides them).
FOLDED = "folded_into_conflict"


def validate_field(name: str, value: str | None) -> str | None:
    """The value as stored, or InvalidChange (RT would accept junk silently)."""
    if name not in SYNCED_FIELDS:
        raise InvalidChange(f"unknown field {name!r}; fields: {', '.join(SYNCED_FIELDS)}")
    if value is not None:
        value = value.strip() or None
    if name == "status" and value not in STATUSES:
        raise InvalidChange(f"status must be one of: {', '.join(STATUSES)}")
    if name == "subject" and not value:
        raise InvalidChange("the subject cannot be empty")
    if name == "priority" and not (value and value.isdigit() and 0 <= int(value) <= 100):
        raise InvalidChange("priority must be a whole number from 0 to 100")
    if name in DATE_FIELDS and value is not None:
        value = normalise_date(value)
    return value


def require_window_in_order(changes: FieldValues, working: FieldValues) -> None:
    """InvalidChange if changes would make the visit start at or after its end.

    RT takes any two dates: a start moved past the end reached everyone as
    "16:00-15:00".  Only a change of the window is judged, never a window as pulled.
    """
    if not {"visit_start", "visit_end"} & changes.keys():
        return
    window = {**working, **changes}
    try:
        start = parse_stamp(window.get("visit_start") or "")
        end = parse_stamp(window.get("visit_end") or "")
    except ValueError:  # no window (or not a replica stamp): nothing to compare
        return
    if start >= end:
        other = "visit_end" if "visit_start" in changes else "visit_start"
        # On the laptop's clock, as the visit and the typed times read (not UTC).
        raise InvalidChange(
            f"the visit would start at {local_moment(window['visit_start'])}, at or after "
            f"its end at {local_moment(window['visit_end'])}: "
            f"change the {field_label(other).lower()} ({other}) first"
        )


def normalise_date(value: str) -> str:
    """Accept '2026-11-24 09:30' or ISO forms; store ISO UTC with Z."""
    text = value.strip().replace("T", " ").removesuffix("Z")
    for pattern in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            moment = datetime.strptime(text, pattern)
        except ValueError:
            continue
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    raise InvalidChange(f"not a date: {value!r} (use YYYY-MM-DD HH:MM, UTC)")


def set_fields(db: sqlite_utils.Database, ticket_id: int, changes: FieldValues) -> str | None:
    """Change status, parts used, visit times...; None if nothing changed."""
    clean = {name: validate_field(name, value) for name, value in changes.items()}
    require_ticket(db, ticket_id)
    with transaction(db):
        working = tickets.working_values(db, ticket_id)
        real = {k: v for k, v in clean.items() if working.get(k) != v}
        if not real:
            return None
        require_window_in_order(real, working)
        base, _ = tickets.base_values(db, ticket_id)
        # Fields linked to the changed ones (owner, window, status) as the user
        # saw them: a change to them on the helpdesk meanwhile is a conflict.
        seen = {k: working.get(k) for k in linked_to(list(real)) if k not in real}
        folded = []
        for name, value in real.items():
            db.execute(f"UPDATE tickets SET {name} = ? WHERE id = ?", [value, ticket_id])
            # A field in conflict: the user will decide on the value typed last.
            if db.execute(
                "UPDATE conflicts SET mine = ? WHERE ticket_id = ? AND field = ?"
                " AND resolved IS NULL",
                [value, ticket_id, name],
            ).rowcount:
                folded.append(name)
        payload: dict[str, Any] = {"changes": real}
        if folded:
            payload[FOLDED] = folded
        return enqueue(
            db, KIND.name, ticket_id, payload, {**seen, **{k: base.get(k) for k in real}}
        )


class FieldsKind:
    name = "set_fields"
    editable = frozenset(SYNCED_FIELDS)  # narrowed to the row's own fields in ``edit``
    held_in_order = True

    def describe(self, row: OutboxRow) -> str:
        where = f"#{row.ticket_ref}" if row.ticket_ref and row.ticket_ref > 0 else "new ticket"
        # Times on the laptop's clock, as the visit shows them (the payload keeps UTC).
        changes = ", ".join(
            f"{k} → {(local_moment(v) if k in DATE_FIELDS else v) or '(empty)'}"
            for k, v in row.payload["changes"].items()
        )
        return f"{where}: {changes}"

    def send(self, ctx: PushContext, row: OutboxRow) -> None:
        ticket_id = row.ticket_ref
        if ticket_id is None or ticket_id < 0:
            raise Blocked
        mine: dict[str, str | None] = dict(row.payload["changes"])
        base, etag = tickets.base_values(ctx.db, ticket_id)
        # Linked fields are merged against what the user saw when deciding
        # (kept in the row), even if a pull has refreshed the replica since.
        base.update({k: v for k, v in row.base.items() if k not in mine})
        push = dict(mine)
        version = etag or ""  # the version our base belongs to
        wrote = False  # ours may be on the helpdesk (sent now, or before a lost reply)
        rebased = False  # the helpdesk's history was read for RT's own reopening
        for _ in range(MERGE_ROUNDS):
            try:
                if push:
                    ctx.connector.update_ticket(ticket_id, etag or "", push)
                    wrote = True
                # The server now holds our value of every field we changed
                # (pushed now, or already there after a lost reply).
                replaced = (
                    overwritten(ctx.connector, ticket_id, version, mine, base) if wrote else {}
                )
                with transaction(ctx.db):
                    _update_base(ctx.db, ticket_id, mine)
                    _supersede(ctx.db, ticket_id, row.seq, mine)
                    if replaced:
                        _record_conflicts(ctx.db, row, ticket_id, replaced)
                    else:
                        mark_done(ctx.db, row.seq)
                ctx.conflicts += len(replaced)
                return
            except ConflictError:
                remote = ctx.connector.fetch_ticket(ticket_id)
                theirs = _as_sent(remote)
                if not rebased and _status_moved(base, mine, theirs):
                    base = _after_our_reopening(ctx, ticket_id, version, base)
                    rebased = True
                # A field the helpdesk did not send (renamed, hidden) is unchanged there.
                merged = three_way(base, mine, {**theirs, **_unsent(remote, base)})
                wrote = wrote or bool(merged.already_there)
                if merged.conflicts:
                    if merged.push:
                        ctx.connector.update_ticket(ticket_id, remote.etag, merged.push)
                        wrote = True
                    agreed = {k: v for k, v in mine.items() if k not in merged.conflicts}
                    if wrote:
                        merged.conflicts.update(
                            overwritten(ctx.connector, ticket_id, version, agreed, base)
                        )
                    with transaction(ctx.db):
                        take_linked_from_helpdesk(ctx.db, ticket_id, list(mine), theirs)
                        _update_base(ctx.db, ticket_id, agreed)
                        _supersede(ctx.db, ticket_id, row.seq, agreed)
                        _record_conflicts(ctx.db, row, ticket_id, merged.conflicts, merged.because)
                    ctx.conflicts += len(merged.conflicts)
                    return
                push, etag = merged.push, remote.etag
        raise RetryableError("the ticket kept changing on the helpdesk; will try again")

    def edit(
        self,
        db: sqlite_utils.Database,
        row: OutboxRow,
        payload: dict[str, Any],
        changes: dict[str, Any],
    ) -> None:
        unknown = set(changes) - set(row.payload["changes"])
        if unknown:
            raise InvalidChange(f"{', '.join(sorted(unknown))} cannot be edited in this change")
        clean = {name: validate_field(name, value) for name, value in changes.items()}
        require_window_in_order(clean, tickets.working_values(db, row.ticket_ref or 0))
        payload["changes"] = {**payload["changes"], **clean}
        waiting = self._others_waiting(db, row)
        for name, value in clean.items():
            # A later unsent change of the same field is what the user sees now.
            if not any(seq > row.seq and name in changes for seq, changes in waiting):
                db.execute(f"UPDATE tickets SET {name} = ? WHERE id = ?", [value, row.ticket_ref])

    def undo(self, db: sqlite_utils.Database, row: OutboxRow) -> None:
        """The visit shows each field as the changes still waiting leave it: a later one's
        value stays; else the last earlier one's; else the helpdesk's (the base).  Going
        back to the base alone showed "(empty)" while an earlier change of that field was
        still sent, and the visit kept it after the next pull."""
        if row.ticket_ref is None:
            return
        base, _ = tickets.base_values(db, row.ticket_ref)
        waiting = self._others_waiting(db, row)
        for name in row.payload["changes"]:
            if any(seq > row.seq and name in changes for seq, changes in waiting):
                continue
            earlier = [
                changes[name] for seq, changes in waiting if seq < row.seq and name in changes
            ]
            value = earlier[-1] if earlier else base.get(name)
            db.execute(f"UPDATE tickets SET {name} = ? WHERE id = ?", [value, row.ticket_ref])

    def _others_waiting(
        self, db: sqlite_utils.Database, row: OutboxRow
    ) -> list[tuple[int, dict[str, str | None]]]:
        """The other field changes of row's visit not yet delivered, oldest first."""
        found = db.execute(
            "SELECT seq, payload FROM outbox WHERE ticket_ref = ? AND kind = ?"
            " AND seq != ? AND state != 'done' ORDER BY seq",
            [row.ticket_ref, self.name, row.seq],
        ).fetchall()
        return [(seq, json.loads(payload)["changes"]) for seq, payload in found]


def _as_sent(remote: RemoteTicket) -> FieldValues:
    """The helpdesk's fields without those it sent nothing for, not even empty (renamed,
    disabled, hidden from the user): not known to be empty, so never "cleared" there."""
    return {k: v for k, v in remote.fields.items() if k not in remote.unknown_fields}


def _unsent(remote: RemoteTicket, base: FieldValues) -> FieldValues:
    """The fields the helpdesk did not send, as the base has them: unchanged there."""
    return {name: base.get(name) for name in remote.unknown_fields}


def _status_moved(base: FieldValues, mine: FieldValues, theirs: FieldValues) -> bool:
    """The helpdesk's status is not the one the user saw, and it matters to this change."""
    return "status" in linked_to(list(mine)) and theirs.get("status") != base.get("status")


def _after_our_reopening(
    ctx: PushContext, ticket_id: int, version: str, base: FieldValues
) -> FieldValues:
    """``base`` moved on by the status RT set by itself because of a note of this laptop.

    RT opens a new visit when a reply lands (its scrip "On Correspond Open Inactive
    Tickets"): a reply written offline goes before the status change written after
    it, so that change met "open" where the technician saw "new", and their resolve
    became a conflict with nobody.  That step is ours when it is the first status
    change since ``version``, from the status the user saw, and comes right after a
    reply or comment this laptop delivered (nothing between them in RT's history),
    by our user or by RT itself.  A status anyone else set stays theirs: a conflict.
    """
    seen = base.get("status")
    ours = _notes_delivered_since(ctx.db, ticket_id, version)
    if not ours:
        return base
    history = ctx.connector.fetch_history(ticket_id, int(version))
    found = next(((i, t) for i, t in enumerate(history) if t.type == "Status"), None)
    if found is None or found[0] == 0:
        return base
    at, step = found
    note = history[at - 1]
    by_us = step.creator in (note.creator, RT_SYSTEM_LOGIN)
    if note.id in ours and step.old_value == seen and by_us:
        return {**base, "status": step.new_value}
    return base


def _notes_delivered_since(db: sqlite_utils.Database, ticket_id: int, version: str) -> set[int]:
    """RT's ids of the notes this laptop delivered to the ticket after ``version``."""
    if not version.isdigit():
        return set()
    found = db.execute(
        "SELECT id FROM history WHERE ticket_id = ? AND client_uuid IS NOT NULL AND id > ?",
        [ticket_id, int(version)],
    ).fetchall()
    return {int(row[0]) for row in found}


def _update_base(db: sqlite_utils.Database, ticket_id: int, values: dict[str, str | None]) -> None:
    with transaction(db):
        base, _ = tickets.base_values(db, ticket_id)
        base.update(values)
        db.execute("UPDATE tickets SET base = ? WHERE id = ?", [json.dumps(base), ticket_id])


def _record_conflicts(
    db: sqlite_utils.Database,
    row: OutboxRow,
    ticket_id: int,
    conflicts: dict[str, tuple[str | None, str | None, str | None]],
    because: dict[str, tuple[str | None, str | None]] | None = None,
) -> None:
    names = ", ".join(field_label(name) for name in conflicts)
    if because:  # linked fields: say what changed over there
        names += (
            " (the helpdesk changed "
            + ", ".join(
                f"{field_label(name)}: {old or '-'} → {new or '-'}"
                for name, (old, new) in because.items()
            )
            + ")"
        )
    with transaction(db):
        for name, (base, mine, theirs) in conflicts.items():
            db.execute(
                "DELETE FROM conflicts WHERE ticket_id = ? AND field = ? AND resolved IS NULL",
                [ticket_id, name],
            )
            db.execute(
                "INSERT INTO conflicts (ticket_id, field, base, mine, theirs, outbox_seq,"
                " created) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [ticket_id, name, base, mine, theirs, row.seq, now_iso()],
            )
        mark_conflict(db, row.seq, f"changed on the helpdesk too: {names}")
        if because:  # what the Conflicts screen says of a field the helpdesk left alone
            record_linked_changes(db, row.seq, because)
        close_settled_rows(db, ticket_id)


def _supersede(
    db: sqlite_utils.Database, ticket_id: int, seq: int, settled: dict[str, str | None]
) -> None:
    """A later edit of a field in conflict reached the helpdesk: that conflict is moot.

    (A later edit that conflicts too replaces the open conflict instead, so the
    user decides on the value they typed last.)
    """
    for name in settled:
        db.execute(
            "UPDATE conflicts SET resolved = 'superseded' WHERE ticket_id = ? AND field = ?"
            " AND resolved IS NULL AND outbox_seq < ?",
            [ticket_id, name, seq],
        )
    close_settled_rows(db, ticket_id)


def close_settled_rows(db: sqlite_utils.Database, ticket_id: int) -> None:
    """A field change in conflict is closed once none of its conflicts is open."""
    db.execute(
        "UPDATE outbox SET state = 'done', updated = ? WHERE ticket_ref = ? AND state = 'conflict'"
        " AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.outbox_seq = outbox.seq"
        "                 AND c.resolved IS NULL)",
        [now_iso(), ticket_id],
    )


KIND = FieldsKind()


def drop_decided(db: sqlite_utils.Database, ticket_id: int, names: list[str]) -> None:
    """Take fields just decided in a conflict out of the ticket's changes not sent yet.

    Only values typed while that conflict was open: each became its "mine"
    (see ``set_fields``), so the decision covers them, and sending them as well
    would repeat or undo it.  A change left empty goes; rows in flight may be
    on the helpdesk already and are left to the merge.  Call inside a transaction.
    """
    for seq, text in db.execute(
        "SELECT seq, payload FROM outbox WHERE ticket_ref = ? AND kind = ? AND state = 'pending'",
        [ticket_id, KIND.name],
    ).fetchall():
        payload = json.loads(text)
        decided = set(names) & set(payload.get(FOLDED, []))
        if not decided:
            continue
        payload["changes"] = {k: v for k, v in payload["changes"].items() if k not in decided}
        payload[FOLDED] = [k for k in payload[FOLDED] if k not in decided]
        if payload["changes"]:
            db.execute("UPDATE outbox SET payload = ? WHERE seq = ?", [json.dumps(payload), seq])
        else:
            db.execute("DELETE FROM outbox WHERE seq = ?", [seq])
