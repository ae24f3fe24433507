"""A corrected serial number of a piece of equipment (an RT asset).

Setting a value is idempotent: sending it twice after a lost reply is harmless.
Merged against RT's serial when sent (``sync.changes.asset_write``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sync.changes.asset_refs import asset_label, asset_ref, rt_asset_id
from sync.changes.asset_write import send_asset_fields
from sync.changes.kind import NotEditable, PushContext
from sync.store.database import transaction
from sync.store.outbox import InvalidChange, OutboxRow, enqueue

if TYPE_CHECKING:
    import sqlite_utils


def set_asset_serial(db: sqlite_utils.Database, asset_id: int, serial: str) -> str | None:
    """Queue the corrected serial; None if it is the serial the laptop has already.

    Nothing is queued then: a change that sets RT's own value again would become a
    conflict once a colleague corrected the serial in RT, and "keep mine" would undo
    their correction."""
    serial = serial.strip()
    if not serial:
        raise InvalidChange("the serial number cannot be empty")
    with transaction(db):
        row = db.execute("SELECT serial FROM assets WHERE id = ?", [asset_id]).fetchone()
        if row is None:
            raise InvalidChange(f"there is no asset {asset_id} on this laptop")
        if row[0] == serial:
            return None
        db.execute("UPDATE assets SET serial = ? WHERE id = ?", [serial, asset_id])
        payload = {**asset_ref(db, asset_id), "serial": serial}
        return enqueue(db, KIND.name, None, payload, {"serial": row[0]})


class AssetSerialKind(NotEditable):
    name = "asset_serial"
    held_in_order = False

    def describe(self, row: OutboxRow) -> str:
        return f"{asset_label(row.payload)}: serial → {row.payload['serial']}"

    def send(self, ctx: PushContext, row: OutboxRow) -> None:
        # Merged like any asset edit: a serial corrected in RT meanwhile is a conflict.
        serial = str(row.payload["serial"])
        send_asset_fields(ctx, row, rt_asset_id(ctx.db, row.payload), {"serial": serial})

    def undo(self, db: sqlite_utils.Database, row: OutboxRow) -> None:
        db.execute("UPDATE assets SET serial = base_serial WHERE id = ?", [row.payload["asset_id"]])


KIND = AssetSerialKind()
