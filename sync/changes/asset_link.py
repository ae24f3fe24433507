"""An asset already in the records, linked to the visit ("this is the PC on the ticket").

RT keeps one link however often it is sent: a resend after a lost reply is harmless.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sync.changes.asset_refs import asset_label, asset_ref, rt_asset_id, rt_ticket_id
from sync.changes.kind import NotEditable, PushContext
from sync.store import assets as store
from sync.store.database import transaction
from sync.store.outbox import InvalidChange, OutboxRow, enqueue, mark_done, mark_in_flight

if TYPE_CHECKING:
    import sqlite_utils


def link_asset(db: sqlite_utils.Database, ticket_id: int, asset_id: int) -> str:
    with transaction(db):
        if not db.execute("SELECT 1 FROM tickets WHERE id = ?", [ticket_id]).fetchone():
            raise InvalidChange(f"there is no visit #{ticket_id} on this laptop")
        ref = asset_ref(db, asset_id)
        if db.execute(
            "SELECT 1 FROM ticket_assets WHERE ticket_id = ? AND asset_id = ?",
            [ticket_id, asset_id],
        ).fetchone():
            raise InvalidChange(f"asset {asset_id} is already linked to #{ticket_id}")
        store.link(db, ticket_id, asset_id)
        uuid = enqueue(db, KIND.name, ticket_id, ref)
        store.record_touch(db, ticket_id, asset_id, "linked", detail="", outbox_uuid=uuid)
        return uuid


class AssetLinkKind(NotEditable):
    name = "asset_link"
    held_in_order = False

    def describe(self, row: OutboxRow) -> str:
        return f"#{row.ticket_ref}: link {asset_label(row.payload)}"

    def send(self, ctx: PushContext, row: OutboxRow) -> None:
        ticket_id = rt_ticket_id(row.ticket_ref)
        asset_id = rt_asset_id(ctx.db, row.payload)
        if ticket_id is None:
            raise InvalidChange("a link needs a visit")
        # Not ``sending``: the link's write is followed by reads that check it, and one of
        # them unreached does not mean the write did not land.
        mark_in_flight(ctx.db, row)
        ctx.connector.link_asset(ticket_id, asset_id)
        with transaction(ctx.db):
            mark_done(ctx.db, row.seq)

    def undo(self, db: sqlite_utils.Database, row: OutboxRow) -> None:
        db.execute(
            "DELETE FROM ticket_assets WHERE ticket_id = ? AND asset_id = ?",
            [row.ticket_ref, row.payload["asset_id"]],
        )
        store.forget_touches(db, row.uuid)


KIND = AssetLinkKind()
