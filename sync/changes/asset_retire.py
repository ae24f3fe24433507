"""An asset taken out of service (scrapped, handed back): status "retired" and a
dated note in its description, merged like any other asset edit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sync.changes.asset_edit import AssetEditKind, queue_asset_fields
from sync.changes.asset_refs import asset_label
from sync.fields import ASSET_TEXT_MAX
from sync.store import assets as store
from sync.store.outbox import InvalidChange, OutboxRow, now_iso

if TYPE_CHECKING:
    import sqlite_utils

RETIRED = "retired"


def dated_note(description: str | None, note: str, ticket_id: int | None) -> str:
    """The description with a dated line appended (RT keeps it in the asset's history).
    InvalidChange if the record could not keep it whole."""
    visit = f", visit #{ticket_id}" if ticket_id is not None else ""
    line = f"{now_iso()[:10]}{visit}: {note.strip()}"
    noted = f"{description.rstrip()}\n{line}" if description and description.strip() else line
    if len(noted) > ASSET_TEXT_MAX:
        raise InvalidChange(
            f"the equipment record's description keeps {ASSET_TEXT_MAX} characters and is "
            f"{len(description or '')} already: with this note it would be {len(noted)}; "
            f"shorten the note by {len(noted) - ASSET_TEXT_MAX} characters"
        )
    return noted


def retire_asset(
    db: sqlite_utils.Database, asset_id: int, reason: str, *, ticket_id: int | None = None
) -> str:
    if not reason.strip():
        raise InvalidChange("say why the asset is retired (it goes in its record)")
    asset = store.get_asset_row(db, asset_id)
    if asset is None:
        raise InvalidChange(f"there is no asset {asset_id} on this laptop")
    if asset.status == RETIRED:
        raise InvalidChange(f"asset {asset.name} is already retired")
    description = dated_note(asset.description, f"retired: {reason}", ticket_id)
    return queue_asset_fields(
        db,
        KIND.name,
        asset_id,
        {"status": RETIRED, "description": description},
        ticket_id=ticket_id,
        touch="retired",
        appends_note=True,
        detail=f"serial {asset.serial or '—'}: {reason.strip()}",
    )


class AssetRetireKind(AssetEditKind):
    name = "asset_retire"
    appends_to_description = True  # the dated note goes on RT's description as it is

    def describe(self, row: OutboxRow) -> str:
        return f"{asset_label(row.payload)}: retire"


KIND = AssetRetireKind()
