"""Keeping the related tickets of the technician's visits up to date, at a bounded cost.

Related tickets are the field-queue tickets of the last 90 days at the sites and on the
equipment of open or upcoming visits.  What one sync asks RT is bounded whatever the
number of sites (docs/architecture.md, "Related tickets", says how stale it can get):

- a site or asset new to the laptop: its whole window, in listings naming at most
  ``TERMS_PER_LISTING`` of them, at most ``LISTINGS_PER_SYNC`` listings a sync, the
  soonest visits' first; the rest at the next sync;
- known sites: every ``REFRESH_AFTER_S``, the field queue's tickets changed since the
  last time, by a listing that names no site (its cost follows the queue's activity),
  at most ``CHANGE_PAGES_PER_SYNC`` pages; kept when at a followed site or already held;
- known assets (only a query naming them finds what refers to them): what changed since,
  the most overdue first, in what the listing budget leaves.

They are context, not work: an idle sync asks nothing.  A site or asset no visit needs
any more is forgotten.
"""

from __future__ import annotations

import json
import logging
import time
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple, TypedDict

from sync.errors import OfflineError, RejectedError, RetryableError, SyncError
from sync.local_days import local_days
from sync.store import related as store
from sync.store import transaction
from sync.store.settings import get_setting, set_setting

if TYPE_CHECKING:
    import sqlite_utils

    from sync.connectors.base import Connector, RelatedTicket

log = logging.getLogger(__name__)

WINDOW_DAYS = 90
REFRESH_AFTER_S = 4 * 3600
TERMS_PER_LISTING = 25  # sites and assets named in one TicketSQL
LISTINGS_PER_SYNC = 4  # listings that name sites or assets, per sync
CHANGE_PAGES_PER_SYNC = 3  # pages of the field queue's changes, per sync
CHANGES_SETTING = "related.changes"  # {"checked_at": laptop time, "since": UTC, "after_id": id}
# RT keeps a custom field value over 255 bytes (UTF-8: 150 Greek letters are 287 bytes)
# where its searches do not look, and answers a search naming one alone with every
# ticket of the queue: a site name that long (a paste gone wrong, a stranger's mail) is
# never named in a listing.  (RT's ObjectCustomFieldValue and SearchBuilder measure it so.)
SEARCHABLE_SITE_BYTES = 255


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def window_start(now: float | None = None) -> str:
    """The oldest creation time a related ticket may have (90 days ago)."""
    moment = datetime.fromtimestamp(now if now is not None else time.time(), UTC)
    return iso(moment - timedelta(days=WINDOW_DAYS))


def is_due(checked_at: float, now: float, refresh_after: float) -> bool:
    """Whether a check made at ``checked_at`` (laptop clock) is due again at ``now``.

    A check "in the future" means the clock was set back since: due, as the ticket
    roll call counts it, or nothing would be asked again until the clock caught up.
    """
    return not 0 <= now - checked_at < refresh_after


def today_start(now: float) -> str:
    """The start of the laptop's local day holding ``now``, as a UTC stamp."""
    return local_days(datetime.fromtimestamp(now, UTC))[0]


def context_failure(error: SyncError) -> bool:
    """Whether a listing of context may fail so and the sync go on without it: a
    refusal, a reply that cannot be read, RT failing on or cutting off that one query
    (it is asked again at the next sync).  Not offline or sign-in failures: those end
    the run as anywhere else."""
    if isinstance(error, OfflineError):
        return False
    return isinstance(error, RejectedError | RetryableError)


def searchable(site: str) -> bool:
    return len(site.encode("utf-8", "surrogatepass")) <= SEARCHABLE_SITE_BYTES


def followed(db: sqlite_utils.Database, now: float) -> tuple[dict[str, str], list[int]]:
    """The sites ({key: name}) and equipment of open or upcoming visits that a listing
    can name, in the order of their soonest visit."""
    sites, assets = store.followed_sites_and_assets(db, today_start(now))
    return {key: name for key, name in sites.items() if searchable(name)}, assets


def refresh(
    db: sqlite_utils.Database,
    connector: Connector,
    *,
    now: float | None = None,
    refresh_after: float = REFRESH_AFTER_S,
) -> int:
    """Ask for what is new or due, within the budget; returns how many related
    tickets came down (and were kept)."""
    now = time.time() if now is None else now
    sites, assets = followed(db, now)
    keys = _watch_keys(sites, assets)
    known = store.watches(db)
    scope = _Scope(sites, set(keys), window_start(now), now)
    new = [k for k in keys if k not in known]
    due_assets = sorted(
        (k for k in keys if k.startswith("asset:") and k in known),
        key=lambda k: known[k].checked_at,
    )
    due_assets = [k for k in due_assets if is_due(known[k].checked_at, now, refresh_after)]
    changes = _changes_cursor(db, known, scope)  # before the new sites can start one
    fetched = 0
    try:
        listings = _chunks(new, TERMS_PER_LISTING)
        for chunk in listings[:LISTINGS_PER_SYNC]:
            fetched += _ask(db, connector, chunk, scope, watermark=None)
        if changes is not None and is_due(changes["checked_at"], scope.now, refresh_after):
            fetched += _changes_at_known_sites(db, connector, scope, changes)
        left = max(0, LISTINGS_PER_SYNC - len(listings))
        for chunk in _chunks(due_assets, TERMS_PER_LISTING)[:left]:
            # One watermark for the lot: the oldest (an unknown one means ask for all).
            marks = [known[k].watermark for k in chunk]
            watermark = None if None in marks else min(m for m in marks if m is not None)
            fetched += _ask(db, connector, chunk, scope, watermark=watermark)
    except SyncError as error:
        if not context_failure(error):
            raise
        # Context only: a listing that fails costs the visit, the KB and the files nothing.
        log.warning("related tickets unavailable: %s", error)
    with transaction(db):
        store.forget(db, scope.keys, scope.since)
    return fetched


