"""The equipment at the sites of the technician's visits, kept on the laptop.

Every asset RT lets the user see at the site of an open or upcoming visit
(not only those linked to a ticket), with its history and the tickets of the
last year that refer to it.  A site new to the laptop is fetched at once;
known sites are asked only for what changed since, every ``REFRESH_AFTER_S``,
so an idle sync stays a handful of requests.  Each listing is one collection
request per 100 assets (``fields=``, links included); history is one
transaction search for all changed assets; tickets one search per 60.
Assets that left the followed sites leave the laptop, unless a visit links
them or a change to them waits to be sent.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, TypedDict

from sync.connectors.base import AssetTicket, AssetTransaction, Connector, RemoteAsset
from sync.errors import SyncError
from sync.related import context_failure, followed, is_due, iso
from sync.store import assets as store
from sync.store import transaction
from sync.store.related import site_key
from sync.store.settings import get_setting, set_setting

if TYPE_CHECKING:
    import sqlite_utils

log = logging.getLogger(__name__)

REFRESH_AFTER_S = 3600
TICKETS_WINDOW_DAYS = 365
WATCH_SETTING = "site_assets.watch"  # {site_key: {"checked_at": laptop time, "watermark": ...}}


@dataclass
class InventoryResult:
    assets: int = 0  # assets that came down (new or changed)
    removed: int = 0


def refresh(
    db: sqlite_utils.Database,
    connector: Connector,
    *,
    now: float | None = None,
    refresh_after: float = REFRESH_AFTER_S,
) -> InventoryResult:
    """Ask for what is new or due; returns how many assets came down and left."""
    now = time.time() if now is None else now
    sites, _ = followed(db, now)
    watch: dict[str, Watch] = json.loads(get_setting(db, WATCH_SETTING) or "{}")
    new = sorted(k for k in sites if k not in watch)
    due = sorted(
        k for k in sites if k in watch and is_due(watch[k]["checked_at"], now, refresh_after)
    )
    result = InventoryResult()
    try:
        if new:
            result.assets += _fetch(
                db, connector, watch, [sites[k] for k in new], since=None, now=now
            )
        if due:
            marks = [watch[k]["watermark"] for k in due]
            since = None if None in marks else min(m for m in marks if m is not None)
            names = [sites[k] for k in due]
            removed, unseen = _roll_call(db, connector, names)
            result.removed += removed
            result.assets += _fetch(db, connector, watch, names, since=since, now=now)
            if unseen := unseen - _held(db, unseen):
                # At the site but never changed since: a right granted, a move back.
                found = connector.assets_by_id(sorted(unseen))
                result.assets += _apply(db, connector, watch, [], found, server_time=None, now=now)
    except SyncError as error:
        if not context_failure(error):
            raise
        # Context only: a listing that fails costs the visit, the KB and the files nothing.
        log.warning("site inventory unavailable: %s", error)
        return result
    gone = set(watch) - set(sites)
    if gone:
        with transaction(db):
            result.removed += store.drop_from_inventory(db, store.inventory_ids(db, gone))
            for key in gone:
                watch.pop(key, None)
            set_setting(db, WATCH_SETTING, json.dumps(watch))
    return result


class Watch(TypedDict):
    checked_at: float  # laptop clock: only decides when to ask again
    watermark: str | None  # server clock of the last answer: next ask is changes since


def _fetch(
    db: sqlite_utils.Database,
    connector: Connector,
    watch: dict[str, Watch],
    names: list[str],
    *,
    since: str | None,
    now: float,
) -> int:
    """Changed assets at these sites, their new history and their tickets; committed
    together with the sites' watermark, so a cancelled run leaves nothing half-done."""
    answer = connector.site_assets(names, since)
    return _apply(
        db, connector, watch, names, answer.assets, server_time=answer.server_time, now=now
    )


def _apply(
    db: sqlite_utils.Database,
    connector: Connector,
    watch: dict[str, Watch],
    names: list[str],
    assets: list[RemoteAsset],
    *,
    server_time: str | None,
    now: float,
) -> int:
    history: list[AssetTransaction] = []
    tickets: dict[int, AssetTicket] = {}
    if assets:
        ids = [a.id for a in assets]
        marks = ", ".join("?" for _ in ids)
        known = dict(db.execute(f"SELECT id, last_txn FROM assets WHERE id IN ({marks})", ids))
        history = connector.asset_history(ids, min(int(known.get(i, 0)) for i in ids))
        ticket_ids = sorted({t for a in assets for t in a.ticket_ids})
        if ticket_ids:
            window = iso(datetime.fromtimestamp(now, UTC) - timedelta(days=TICKETS_WINDOW_DAYS))
            tickets = {t.id: t for t in connector.tickets_by_id(ticket_ids, window)}
    for name in names:
        key = site_key(name)
        if key is not None:
            watch[key] = {"checked_at": now, "watermark": server_time}
    with transaction(db):
        for asset in assets:
            store.upsert_remote_asset(db, asset, in_inventory=True)
            store.apply_asset_tickets(db, asset, tickets)
        store.apply_history(db, history)
        set_setting(db, WATCH_SETTING, json.dumps(watch))
    return len(assets)


def _roll_call(
    db: sqlite_utils.Database, connector: Connector, names: list[str]
) -> tuple[int, set[int]]:
    """Assets that moved away (or out of sight) since: not in RT's list any more;
    and the ids RT lists there now."""
    here = connector.site_asset_ids(names)
    keys = {k for k in (site_key(n) for n in names) if k is not None}
    with transaction(db):
        return store.drop_from_inventory(db, store.inventory_ids(db, keys) - here), here


def _held(db: sqlite_utils.Database, ids: set[int]) -> set[int]:
    marks = ", ".join("?" for _ in ids)
    query = f"SELECT id FROM assets WHERE in_inventory = 1 AND id IN ({marks})"
    return {row[0] for row in db.execute(query, sorted(ids))} if ids else set()
