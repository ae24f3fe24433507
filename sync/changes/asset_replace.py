"""A part or device swapped on site, in one action: the old asset goes to RMA (or
retired) with a dated note, the new one is created (or an existing one taken),
both are linked to the visit, serials recorded.

One outbox row, exactly once across partial failures: each step is either
idempotent (setting the old asset's status and description, linking) or found
again by the row's uuid (the new asset's "Client Asset Id"), so a resend after
any step failed or a reply was lost redoes nothing twice.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sync.changes.asset_add import adopt, create_once, insert_local_asset
from sync.changes.asset_refs import asset_label, asset_ref, rt_asset_id, rt_ticket_id
from sync.changes.asset_retire import RETIRED, dated_note
from sync.changes.asset_write import settle_write, write_asset
from sync.changes.kind import NotEditable, PushContext
from sync.store import assets as store
from sync.store.database import transaction
from sync.store.outbox import InvalidChange, OutboxRow, enqueue, mark_conflict, mark_done

if TYPE_CHECKING:
    import sqlite_utils

RMA = "rma"
OLD_STATUSES = (RMA, RETIRED)


def replace_asset(
    db: sqlite_utils.Database,
    ticket_id: int,
    old_id: int,
    *,
    note: str,
    new_fields: dict[str, str | None] | None = None,
    new_id: int | None = None,
    old_status: str = RMA,
) -> int:
    """Replace ``old_id`` on visit ``ticket_id`` by a new asset (``new_fields``: name,
    serial, model... — site and model default to the old one's) or by an asset
    already on the laptop (``new_id``).  Returns the new asset's id (temporary
    if created).  Durable when it returns."""
    if (new_fields is None) == (new_id is None):
        raise InvalidChange("give either the new asset's details or an existing asset")
    if old_status not in OLD_STATUSES:
        raise InvalidChange(f"the old asset goes to {' or '.join(OLD_STATUSES)}")
    if not note.strip():
        raise InvalidChange("say why it was replaced (e.g. the RMA number)")
    with transaction(db):
        if not db.execute("SELECT 1 FROM tickets WHERE id = ?", [ticket_id]).fetchone():
            raise InvalidChange(f"there is no visit #{ticket_id} on this laptop")
        old = store.get_asset_row(db, old_id)
        if old is None:
            raise InvalidChange(f"there is no asset {old_id} on this laptop")
        if new_id == old_id:
            raise InvalidChange("an asset cannot replace itself")
        uuid = enqueue(db, KIND.name, ticket_id, {})
        if new_fields is not None:
            defaults = {"site": old.site, "model": old.model}
            new_id = insert_local_asset(db, uuid, {**defaults, **new_fields})
        assert new_id is not None
        new = store.get_asset_row(db, new_id)
        if new is None:
            raise InvalidChange(f"there is no asset {new_id} on this laptop")
        label = f"{new.name} (serial {new.serial or '—'})"
        description = dated_note(
            old.description, f"{old_status.upper()}: {note.strip()}; replaced by {label}", ticket_id
        )
        base = store.base_values(db, old_id)
        payload: dict[str, Any] = {
            **asset_ref(db, old_id),
            **{f"new_{k}": v for k, v in asset_ref(db, new_id).items()},
            "create_new": new_fields is not None,
            "old_status": old_status,
            "old_description": description,
        }
        db.execute(
            "UPDATE outbox SET payload = ?, base = ? WHERE uuid = ?",
            [
                json.dumps(payload),
                # The dated note goes on RT's description as it is when sent.
                json.dumps({"status": base.get("status"), "description": old.description}),
                uuid,
            ],
        )
        db.execute(
            "UPDATE assets SET status = ?, description = ? WHERE id = ?",
            [old_status, description, old_id],
        )
        for asset_id in (old_id, new_id):
            store.link(db, ticket_id, asset_id)
        said = f"serial {old.serial or '—'} → {old_status}, replaced by {label}: {note.strip()}"
        store.record_touch(db, ticket_id, old_id, "replaced", detail=said, outbox_uuid=uuid)
        store.record_touch(
            db, ticket_id, new_id, "replacement", detail=f"serial {new.serial or '—'}",
            outbox_uuid=uuid,
        )  # fmt: skip
    return new_id


class AssetReplaceKind(NotEditable):
    name = "asset_replace"
    held_in_order = False

    def describe(self, row: OutboxRow) -> str:
        old, new = asset_label(row.payload), asset_label(row.payload, "new_")
        return f"#{row.ticket_ref}: replace {old} by {new} ({row.payload.get('old_status')})"

    def send(self, ctx: PushContext, row: OutboxRow) -> None:
        p = row.payload
        ticket_id = rt_ticket_id(row.ticket_ref)
        if ticket_id is None:
            raise InvalidChange("a replacement needs a visit")
        old_id = rt_asset_id(ctx.db, p)
        local_new = store.id_for_client_uuid(ctx.db, row.uuid) if p.get("create_new") else None
        if p.get("create_new"):
            if local_new is None:
                raise InvalidChange("the new asset is no longer on this laptop")
            new_id = create_once(ctx, row, local_new) if local_new < 0 else local_new
        else:
            new_id = rt_asset_id(ctx.db, p, "new_")
        old_values = {"status": p["old_status"], "description": p["old_description"]}
        write = write_asset(
            ctx, row, old_id, old_values, dict(row.base or {}), appends_to_description=True
        )
        for asset_id in (new_id, old_id):
            ctx.connector.link_asset(ticket_id, asset_id)
        with transaction(ctx.db):
            if local_new is not None and local_new < 0:
                adopt(ctx, local_new, new_id)
            clash = settle_write(ctx, row, old_id, write)
            if clash:  # the rest of the replacement is done: only that field waits
                mark_conflict(ctx.db, row.seq, f"{asset_label(p)} {clash}", result=str(new_id))
            else:
                mark_done(ctx.db, row.seq, str(new_id))

    def undo(self, db: sqlite_utils.Database, row: OutboxRow) -> None:
        p = row.payload
        old_id = int(p["asset_id"])
        base = row.base or {}
        db.execute(
            "UPDATE assets SET status = ?, description = ? WHERE id = ?",
            [base.get("status"), base.get("description"), old_id],
        )
        store.forget_touches(db, row.uuid)
        new_id = int(p["new_asset_id"])
        db.execute(
            "DELETE FROM ticket_assets WHERE ticket_id = ? AND asset_id IN (?, ?)"
            " AND asset_id NOT IN (SELECT asset_id FROM asset_touches WHERE ticket_id = ?)",
            [row.ticket_ref, old_id, new_id, row.ticket_ref],
        )
        if p.get("create_new") and new_id < 0:
            db.execute("DELETE FROM ticket_assets WHERE asset_id = ?", [new_id])
            store.forget_asset(db, new_id)


KIND = AssetReplaceKind()
