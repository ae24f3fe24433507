"""Asset records on site: the one API the window and the command line use.

Reading (no network, answers from the replica):
    find_assets(db, text)         -> list[FoundAsset]   serial/name/model/site, fragments too
    get_asset(db, asset_id)       -> AssetDetail | None  fields, warranty, history, tickets
    assets_of(db, ticket_id)      -> list[Asset]         a visit's equipment
    assets_at_site(db, site)      -> list[Asset]         a site's inventory
    touches_of(db, ticket_id)     -> list[Touch]         what the visit did (service report)
    normalise_serial(typed)       -> str                 what a USB scanner or a person typed
    open_asset_conflicts(db)      -> list[AssetConflict]; resolve_asset_conflict(db, id, choice)
Changing (each durable when it returns, one outbox change, sent exactly once):
    add_asset(db, fields, ticket_id=)                  -> temporary (negative) id
    edit_asset(db, asset_id, changes, ticket_id=)      -> outbox uuid
    link_asset(db, ticket_id, asset_id)                -> outbox uuid
    replace_asset(db, ticket_id, old_id, note=, new_fields= | new_id=, old_status=) -> new id
    retire_asset(db, asset_id, reason, ticket_id=)     -> outbox uuid
Bad input raises ``InvalidChange`` with a one-line message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from sync.asset_conflicts import (
    AssetConflict,
    open_asset_conflicts,
    resolve_asset_conflict,
)
from sync.asset_warranty import Warranty, warranty_state
from sync.changes.asset_add import add_asset
from sync.changes.asset_edit import ASSET_STATUSES, edit_asset
from sync.changes.asset_link import link_asset
from sync.changes.asset_replace import replace_asset
from sync.changes.asset_retire import retire_asset
from sync.link_targets import LINK_TYPES, link_target
from sync.local_days import local_days
from sync.serials import normalise_serial
from sync.store.asset_find import asset_ids_of_visits, find_asset_ids
from sync.store.assets import (
    Asset,
    Touch,
    assets_at_site,
    assets_of,
    get_asset_row,
    touches_of,
)
from sync.store.outbox import InvalidChange
from sync.store.users import shown_name_sql

if TYPE_CHECKING:
    import sqlite_utils


@dataclass(frozen=True)
class AssetTicketRow:
    ticket_id: int
    subject: str
    status: str
    owner: str | None
    created: str


@dataclass(frozen=True)
class AssetEvent:
    """One line of an asset's history, in words."""

    created: str
    creator: str | None
    text: str


@dataclass(frozen=True)
class FoundAsset:
    asset: Asset
    warranty: Warranty
    tickets: list[AssetTicketRow]  # of the last year, newest first


@dataclass(frozen=True)
class AssetDetail:
    asset: Asset
    warranty: Warranty
    history: list[AssetEvent]  # oldest first
    tickets: list[AssetTicketRow]  # of the last year, newest first
    visits: list[int]  # the technician's visits it is linked to
    conflicts: list[AssetConflict]
    unsent: int  # changes to it not yet on the helpdesk


def find_assets(
    db: sqlite_utils.Database, text: str, *, limit: int = 50, today: date | None = None
) -> list[FoundAsset]:
    return _found(db, find_asset_ids(db, text, limit), today)


def equipment_of_the_day(
    db: sqlite_utils.Database,
    *,
    first_visit: int | None = None,
    limit: int = 50,
    now: datetime | None = None,
) -> list[FoundAsset]:
    """The equipment of today's visits (the laptop's day), in the visits' order, that of
    ``first_visit`` (the one selected) first: what the Equipment screen offers before
    anything is typed."""
    now = now or datetime.now(UTC)
    start, end = local_days(now)
    today = now.astimezone().date()
    return _found(db, asset_ids_of_visits(db, start, end, limit, first=first_visit), today)


def _found(db: sqlite_utils.Database, ids: list[int], today: date | None) -> list[FoundAsset]:
    tickets = _tickets(db, ids)
    found = []
    for asset_id in ids:
        asset = get_asset_row(db, asset_id)
        if asset is not None:
            found.append(
                FoundAsset(asset, warranty_state(asset.warranty, today), tickets.get(asset_id, []))
            )
    return found


def get_asset(
    db: sqlite_utils.Database, asset_id: int, *, today: date | None = None
) -> AssetDetail | None:
    asset = get_asset_row(db, asset_id)
    if asset is None:
        return None
    history = [
        AssetEvent(row[0], row[1], _event_text(row[2], row[3], row[4], row[5]))
        for row in db.execute(
            f"SELECT created, {shown_name_sql('creator')}, type, field, old_value, new_value"
            " FROM asset_history WHERE asset_id = ? ORDER BY created, id",
            [asset_id],
        )
    ]
    visits = [
        row[0]
        for row in db.execute(
            "SELECT ticket_id FROM ticket_assets WHERE asset_id = ? ORDER BY ticket_id", [asset_id]
        )
    ]
    unsent = db.execute(
        "SELECT COUNT(*) FROM outbox WHERE state != 'done' AND kind LIKE 'asset%'"
        " AND ? IN (json_extract(payload, '$.asset_id'), json_extract(payload, '$.new_asset_id'))",
        [asset_id],
    ).fetchone()[0]
    return AssetDetail(
        asset=asset,
        warranty=warranty_state(asset.warranty, today),
        history=history,
        tickets=_tickets(db, [asset_id]).get(asset_id, []),
        visits=visits,
        conflicts=open_asset_conflicts(db, asset_id),
        unsent=int(unsent),
    )


def _tickets(db: sqlite_utils.Database, ids: list[int]) -> dict[int, list[AssetTicketRow]]:
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    found: dict[int, list[AssetTicketRow]] = {}
    for row in db.execute(
        f"SELECT asset_id, ticket_id, subject, status, {shown_name_sql('owner')}, created"
        f" FROM asset_tickets WHERE asset_id IN ({marks}) ORDER BY created DESC",
        ids,
    ):
        found.setdefault(row[0], []).append(AssetTicketRow(*row[1:]))
    return found


# RT's custom field names in history lines, as FieldDesk labels them.
_CF_LABELS = {"Warranty Expires": "warranty end", "Serial Number": "serial"}


def _event_text(kind: str, field: str | None, old: str | None, new: str | None) -> str:
    if kind == "Create":
        return "created"
    if kind in LINK_TYPES:
        uri = new or old
        target = link_target(uri)
        said = target.label if target else (uri or "?")
        return f"{'linked to' if kind == 'AddLink' else 'unlinked from'} {said}"
    if kind == "CustomField" and (not field or field.isdigit()):
        # Fetched before the connector named custom fields: RT's id of the field only.
        label = "a field"
    else:
        label = _CF_LABELS.get(field or "", (field or kind).lower())
    if old or new:
        return f"{label}: {old or '—'} → {new or '—'}"
    return label


__all__ = [
    "ASSET_STATUSES",
    "Asset",
    "AssetConflict",
    "AssetDetail",
    "AssetEvent",
    "AssetTicketRow",
    "FoundAsset",
    "InvalidChange",
    "Touch",
    "Warranty",
    "add_asset",
    "assets_at_site",
    "assets_of",
    "edit_asset",
    "equipment_of_the_day",
    "find_assets",
    "get_asset",
    "link_asset",
    "normalise_serial",
    "open_asset_conflicts",
    "replace_asset",
    "resolve_asset_conflict",
    "retire_asset",
    "touches_of",
]
