"""Conflicts: a field changed here and on the helpdesk to different values.

Nothing is overwritten until the user picks: keep mine, take theirs, or
(for the fields that hold a list, a line each) keep both.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from sync.merge import linked_to
from sync.store import tickets as ticket_store
from sync.store import transaction

if TYPE_CHECKING:
    import sqlite_utils

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
        send: dict[str, str | None] = {}
        for item in together:
            # What the helpdesk holds now becomes the agreed base, and the ticket
            # goes back to it; the choice, where it differs, is queued against it.
            held = _held_on_helpdesk(item, base.get(item.field))
            base[item.field] = held
            db.execute(f"UPDATE tickets SET {item.field} = ? WHERE id = ?", [held, ticket_id])
            if _chosen(item, choice) != held:
                send[item.field] = _chosen(item, choice)
        db.execute("UPDATE tickets SET base = ? WHERE id = ?", [json.dumps(base), ticket_id])
        drop_decided(db, ticket_id, [item.field for item in together])
        for item in together:
            db.execute("UPDATE conflicts SET resolved = ? WHERE id = ?", [choice, item.id])
        queued = bool(send) and outbox.set_fields(db, ticket_id, send) is not None
        close_settled_rows(db, ticket_id)
    return queued


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


def _outbox_seq(db: sqlite_utils.Database, conflict_id: int) -> int | None:
    row = db.execute("SELECT outbox_seq FROM conflicts WHERE id = ?", [conflict_id]).fetchone()
    return None if row is None else row[0]
