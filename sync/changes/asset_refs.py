"""What the asset change kinds share: naming an asset that may exist only here,
and taking RT's copy once a change is through.

An asset added offline has a negative id until RT numbers it; changes queued
for it meanwhile carry its ``client_uuid`` too, and find its RT id by that
when their turn comes (the add is ahead of them in the outbox).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from sync.changes.kind import Blocked, PushContext
from sync.connectors.base import ASSET_FIELDS, RemoteAsset
from sync.store import assets as store
from sync.store.outbox import InvalidChange

if TYPE_CHECKING:
    import sqlite_utils


def asset_ref(db: sqlite_utils.Database, asset_id: int) -> dict[str, Any]:
    """How a queued change names an asset (its uuid too while it is only local)."""
    row = db.execute("SELECT client_uuid, name FROM assets WHERE id = ?", [asset_id]).fetchone()
    if row is None:
        raise InvalidChange(f"there is no asset {asset_id} on this laptop")
    ref: dict[str, Any] = {"asset_id": asset_id, "asset_name": row[1]}
    if asset_id < 0:
        ref["asset_uuid"] = row[0]
    return ref


def asset_label(payload: dict[str, Any], prefix: str = "") -> str:
    """How the Outbox names the asset of a change: its name ("equipment #12" if unnamed)."""
    return str(
        payload.get(f"{prefix}asset_name") or f"equipment #{payload.get(f'{prefix}asset_id')}"
    )


def rt_asset_id(db: sqlite_utils.Database, payload: dict[str, Any], prefix: str = "") -> int:
    """The RT id of the asset a payload names; Blocked while it is not created yet."""
    asset_id = int(payload[f"{prefix}asset_id"])
    if asset_id > 0:
        return asset_id
    uuid = payload.get(f"{prefix}asset_uuid")
    found = store.id_for_client_uuid(db, str(uuid)) if uuid else None
    if found is None or found < 0:
        raise Blocked(f"asset {asset_id} is not on the helpdesk yet")
    return found


def rt_ticket_id(ticket_id: int | None) -> int | None:
    if ticket_id is not None and ticket_id < 0:
        raise Blocked(f"ticket {ticket_id} is not on the helpdesk yet")
    return ticket_id


def take_remote(ctx: PushContext, remote: RemoteAsset, sent: dict[str, str | None]) -> None:
    """RT's copy with what we just sent in it (the base for later merges)."""
    known: dict[str, Any] = {k: v for k, v in sent.items() if k in ASSET_FIELDS}
    store.upsert_remote_asset(ctx.db, replace(remote, **known))


def sent_copy(asset_id: int, values: dict[str, Any]) -> RemoteAsset:
    """What RT holds of an asset we created or changed, without asking it again."""
    return RemoteAsset(
        id=asset_id,
        name=str(values.get("name") or ""),
        catalog=str(values.get("catalog") or "Field Equipment"),
        status=str(values.get("status") or ""),
        model=values.get("model"),
        serial=values.get("serial"),
        warranty=values.get("warranty"),
        last_updated=str(values.get("last_updated") or ""),
        site=values.get("site"),
        purchase_date=values.get("purchase_date"),
        description=values.get("description"),
        owner=values.get("owner"),
        held_by=values.get("held_by"),
    )


def current_values(db: sqlite_utils.Database, asset_id: int) -> dict[str, Any]:
    asset = store.get_asset_row(db, asset_id)
    if asset is None:
        raise InvalidChange(f"there is no asset {asset_id} on this laptop")
    return {f: getattr(asset, f) for f in (*ASSET_FIELDS, "catalog")}
