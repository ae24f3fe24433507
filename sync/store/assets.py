"""Equipment on the laptop: assets linked to the technician's tickets and the
inventory of their visits' sites, with history, tickets and local edits.

Each asset row holds what the laptop shows (local edits included) and, in
``base``, what RT held when last pulled; a field whose shown value differs from
its base was edited here and is not overwritten by a pull until it is sent.
Assets added here have negative ids and their outbox uuid in ``client_uuid``
until RT numbers them (``renumber_asset``).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, NamedTuple

from sync.fields import ASSET_FIELDS
from sync.store.related import site_key
from sync.store.users import remember_users

if TYPE_CHECKING:
    from collections.abc import Iterable

    import sqlite_utils

    from sync.connectors.base import AssetTicket, AssetTransaction, RemoteAsset

# Columns of the assets table a user sees, in RemoteAsset's names.
_SHOWN = (*ASSET_FIELDS, "catalog", "owner", "held_by", "last_updated")


class Asset(NamedTuple):
    id: int
    name: str
    model: str | None
    serial: str | None
    warranty: str | None
    status: str | None
    serial_unsent: bool = False  # corrected here, not yet on the helpdesk
    catalog: str | None = None
    site: str | None = None
    purchase_date: str | None = None
    owner: str | None = None
    held_by: str | None = None
    description: str | None = None
    local: bool = False  # added here, not yet in RT
    unsent: frozenset[str] = frozenset()  # fields edited here, not yet sent
    licence_key: str | None = None  # confidential (licences): see __repr__

    def __repr__(self) -> str:
        """Without the licence key, so that it never reaches a log line."""
        shown = zip(self._fields, self, strict=True)
        return f"Asset({', '.join(f'{n}={v!r}' for n, v in shown if n != 'licence_key')})"


_COLUMNS = (
    "id, name, model, serial, warranty, status, catalog, site, purchase_date, owner, held_by,"
    " description, licence_key, base"
)


def _asset(row: tuple[Any, ...]) -> Asset:
    (aid, name, model, serial, warranty, status, catalog, site, purchase, owner, held, desc,
     key, base_json) = row  # fmt: skip
    values = {
        "name": name, "model": model, "serial": serial, "warranty": warranty, "status": status,
        "site": site, "purchase_date": purchase, "description": desc,
    }  # fmt: skip
    base = json.loads(base_json or "{}")
    local = aid < 0
    unsent = frozenset(
        f for f in ASSET_FIELDS if not local and f in base and values[f] != base.get(f)
    )
    return Asset(
        aid, name, model, serial, warranty, status,
        serial_unsent="serial" in unsent, catalog=catalog, site=site, purchase_date=purchase,
        owner=owner, held_by=held, description=desc, local=local, unsent=unsent, licence_key=key,
    )  # fmt: skip


def get_asset_row(db: sqlite_utils.Database, asset_id: int) -> Asset | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM assets WHERE id = ?", [asset_id]).fetchone()
    return _asset(row) if row else None


def base_values(db: sqlite_utils.Database, asset_id: int) -> dict[str, str | None]:
    row = db.execute("SELECT base FROM assets WHERE id = ?", [asset_id]).fetchone()
    return dict(json.loads(row[0] or "{}")) if row else {}


def upsert_remote_asset(
    db: sqlite_utils.Database, asset: RemoteAsset, *, in_inventory: bool = False
) -> None:
    """RT's version of an asset; fields edited here and not yet sent stay as edited."""
    remote: dict[str, Any] = {f: getattr(asset, f) for f in _SHOWN}
    base_new = {f: getattr(asset, f) for f in ASSET_FIELDS}
    row = db.execute(f"SELECT {_COLUMNS} FROM assets WHERE id = ?", [asset.id]).fetchone()
    if row is not None:
        current = _asset(row)
        for name in current.unsent:
            remote[name] = getattr(current, name)
    values = {
        **remote,
        "site_key": site_key(remote["site"]),
        "licence_key": asset.licence_key,
        "base": json.dumps(base_new),
        "base_serial": asset.serial,
    }
    columns = ["id", *values]
    updates = ", ".join(f"{c} = excluded.{c}" for c in values)
    inventory = " , in_inventory = 1" if in_inventory else ""
    db.execute(
        f"INSERT INTO assets ({', '.join(columns)}, in_inventory)"
        f" VALUES ({', '.join('?' for _ in columns)}, ?)"
        f" ON CONFLICT(id) DO UPDATE SET {updates}{inventory}",
        [asset.id, *values.values(), int(in_inventory)],
    )


