"""Asset fields changed here and in RT to different values: kept for a decision.

Nothing is overwritten until the user picks: keep mine (queued again, against
what RT holds now) or take theirs (the laptop takes RT's value).  Either way the
change that met the conflict is done once none of its conflicts is open: it no
longer waits in the outbox, nor keeps its visit on the laptop.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from sync.fields import ASSET_FIELDS
from sync.store import assets as store
from sync.store import transaction
from sync.store.outbox import enqueue, now_iso

if TYPE_CHECKING:
    import sqlite_utils

AssetChoice = Literal["mine", "theirs"]


@dataclass(frozen=True)
class AssetConflict:
    id: int
    asset_id: int
    asset_name: str
    field: str
    base: str | None
    mine: str | None
    theirs: str | None
    created: str


def open_asset_conflicts(
    db: sqlite_utils.Database, asset_id: int | None = None
) -> list[AssetConflict]:
    where = "c.resolved IS NULL" + (" AND c.asset_id = ?" if asset_id is not None else "")
    rows = db.execute(
        "SELECT c.id, c.asset_id, COALESCE(a.name, ''), c.field, c.base, c.mine, c.theirs,"
        f" c.created FROM asset_conflicts c LEFT JOIN assets a ON a.id = c.asset_id WHERE {where}"
        " ORDER BY c.id",
        [asset_id] if asset_id is not None else [],
    ).fetchall()
    return [AssetConflict(*row) for row in rows]


class NoSuchAssetConflict(LookupError):
    pass


def resolve_asset_conflict(
    db: sqlite_utils.Database, conflict_id: int, choice: AssetChoice
) -> bool:
    """Settle one conflict; True if a change was queued for the helpdesk ('mine')."""
    # Imported here: listing the conflicts (the window's badge) needs no change kinds.
    from sync.changes.asset_edit import KIND as EDIT  # noqa: PLC0415
    from sync.changes.asset_refs import asset_ref  # noqa: PLC0415

    found = [c for c in open_asset_conflicts(db) if c.id == conflict_id]
    if not found:
        raise NoSuchAssetConflict(f"no open asset conflict {conflict_id}")
    conflict = found[0]
    if conflict.field not in ASSET_FIELDS:
        raise NoSuchAssetConflict(f"asset conflict {conflict_id} is on an unknown field")
    with transaction(db):
        db.execute("UPDATE asset_conflicts SET resolved = ? WHERE id = ?", [choice, conflict.id])
        close_change_if_settled(db, conflict.id)
        if choice == "theirs":
            db.execute(
                f"UPDATE assets SET {conflict.field} = ? WHERE id = ?",
                [conflict.theirs, conflict.asset_id],
            )
            store.set_site_key(db, conflict.asset_id)
            return False
        enqueue(
            db,
            EDIT.name,
            None,
            {**asset_ref(db, conflict.asset_id), "fields": {conflict.field: conflict.mine}},
            {conflict.field: conflict.theirs},
        )
        return True


def close_change_if_settled(db: sqlite_utils.Database, conflict_id: int) -> None:
    """The change that met this conflict is done once none of its asset conflicts is
    open (decided, or replaced by a later change's conflict on the same field).  Inside
    the caller's transaction; a change not in conflict (one being sent now) is left alone."""
    db.execute(
        "UPDATE outbox SET state = 'done', updated = ? WHERE state = 'conflict'"
        " AND seq = (SELECT outbox_seq FROM asset_conflicts WHERE id = ?)"
        " AND NOT EXISTS (SELECT 1 FROM asset_conflicts c WHERE c.outbox_seq = outbox.seq"
        "                 AND c.resolved IS NULL)",
        [now_iso(), conflict_id],
    )
