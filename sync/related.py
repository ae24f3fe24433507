"""Keeping the related tickets of the technician's visits up to date, cheaply.

For each site and asset of an open or upcoming visit we ask the helpdesk,
once, for the field-queue tickets of the last 90 days there; afterwards
only for what changed since, and at most every ``REFRESH_AFTER_S`` (they
are context, not work: an idle sync must stay a handful of requests).
A site or asset no visit needs any more is forgotten.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlite_utils

from sync.connectors.base import Connector, RelatedTicket
from sync.errors import NotFoundError, RejectedError
from sync.store import related as store
from sync.store import transaction

log = logging.getLogger(__name__)

WINDOW_DAYS = 90
REFRESH_AFTER_S = 4 * 3600


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def window_start(now: float | None = None) -> str:
    """The oldest creation time a related ticket may have (90 days ago)."""
    moment = datetime.fromtimestamp(now if now is not None else time.time(), UTC)
    return iso(moment - timedelta(days=WINDOW_DAYS))


def refresh(
    db: sqlite_utils.Database,
    connector: Connector,
    *,
    now: float | None = None,
    refresh_after: float = REFRESH_AFTER_S,
) -> int:
    """Ask for what is new or due; returns how many related tickets came down."""
    now = time.time() if now is None else now
    today = datetime.fromtimestamp(now, UTC).strftime("%Y-%m-%dT00:00:00Z")
    sites, assets = store.followed_sites_and_assets(db, today)
    keys = {store.watch_key("site", k) for k in sites} | {
        store.watch_key("asset", a) for a in assets
    }
    known = store.watches(db)
    new = keys - known.keys()
    due = {k for k in keys & known.keys() if now - known[k].checked_at >= refresh_after}
    since = window_start(now)
    fetched = 0
    scope = _Scope(sites, assets, since, now)
    try:
        if new:
            fetched += _ask(db, connector, new, scope, watermark=None)
        if due:
            marks = [known[k].watermark for k in due]
            # One watermark for the lot: the oldest (an unknown one means ask for all).
            watermark = None if None in marks else min(m for m in marks if m is not None)
            fetched += _ask(db, connector, due, scope, watermark=watermark)
    except (RejectedError, NotFoundError) as error:
        # Context only: a helpdesk that refuses the listing costs the visit nothing else.
        log.warning("related tickets unavailable: %s", error)
    with transaction(db):
        store.forget(db, keys, since)
    return fetched


@dataclass(frozen=True)
class _Scope:
    sites: dict[str, str]  # followed sites: {key: name as written}
    assets: set[int]
    since: str  # start of the 90-day window
    now: float


def _ask(
    db: sqlite_utils.Database,
    connector: Connector,
    keys: set[str],
    scope: _Scope,
    *,
    watermark: str | None,
) -> int:
    site_names = sorted(scope.sites[k.removeprefix("site:")] for k in keys if k.startswith("site:"))
    asset_ids = sorted(int(k.removeprefix("asset:")) for k in keys if k.startswith("asset:"))
    answer = connector.related_tickets(site_names, asset_ids, scope.since, watermark)
    links = _asset_links(connector, answer.tickets, scope.sites, set(asset_ids))
    with transaction(db):
        store.apply_related(db, answer.tickets)
        for ticket_id, linked in links.items():
            store.link_assets(db, ticket_id, linked)
        for key in keys:
            store.set_watch(db, key, scope.now, answer.server_time)
    return len(answer.tickets)


def _asset_links(
    connector: Connector, tickets: list[RelatedTicket], sites: dict[str, str], asked: set[int]
) -> dict[int, set[int]]:
    """Which asked-for assets a ticket found elsewhere than our sites refers to.

    A listing cannot say which clause matched; a ticket at another site can
    only have matched through equipment (it moved, or the site is spelled
    differently), so only those few are asked about their assets.
    """
    if not asked:
        return {}
    links: dict[int, set[int]] = {}
    for ticket in tickets:
        if store.site_key(ticket.site) in sites:
            continue
        linked = {a.id for a in connector.fetch_assets(ticket.id)} & asked
        if linked:
            links[ticket.id] = linked
    return links
