"""A corrected serial number of a piece of equipment (an RT asset).

Setting a value is idempotent: sending it twice after a lost reply is harmless.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sync.changes.asset_refs import asset_label
from sync.changes.kind import NotEditable, PushContext
from sync.store.database import transaction
from sync.store.outbox import InvalidChange, OutboxRow, enqueue, mark_done

if TYPE_CHECKING:
    import sqlite_utils


def set_asset_serial(db: sqlite_utils.Database, asset_id: int, serial: str) -> str:
    serial = serial.strip()
    if not serial:
        raise InvalidChange("the serial number cannot be empty")
    with transaction(db):
        row = db.execute("SELECT serial FROM assets WHERE id = ?", [asset_id]).fetchone()
        if row is None:
            raise InvalidChange(f"there is no asset {asset_id} on this laptop")
        db.execute("UPDATE assets SET serial = ? WHERE id = ?", [serial, asset_id])
        return enqueue(
            db, KIND.name, None, {"asset_id": asset_id, "serial": serial}, {"serial": row[0]}
        )


class AssetSerialKind(NotEditable):
    name = "asset_serial"
    held_in_order = False

    def describe(self, row: OutboxRow) -> str:
        return f"{asset_label(row.payload)}: serial → {row.payload['serial']}"

    def send(self, ctx: PushContext, row: OutboxRow) -> None:
        asset_id, serial = int(row.payload["asset_id"]), str(row.payload["serial"])
        ctx.connector.update_asset_serial(asset_id, serial)
        with transaction(ctx.db):
            ctx.db.execute(
                "UPDATE assets SET base_serial = ?, base = json_set(base, '$.serial', ?)"
                " WHERE id = ?",
                [serial, serial, asset_id],
            )
            mark_done(ctx.db, row.seq)

    def undo(self, db: sqlite_utils.Database, row: OutboxRow) -> None:
        db.execute("UPDATE assets SET serial = base_serial WHERE id = ?", [row.payload["asset_id"]])


KIND = AssetSerialKind()