def apply_remote_assets(
    db: sqlite_utils.Database, ticket_id: int, assets: list[RemoteAsset]
) -> None:
    """Replace a ticket's asset links; keep fields edited here until they are sent.

    Links made here and not yet sent stay (their outbox row is still open).
    """
    db.execute(
        "DELETE FROM ticket_assets WHERE ticket_id = ? AND asset_id NOT IN ("
        " SELECT t.asset_id FROM asset_touches t JOIN outbox o ON o.uuid = t.outbox_uuid"
        " WHERE t.ticket_id = ? AND o.state != 'done')",
        [ticket_id, ticket_id],
    )
    for asset in assets:
        upsert_remote_asset(db, asset)
        link(db, ticket_id, asset.id)


def link(db: sqlite_utils.Database, ticket_id: int, asset_id: int) -> None:
    db.execute(
        "INSERT OR IGNORE INTO ticket_assets (ticket_id, asset_id) VALUES (?, ?)",
        [ticket_id, asset_id],
    )


def assets_of(db: sqlite_utils.Database, ticket_id: int) -> list[Asset]:
    """The equipment of a visit, by name."""
    rows = db.execute(
        f"SELECT {', '.join('a.' + c.strip() for c in _COLUMNS.split(','))} FROM assets a"
        " JOIN ticket_assets l ON l.asset_id = a.id WHERE l.ticket_id = ? ORDER BY a.name",
        [ticket_id],
    ).fetchall()
    return [_asset(row) for row in rows]


def names_of(db: sqlite_utils.Database, asset_ids: Iterable[int]) -> dict[int, str]:
    """The names of those of ``asset_ids`` on the laptop, by id."""
    wanted = sorted(set(asset_ids))
    if not wanted:
        return {}
    marks = ", ".join("?" for _ in wanted)
    return dict(db.execute(f"SELECT id, name FROM assets WHERE id IN ({marks})", wanted))


def assets_at_site(db: sqlite_utils.Database, site: str) -> list[Asset]:
    """A site's inventory on the laptop, by name (any spelling of the site)."""
    rows = db.execute(
        f"SELECT {_COLUMNS} FROM assets WHERE site_key = ? ORDER BY name", [site_key(site)]
    ).fetchall()
    return [_asset(row) for row in rows]


def apply_history(db: sqlite_utils.Database, txns: list[AssetTransaction]) -> None:
    remember_users(db, (txn.creator for txn in txns))  # named by the people puller
    for txn in txns:
        db.execute(
            "INSERT INTO asset_history (id, asset_id, type, created, creator, field, old_value,"
            " new_value) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING",
            [txn.id, txn.asset_id, txn.type, txn.created, txn.creator, txn.field,
             txn.old_value, txn.new_value],
        )  # fmt: skip
        db.execute(
            "UPDATE assets SET last_txn = MAX(last_txn, ?) WHERE id = ?", [txn.id, txn.asset_id]
        )


def apply_asset_tickets(
    db: sqlite_utils.Database, asset: RemoteAsset, tickets: dict[int, AssetTicket]
) -> None:
    """The tickets (of the last year) that refer to an asset, as RT lists them now."""
    db.execute("DELETE FROM asset_tickets WHERE asset_id = ?", [asset.id])
    remember_users(db, (t.owner for t in tickets.values() if t.id in asset.ticket_ids))
    for ticket_id in asset.ticket_ids:
        ticket = tickets.get(ticket_id)
        if ticket is None:
            continue
        db.execute(
            "INSERT INTO asset_tickets (asset_id, ticket_id, subject, status, owner, created)"
            " VALUES (?,?,?,?,?,?)",
            [asset.id, ticket.id, ticket.subject, ticket.status, ticket.owner, ticket.created],
        )


def last_history_txn(db: sqlite_utils.Database) -> int:
    return int(db.execute("SELECT COALESCE(MAX(id), 0) FROM asset_history").fetchone()[0])


def inventory_ids(db: sqlite_utils.Database, site_keys: set[str]) -> set[int]:
    if not site_keys:
        return set()
    marks = ", ".join("?" for _ in site_keys)
    rows = db.execute(
        f"SELECT id FROM assets WHERE id > 0 AND in_inventory = 1 AND site_key IN ({marks})",
        sorted(site_keys),
    ).fetchall()
    return {row[0] for row in rows}