class _Scope(NamedTuple):
    sites: dict[str, str]  # followed sites: {key: name as written}
    keys: set[str]  # watch keys of the followed sites and assets
    since: str  # start of the 90-day window
    now: float


def waiting(db: sqlite_utils.Database, *, now: float | None = None) -> int:
    """How many followed sites and assets have not had their earlier tickets asked for yet
    (a sync asks for at most ``LISTINGS_PER_SYNC`` × ``TERMS_PER_LISTING`` of them)."""
    now = time.time() if now is None else now
    sites, assets = followed(db, now)
    known = store.watches(db)
    return sum(1 for key in _watch_keys(sites, assets) if key not in known)


def _watch_keys(sites: dict[str, str], assets: list[int]) -> list[str]:
    return [store.watch_key("site", k) for k in sites] + [
        store.watch_key("asset", a) for a in assets
    ]


def _chunks(keys: list[str], size: int) -> list[list[str]]:
    return [keys[i : i + size] for i in range(0, len(keys), size)]


def _ask(
    db: sqlite_utils.Database,
    connector: Connector,
    keys: list[str],
    scope: _Scope,
    *,
    watermark: str | None,
) -> int:
    """One listing naming these sites and assets; committed with their watches."""
    site_names = [scope.sites[k.removeprefix("site:")] for k in keys if k.startswith("site:")]
    asset_ids = [int(k.removeprefix("asset:")) for k in keys if k.startswith("asset:")]
    answer = connector.related_tickets(site_names, asset_ids, scope.since, watermark)
    links = _asset_links(connector, answer.tickets, scope.sites, set(asset_ids))
    with transaction(db):
        store.apply_related(db, answer.tickets)
        for ticket_id, linked in links.items():
            store.link_assets(db, ticket_id, linked)
        for key in keys:
            store.set_watch(db, key, scope.now, answer.server_time)
        if site_names and get_setting(db, CHANGES_SETTING) is None and answer.server_time:
            # The first sites ever fetched: the queue's changes are followed from here.
            _set_changes(db, scope.now, (answer.server_time, 0))
    return len(answer.tickets)


class _Changes(TypedDict):
    checked_at: float  # laptop clock: only decides when to ask again
    since: str  # the keyset cursor: served UTC time...
    after_id: int  # ...and the last id seen in that second


def _changes_cursor(
    db: sqlite_utils.Database, known: dict[str, store.Watch], scope: _Scope
) -> _Changes | None:
    """Where the queue's changes are followed from; None while no site is known."""
    saved: _Changes | None = json.loads(get_setting(db, CHANGES_SETTING) or "null")
    sites = [w.watermark for k, w in known.items() if k.startswith("site:") and k in scope.keys]
    if saved is not None or not sites:
        return saved if sites else None
    # Sites known before this cursor existed: from their oldest answer (else the window).
    since = None if None in sites else min(m for m in sites if m is not None)
    saved = {"checked_at": 0.0, "since": since or scope.since, "after_id": 0}
    set_setting(db, CHANGES_SETTING, json.dumps(saved))
    return saved


def _changes_at_known_sites(
    db: sqlite_utils.Database, connector: Connector, scope: _Scope, changes: _Changes
) -> int:
    """The field queue's tickets changed since the cursor, kept where they matter."""
    cursor = (changes["since"], changes["after_id"])
    answer = connector.field_queue_changes(scope.since, cursor, CHANGE_PAGES_PER_SYNC)
    with transaction(db):
        held = store.held_related_ids(db, [t.id for t in answer.tickets])
        kept = [t for t in answer.tickets if store.site_key(t.site) in scope.sites or t.id in held]
        store.apply_related(db, kept)
        # Unfinished (a busy queue, a long absence): due again at the next sync.
        _set_changes(db, scope.now if answer.complete else changes["checked_at"], answer.cursor)
    return len(kept)


def _set_changes(db: sqlite_utils.Database, checked_at: float, cursor: tuple[str, int]) -> None:
    value = {"checked_at": checked_at, "since": cursor[0], "after_id": cursor[1]}
    set_setting(db, CHANGES_SETTING, json.dumps(value))


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


def pending(db: sqlite_utils.Database, site: str | None) -> bool:
    """True while a site's earlier tickets have not come yet (they come with a sync)."""
    key = store.site_key(site)
    if key is None or not searchable(" ".join(site.split()) if site else ""):
        return False  # none will come
    return not store.watched(db, store.watch_key("site", key))
