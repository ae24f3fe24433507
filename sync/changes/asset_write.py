"""Fields of one asset written against what RT holds when they are sent.

Every change of asset fields goes this way (an edit, a retirement, a recorded
serial, the old asset of a replacement):

- each field we changed is merged with RT's value now (``sync.merge``): a field
  RT changed to a third value meanwhile is kept as a conflict for the user to
  decide (``sync.asset_conflicts``), never overwritten; the other fields go;
- the write carries the version it was merged against (If-Match), so a change
  made in RT between our read and our write is read and merged again instead of
  being replaced;
- dated lines a retirement or replacement adds to the description are added to
  RT's description as it is now, not to the laptop's older copy of it.

The values are absolute, so a resend after a lost reply finds them in RT and
sends nothing again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sync.asset_conflicts import close_change_if_settled
from sync.changes.asset_refs import take_remote
from sync.connectors.base import ASSET_FIELDS, RemoteAsset
from sync.errors import ConflictError, RetryableError
from sync.fields import ASSET_LABELS
from sync.merge import three_way
from sync.store.database import transaction
from sync.store.outbox import mark_conflict, mark_done, mark_in_flight, now_iso

if TYPE_CHECKING:
    import sqlite_utils

    from sync.changes.kind import PushContext
    from sync.store.outbox import OutboxRow

# Reads and writes of one asset in one sending, when RT keeps changing it.
WRITE_ROUNDS = 3

Values = dict[str, str | None]
Clash = tuple[str | None, str | None, str | None]  # base, mine, theirs


@dataclass(frozen=True)
class AssetWrite:
    remote: RemoteAsset  # RT's copy our write was merged against
    asked: Values  # what the change wanted
    pushed: Values  # what went to RT now (a note moved onto RT's description)
    landed: Values  # ours that RT holds: pushed now, or there already (a lost reply)
    conflicts: dict[str, Clash]  # fields left as RT holds them, for the user


def write_asset(
    ctx: PushContext,
    row: OutboxRow,
    asset_id: int,
    mine: Values,
    base: Values,
    *,
    appends_to_description: bool = False,
) -> AssetWrite:
    """Merge ``mine`` (changed from ``base``) with RT's copy and write what merges.

    ``appends_to_description``: our description is the base one with lines added
    (a dated note); they are added to RT's current description instead.
    """
    for _ in range(WRITE_ROUNDS):
        remote = ctx.connector.fetch_asset(asset_id)
        theirs: Values = {name: getattr(remote, name) for name in ASSET_FIELDS}
        wanted, since = (
            _lines_added_to_theirs(mine, base, theirs) if appends_to_description else (mine, base)
        )
        merge = three_way(since, wanted, theirs)
        if merge.push:
            mark_in_flight(ctx.db, row)
            try:
                ctx.connector.update_asset(asset_id, merge.push, version=remote.etag)
            except ConflictError:
                continue  # RT's copy changed since we read it: merge again
        landed = {name: wanted[name] for name in (*merge.push, *merge.already_there)}
        return AssetWrite(remote, mine, merge.push, landed, merge.conflicts)
    raise RetryableError("the equipment record kept changing on the helpdesk; will try again")


def send_asset_fields(
    ctx: PushContext,
    row: OutboxRow,
    asset_id: int,
    mine: Values,
    *,
    appends_to_description: bool = False,
) -> None:
    """A change that is only these fields of one asset: written, then its row done
    (or left as a conflict, naming the fields RT changed too)."""
    base = dict(row.base or {})
    write = write_asset(
        ctx, row, asset_id, mine, base, appends_to_description=appends_to_description
    )
    with transaction(ctx.db):
        clash = settle_write(ctx, row, asset_id, write)
        if clash:
            mark_conflict(ctx.db, row.seq, clash)
        else:
            mark_done(ctx.db, row.seq)


def settle_write(ctx: PushContext, row: OutboxRow, asset_id: int, write: AssetWrite) -> str | None:
    """Keep RT's copy with ours in it and record the conflicts (in the caller's
    transaction).  Returns what to say on the outbox row if there were any."""
    for name, value in write.landed.items():
        # What RT holds differs from what the laptop shows where a note moved onto
        # RT's description: show RT's, unless the field was edited again since.
        if name in ASSET_FIELDS:
            ctx.db.execute(
                f"UPDATE assets SET {name} = ? WHERE id = ? AND {name} IS ?",
                [value, asset_id, write.asked.get(name)],
            )
    take_remote(ctx, write.remote, write.pushed)
    for name in write.landed:  # a conflict met by an earlier change of the field is moot
        for conflict_id in _supersede(ctx.db, asset_id, name, made_before=row.seq):
            close_change_if_settled(ctx.db, conflict_id)
    if not write.conflicts:
        return None
    for name, (was, ours, server) in write.conflicts.items():
        _record_conflict(ctx.db, asset_id, name, (was, ours, server), row.seq)
    ctx.conflicts += len(write.conflicts)
    return "changed on the helpdesk too: " + ", ".join(
        ASSET_LABELS.get(name, name) for name in write.conflicts
    )


def _lines_added_to_theirs(mine: Values, base: Values, theirs: Values) -> tuple[Values, Values]:
    """Our description's added lines moved onto RT's description: (mine, base) to merge."""
    ours, was, now = mine.get("description"), base.get("description"), theirs.get("description")
    if ours is None or now == was or not ours.startswith(was or ""):
        return mine, base
    added = ours[len(was or "") :].strip("\n")
    if not added or (now or "").endswith(added):  # already there: a lost reply's resend
        return {**mine, "description": now}, base
    current = (now or "").rstrip()
    moved = f"{current}\n{added}" if current else added
    return {**mine, "description": moved}, {**base, "description": now}


def _record_conflict(
    db: sqlite_utils.Database, asset_id: int, name: str, clash: Clash, seq: int
) -> None:
    """Keep the conflict for the user; one still open on the field is superseded (the
    user decides on the value typed last) and its change done if that was its last."""
    older = _supersede(db, asset_id, name)
    db.execute(
        "INSERT INTO asset_conflicts (asset_id, field, base, mine, theirs, outbox_seq, created)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [asset_id, name, *clash, seq, now_iso()],
    )
    for conflict_id in older:  # after the insert: a resend of the same change stays open
        close_change_if_settled(db, conflict_id)


def _supersede(
    db: sqlite_utils.Database, asset_id: int, name: str, *, made_before: int | None = None
) -> list[int]:
    """Mark the field's open conflicts superseded (only those met by changes queued before
    ``made_before``, if given); their ids, for the caller to close their changes."""
    bound, args = (" AND outbox_seq < ?", [made_before]) if made_before is not None else ("", [])
    where = f"asset_id = ? AND field = ? AND resolved IS NULL{bound}"
    older = [
        found
        for (found,) in db.execute(
            f"SELECT id FROM asset_conflicts WHERE {where}", [asset_id, name, *args]
        ).fetchall()
    ]
    db.execute(
        f"UPDATE asset_conflicts SET resolved = 'superseded' WHERE {where}",
        [asset_id, name, *args],
    )
    return older
