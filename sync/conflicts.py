"""Conflicts: a field changed here and on the helpdesk to different values.

Nothing is overwritten until the user picks: keep mine, take theirs, or
(for the fields that hold a list, a line each) keep both.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from sync.fields import DATE_FIELDS, field_label
from sync.local_clock import local_moment
from sync.merge import known_on_helpdesk, linked_to
from sync.role import is_supervisor
from sync.store import tickets as ticket_store
from sync.store import transaction
from sync.store.outbox import InvalidChange
from sync.store.users import display_name

if TYPE_CHECKING:
    import sqlite_utils

    from sync.fields import FieldValues

Choice = Literal["mine", "theirs", "both"]
TEXT_FIELDS = frozenset({"subject", "address", "contact", "parts_used", "site"})
# Fields that hold a list, a line each (parts, contacts, an address and its access notes):
# both sides' changes can stand together.  A subject or a site name is one value.
LINE_FIELDS = frozenset({"address", "contact", "parts_used"})


@dataclass(frozen=True)
class Conflict:
    id: int
    ticket_id: int
    field: str
    base: str | None
    mine: str | None
    theirs: str | None
    created: str

    @property
    def can_keep_both(self) -> bool:
        return self.field in LINE_FIELDS

    @property
    def both(self) -> str:
        """Theirs with my changes to the base made to it, line by line, counted: the
        lines I added (that theirs did not add too) are added, the lines I removed are
        removed.  A part both sides kept is listed once, so it is not billed twice; a
        second one I fitted is listed twice."""
        base, mine = Counter(_lines(self.base)), Counter(_lines(self.mine))
        theirs = _lines(self.theirs)
        removed, added = base - mine, mine - base
        theirs_added = Counter(theirs) - base
        kept = []
        for line in theirs:
            if removed[line]:
                removed[line] -= 1
                continue
            kept.append(line)
        for line in _lines(self.mine):
            if added[line] > theirs_added[line]:
                added[line] -= 1
                kept.append(line)
        return "\n".join(kept)


def _lines(value: str | None) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


def open_conflicts(db: sqlite_utils.Database, ticket_id: int | None = None) -> list[Conflict]:
    where = "resolved IS NULL" + (" AND ticket_id = ?" if ticket_id is not None else "")
    rows = db.execute(
        f"SELECT id, ticket_id, field, base, mine, theirs, created FROM conflicts WHERE {where}"
        " ORDER BY id",
        [ticket_id] if ticket_id is not None else [],
    ).fetchall()
    return [Conflict(*row) for row in rows]


class NoSuchConflict(LookupError):
    pass


class NoLongerTheirs(InvalidChange):
    """Keep mine (or both) on a visit the user may no longer change."""


def resolve(db: sqlite_utils.Database, ticket_id: int, field: str, choice: Choice) -> bool:
    """Settle one conflict; the chosen value is queued where the helpdesk holds another.

    That is 'mine' and 'both' — and 'theirs' when our write replaced theirs unseen.

    Linked fields (a visit's owner and window, see ``sync.merge``) in conflict
    from the same change are settled together, the same way: one decision,
    never half of each side's.  True if a change was queued for the helpdesk.
    """
    # Imported here: listing the conflicts (the window's badge) needs no outbox.
    from sync import outbox  # noqa: PLC0415
    from sync.changes.fields import close_settled_rows, drop_decided  # noqa: PLC0415

    found = [c for c in open_conflicts(db, ticket_id) if c.field == field]
    if not found:
        raise NoSuchConflict(f"no open conflict on #{ticket_id} {field}")
    conflict = found[0]
    if choice == "both" and not conflict.can_keep_both:
        raise ValueError(f"'{field}' cannot hold both values; keep mine or take theirs")
    together = [conflict] + [
        c
        for c in open_conflicts(db, ticket_id)
        if c.id != conflict.id
        and c.field in linked_to([field])
        and _outbox_seq(db, c.id) == _outbox_seq(db, conflict.id)
    ]
    with transaction(db):
        base, _ = ticket_store.base_values(db, ticket_id)
        # What the helpdesk holds now becomes the agreed base, and the ticket goes
        # back to it; the choice, where it differs, is queued against it.
        held = {item.field: _held_on_helpdesk(item, base.get(item.field)) for item in together}
        send = {
            item.field: _chosen(item, choice)
            for item in together
            if _chosen(item, choice) != held[item.field]
        }
        if send:
            _refuse_if_no_longer_theirs(db, conflict, held[conflict.field])
        base.update(held)
        for name, value in held.items():
            db.execute(f"UPDATE tickets SET {name} = ? WHERE id = ?", [value, ticket_id])
        db.execute("UPDATE tickets SET base = ? WHERE id = ?", [json.dumps(base), ticket_id])
        drop_decided(db, ticket_id, list(held))
        for item in together:
            db.execute("UPDATE conflicts SET resolved = ? WHERE id = ?", [choice, item.id])
        queued = outbox.set_fields(db, ticket_id, send) if send else None
        if queued is not None:
            _merge_against_what_was_decided(db, ticket_id, queued, held)
        close_settled_rows(db, ticket_id)
    return queued is not None


def _merge_against_what_was_decided(
    db: sqlite_utils.Database, ticket_id: int, row_uuid: str, held: FieldValues
) -> None:
    """The queued decision is merged against the helpdesk's linked values the user decided
    on, not against the values shown while the conflict was open (a sibling still in
    conflict shows mine; one given away was never pulled again): else the linked rule
    meets the same difference at the next sync and the decision becomes a new conflict."""
    base, _ = ticket_store.base_values(db, ticket_id)
    in_conflict = {c.field: c.theirs for c in open_conflicts(db, ticket_id)}
    known = known_on_helpdesk(held, base, ticket_store.working_values(db, ticket_id), in_conflict)
    (text,) = db.execute("SELECT base FROM outbox WHERE uuid = ?", [row_uuid]).fetchone()
    row_base = {**json.loads(text), **known}
    db.execute("UPDATE outbox SET base = ? WHERE uuid = ?", [json.dumps(row_base), row_uuid])


def _refuse_if_no_longer_theirs(
    db: sqlite_utils.Database, conflict: Conflict, held: str | None
) -> None:
    """A technician may change only their own visits (the admin kit's rights): on one
    that left them, a value to send would be refused by the helpdesk, so the decision is
    refused here, saying which choice ends the conflict: the one that is what the
    helpdesk holds (usually theirs; mine when our write replaced theirs, as
    ``_held_on_helpdesk`` says).  A supervisor may change any visit."""
    gone = db.execute("SELECT gone FROM tickets WHERE id = ?", [conflict.ticket_id]).fetchone()
    if gone is None or gone[0] is None or is_supervisor(db):
        return
    why = str(gone[0]).split(";")[0]  # the sync's words, before what it kept here
    ending = "Keep mine" if held == conflict.mine and held != conflict.theirs else "Take theirs"
    field = field_label(conflict.field).lower()
    raise NoLongerTheirs(
        f"#{conflict.ticket_id} has left your visits ({why}): you may no longer change its "
        f"{field}, and the helpdesk holds {_shown(conflict.field, held)}. {ending} to end "
        "this conflict, or ask your supervisor to give the visit back to you first."
    )


def _shown(field: str, value: str | None) -> str:
    """A field's value as the window says it (times in the laptop's zone)."""
    if not value:
        return "nothing"
    return local_moment(value) if field in DATE_FIELDS else repr(value)


def take_linked_from_helpdesk(
    db: sqlite_utils.Database, ticket_id: int, changed: list[str], helpdesk: FieldValues
) -> None:
    """The merge met the helpdesk's ticket: the fields linked to the changed ones that have
    no edit here take its values, as a pull would.  A visit that left the user's list is
    never pulled again, and a decision on its conflict is merged against these."""
    base, _ = ticket_store.base_values(db, ticket_id)
    working = ticket_store.working_values(db, ticket_id)
    current = {
        name: helpdesk.get(name)
        for name in linked_to(changed)
        if name in helpdesk and working.get(name) == base.get(name)
    }
    if not current:
        return
    base.update(current)
    for name, value in current.items():
        db.execute(f"UPDATE tickets SET {name} = ? WHERE id = ?", [value, ticket_id])
    db.execute("UPDATE tickets SET base = ? WHERE id = ?", [json.dumps(base), ticket_id])


def _held_on_helpdesk(conflict: Conflict, known: str | None) -> str | None:
    """The helpdesk's value of the conflict's field, given the replica's base for it.

    Usually theirs (our change was refused and the base stayed as the user saw
    it).  When our write replaced theirs in RT's If-Match race (see
    ``sync.changes.overwritten``), the base moved on to what we wrote: the
    helpdesk holds ours, and taking theirs means sending it back.
    """
    return conflict.theirs if known in (conflict.base, conflict.theirs) else known


def _chosen(conflict: Conflict, choice: Choice) -> str | None:
    if choice == "theirs":
        return conflict.theirs
    if choice == "mine":
        return conflict.mine
    return conflict.both


LINKED_CHANGES = "linked_changes"  # in the outbox row's payload: {field: [old, new]}


def record_linked_changes(
    db: sqlite_utils.Database, seq: int, changes: dict[str, tuple[str | None, str | None]]
) -> None:
    """What the helpdesk changed of the fields linked to those a change met in conflict
    (the owner, the window): the reason a field it did not change is a conflict."""
    db.execute(
        "UPDATE outbox SET payload = json_set(payload, ?, json(?)) WHERE seq = ?",
        [f"$.{LINKED_CHANGES}", json.dumps(changes), seq],
    )


def linked_changes(
    db: sqlite_utils.Database, conflict: Conflict
) -> dict[str, tuple[str | None, str | None]]:
    """Why a field the helpdesk left as it was is a conflict: what it changed of the
    fields linked to it meanwhile ({} for a field the helpdesk changed itself)."""
    if conflict.theirs != conflict.base:
        return {}
    found = db.execute(
        "SELECT json_extract(o.payload, ?) FROM conflicts c JOIN outbox o ON o.seq = c.outbox_seq"
        " WHERE c.id = ?",
        [f"$.{LINKED_CHANGES}", conflict.id],
    ).fetchone()
    if found is None or found[0] is None:
        return {}
    return {name: (old, new) for name, (old, new) in json.loads(found[0]).items()}


def why_words(db: sqlite_utils.Database, conflict: Conflict) -> str:
    """ "the helpdesk changed its owner (Alice Moreau → Bob Okafor) meanwhile", for a
    conflict on a field the helpdesk left as it was ("" otherwise)."""
    changes = linked_changes(db, conflict)
    if not changes:
        return ""
    parts = [
        f"{field_label(name).lower()} ({_value_words(db, name, old)} → "
        f"{_value_words(db, name, new)})"
        for name, (old, new) in changes.items()
    ]
    listed = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
    return f"the helpdesk changed its {listed} meanwhile"


def _value_words(db: sqlite_utils.Database, field: str, value: str | None) -> str:
    if not value:
        return "nothing"
    if field == "owner":
        return display_name(db, value)
    return local_moment(value) if field in DATE_FIELDS else value


def _outbox_seq(db: sqlite_utils.Database, conflict_id: int) -> int | None:
    row = db.execute("SELECT outbox_seq FROM conflicts WHERE id = ?", [conflict_id]).fetchone()
    return None if row is None else row[0]
