"""A piece of equipment found on site that the records lack, added offline.

Exactly once, as offline tickets are: the asset carries the row's uuid in RT's
"Client Asset Id" field; a row found ``in_flight`` (lost reply, crash between
RT's 2xx and our commit) looks that uuid up before creating anything.  Until
then the asset has a negative id here; ``renumber_asset`` gives it RT's.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from sync.changes.asset_edit import validate_asset_field
from sync.changes.asset_refs import asset_label, asset_ref, rt_ticket_id, sent_copy
from sync.changes.kind import NotEditable, PushContext
from sync.connectors.base import ASSET_FIELDS, NewAssetRequest
from sync.store import assets as store
from sync.store.database import transaction
from sync.store.outbox import InvalidChange, OutboxRow, enqueue, mark_done, mark_in_flight
from sync.store.related import site_key

if TYPE_CHECKING:
    import sqlite_utils


def insert_local_asset(db: sqlite_utils.Database, uuid: str, fields: dict[str, str | None]) -> int:
    """A new asset on the laptop under a temporary (negative) id; the caller queues it."""
    clean = {k: validate_asset_field(k, v) for k, v in fields.items()}
    clean.setdefault("status", "in-use")
    clean["status"] = clean["status"] or "in-use"
    if not clean.get("name"):
        raise InvalidChange("an asset needs a name")
    local_id = store.next_local_id(db)
    # The base is what RT will hold once created: the values sent.
    base = {f: clean.get(f) for f in ASSET_FIELDS}
    columns = ["id", "catalog", "client_uuid", "base", "site_key", *clean]
    values: list[Any] = [
        local_id, "Field Equipment", uuid, json.dumps(base), site_key(clean.get("site")),
        *clean.values(),
    ]  # fmt: skip
    db.execute(
        f"INSERT INTO assets ({', '.join(columns)}) VALUES ({', '.join('?' for _ in values)})",
        values,
    )
    return local_id


def new_asset_fields(db: sqlite_utils.Database, local_id: int) -> dict[str, str | None]:
    asset = store.get_asset_row(db, local_id)
    if asset is None:
        raise InvalidChange(f"there is no asset {local_id} on this laptop")
    return {f: getattr(asset, f) for f in ASSET_FIELDS}


def add_asset(
    db: sqlite_utils.Database,
    fields: dict[str, str | None],
    *,
    ticket_id: int | None = None,
) -> int:
    """Add an asset (``fields``: name, serial, model, site, warranty...); on a visit it is
    linked to it.  Returns its temporary id.  Durable when it returns."""
    with transaction(db):
        if (
            ticket_id is not None
            and not db.execute("SELECT 1 FROM tickets WHERE id = ?", [ticket_id]).fetchone()
        ):
            raise InvalidChange(f"there is no visit #{ticket_id} on this laptop")
        uuid = enqueue(db, KIND.name, ticket_id, {})
        local_id = insert_local_asset(db, uuid, fields)
        db.execute(
            "UPDATE outbox SET payload = ? WHERE uuid = ?",
            [json.dumps(asset_ref(db, local_id)), uuid],
        )
        if ticket_id is not None:
            store.link(db, ticket_id, local_id)
            serial = store.get_asset_row(db, local_id)
            said = f"serial {serial.serial}" if serial and serial.serial else ""
            store.record_touch(db, ticket_id, local_id, "added", detail=said, outbox_uuid=uuid)
    return local_id


def create_once(ctx: PushContext, row: OutboxRow, local_id: int) -> int:
    """RT's id of the asset this row creates: found by the row's uuid after a lost
    reply, else created now (marked in flight first)."""
    found = ctx.connector.find_asset(row.uuid) if row.state == "in_flight" else None
    if found is not None:
        return found
    fields = new_asset_fields(ctx.db, local_id)
    ctx.before_sending_again(row)
    mark_in_flight(ctx.db, row)
    return ctx.connector.create_asset(
        NewAssetRequest(
            client_asset_id=row.uuid,
            name=str(fields.pop("name") or ""),
            fields=fields,
        )
    )


def adopt(ctx: PushContext, local_id: int, new_id: int) -> None:
    """Give the local asset RT's id; its base becomes what was sent."""
    fields = new_asset_fields(ctx.db, local_id)
    store.renumber_asset(ctx.db, local_id, new_id)
    store.upsert_remote_asset(ctx.db, sent_copy(new_id, fields))


class AssetAddKind(NotEditable):
    name = "asset_add"
    held_in_order = False

    def describe(self, row: OutboxRow) -> str:
        where = f"#{row.ticket_ref}: " if row.ticket_ref is not None else ""
        return f"{where}new asset {asset_label(row.payload)}"

    def send(self, ctx: PushContext, row: OutboxRow) -> None:
        ticket_id = rt_ticket_id(row.ticket_ref)
        local_id = store.id_for_client_uuid(ctx.db, row.uuid)
        if local_id is None:
            raise InvalidChange("the asset to add is no longer on this laptop")
        new_id = create_once(ctx, row, local_id) if local_id < 0 else local_id
        if ticket_id is not None:
            ctx.connector.link_asset(ticket_id, new_id)
        with transaction(ctx.db):
            if local_id < 0:
                adopt(ctx, local_id, new_id)
            mark_done(ctx.db, row.seq, str(new_id))

    def undo(self, db: sqlite_utils.Database, row: OutboxRow) -> None:
        local_id = store.id_for_client_uuid(db, row.uuid)
        store.forget_touches(db, row.uuid)
        if local_id is None or local_id > 0:
            return
        # Every change queued for the asset goes with it.
        db.execute(
            "DELETE FROM outbox WHERE state != 'done' AND uuid != ?"
            " AND json_extract(payload, '$.asset_uuid') = ?",
            [row.uuid, row.uuid],
        )
        db.execute("DELETE FROM ticket_assets WHERE asset_id = ?", [local_id])
        db.execute("DELETE FROM asset_touches WHERE asset_id = ?", [local_id])
        store.forget_asset(db, local_id)


KIND = AssetAddKind()
