"""Equipment linked to the technician's tickets."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from sync.connectors.base import RemoteAsset


@dataclass(frozen=True)
class Asset:
    id: int
    name: str
    model: str | None
    serial: str | None
    warranty: str | None
    status: str | None
    serial_unsent: bool = False  # corrected here, not yet on the helpdesk


def apply_remote_assets(
    db: sqlite_utils.Database, ticket_id: int, assets: list[RemoteAsset]
) -> None:
    """Replace a ticket's asset links; keep a serial edited here until it is sent."""
    db.execute("DELETE FROM ticket_assets WHERE ticket_id = ?", [ticket_id])
    for asset in assets:
        db.execute(
            "INSERT INTO assets (id, name, catalog, status, model, serial, warranty, last_updated,"
            " base_serial) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET"
            " name = excluded.name, catalog = excluded.catalog, status = excluded.status,"
            " model = excluded.model, warranty = excluded.warranty,"
            " last_updated = excluded.last_updated,"
            " serial = CASE WHEN assets.serial IS NOT assets.base_serial THEN assets.serial"
            "               ELSE excluded.serial END,"
            " base_serial = excluded.base_serial",
            [
                asset.id,
                asset.name,
                asset.catalog,
                asset.status,
                asset.model,
                asset.serial,
                asset.warranty,
                asset.last_updated,
                asset.serial,
            ],
        )
        db.execute(
            "INSERT OR IGNORE INTO ticket_assets (ticket_id, asset_id) VALUES (?, ?)",
            [ticket_id, asset.id],
        )


def assets_of(db: sqlite_utils.Database, ticket_id: int) -> list[Asset]:
    rows = db.execute(
        "SELECT a.id, a.name, a.model, a.serial, a.warranty, a.status,"
        " a.serial IS NOT a.base_serial FROM assets a"
        " JOIN ticket_assets l ON l.asset_id = a.id WHERE l.ticket_id = ? ORDER BY a.name",
        [ticket_id],
    ).fetchall()
    return [
        Asset(row[0], row[1], row[2], row[3], row[4], row[5], serial_unsent=bool(row[6]))
        for row in rows
    ]