def drop_from_inventory(db: sqlite_utils.Database, asset_ids: set[int]) -> int:
    """Assets that left the followed sites (moved, rights taken away): gone from the
    laptop unless a visit links them or a change to them waits to be sent."""
    dropped = 0
    for asset_id in asset_ids:
        if db.execute(
            "SELECT 1 FROM ticket_assets WHERE asset_id = ? UNION ALL"
            " SELECT 1 FROM asset_touches WHERE asset_id = ? UNION ALL"
            " SELECT 1 FROM outbox WHERE state != 'done' AND kind LIKE 'asset%'"
            " AND json_extract(payload, '$.asset_id') = ?",
            [asset_id, asset_id, asset_id],
        ).fetchone():
            db.execute("UPDATE assets SET in_inventory = 0 WHERE id = ?", [asset_id])
            continue
        forget_asset(db, asset_id)
        dropped += 1
    return dropped


def forget_asset(db: sqlite_utils.Database, asset_id: int) -> None:
    for table in ("asset_history", "asset_tickets"):
        db.execute(f"DELETE FROM {table} WHERE asset_id = ?", [asset_id])
    db.execute("DELETE FROM assets WHERE id = ?", [asset_id])


def renumber_asset(db: sqlite_utils.Database, local_id: int, new_id: int) -> None:
    """An asset added here got its RT id: everything that names it follows."""
    if db.execute("SELECT 1 FROM assets WHERE id = ?", [new_id]).fetchone():
        # A pull brought RT's copy first: the local row gives way (its uuid stays
        # findable for the changes queued after it).
        row = db.execute("SELECT client_uuid FROM assets WHERE id = ?", [local_id]).fetchone()
        db.execute("DELETE FROM assets WHERE id = ?", [local_id])
        if row is not None:
            db.execute("UPDATE assets SET client_uuid = ? WHERE id = ?", [row[0], new_id])
    else:
        db.execute("UPDATE assets SET id = ? WHERE id = ?", [new_id, local_id])
    for table, column in (
        ("ticket_assets", "asset_id"),
        ("asset_touches", "asset_id"),
        ("asset_conflicts", "asset_id"),
    ):
        db.execute(
            f"UPDATE OR IGNORE {table} SET {column} = ? WHERE {column} = ?", [new_id, local_id]
        )
        db.execute(f"DELETE FROM {table} WHERE {column} = ?", [local_id])


def next_local_id(db: sqlite_utils.Database) -> int:
    return int(min(0, db.execute("SELECT MIN(id) FROM assets").fetchone()[0] or 0)) - 1


def id_for_client_uuid(db: sqlite_utils.Database, client_uuid: str) -> int | None:
    row = db.execute("SELECT id FROM assets WHERE client_uuid = ?", [client_uuid]).fetchone()
    return int(row[0]) if row else None


def record_touch(
    db: sqlite_utils.Database,
    ticket_id: int,
    asset_id: int,
    action: str,
    *,
    detail: str,
    outbox_uuid: str,
) -> None:
    """What a visit did to a piece of equipment (for the service report)."""
    db.execute(
        "INSERT INTO asset_touches (ticket_id, asset_id, action, detail, outbox_uuid, created)"
        " VALUES (?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
        [ticket_id, asset_id, action, detail, outbox_uuid],
    )


def forget_touches(db: sqlite_utils.Database, outbox_uuid: str) -> None:
    db.execute("DELETE FROM asset_touches WHERE outbox_uuid = ?", [outbox_uuid])


def set_site_key(db: sqlite_utils.Database, asset_id: int) -> None:
    row = db.execute("SELECT site FROM assets WHERE id = ?", [asset_id]).fetchone()
    if row is not None:
        db.execute("UPDATE assets SET site_key = ? WHERE id = ?", [site_key(row[0]), asset_id])


class Touch(NamedTuple):
    asset_id: int
    asset_name: str
    action: str
    detail: str
    created: str


def touches_of(db: sqlite_utils.Database, ticket_id: int) -> list[Touch]:
    rows = db.execute(
        "SELECT t.asset_id, COALESCE(a.name, '#' || t.asset_id), t.action, t.detail, t.created"
        " FROM asset_touches t LEFT JOIN assets a ON a.id = t.asset_id"
        " WHERE t.ticket_id = ? ORDER BY t.id",
        [ticket_id],
    ).fetchall()
    return [Touch(*row) for row in rows]
