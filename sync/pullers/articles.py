"""The knowledge base and the checklist templates: articles of both classes changed
since their cursors, in one listing, written as it comes.

A first sync of a large KB is hundreds of pages: at most ``BATCH_ARTICLES`` of
them are held in memory, then written in one transaction together with where
the listing got to (``LISTING_SETTING``).  A sync that stops half-way (cancelled,
network gone, laptop shut, crash) goes on after the last id written the next
time, without fetching again what it wrote.  The cursors move only when the
listing is complete, to where the interrupted run's listing would have put them
(its server clock), so whatever changed in between is fetched by the next sync.

The connector fetches the next pages while a batch is written (a first listing two
at a time: ``sync.connectors.rt.pages_ahead``); a cancel takes effect after the page
at hand, and a cancel or a broken listing first writes the pages that came.

An article that leaves the technician's sight (moved to another class, the class's
rights taken) is in no change listing: as for tickets, a roll call of the ids the
user may see (``ROLL_CALL_EVERY_S``, ids only: ⌈n/100⌉ requests) removes the others
— never a draft written here, nor an article an unsent change writes to — and brings
those listed that the laptop lacks (the rights given back).  Only a complete listing
removes anything: a refusal or a broken listing leaves the KB as it is.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Generator, Iterator
from contextlib import closing
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from sync.changes.site_targets import KIND as SITE_TARGETS
from sync.connectors.base import KnowledgePage, RemoteArticle
from sync.netcheck.site_targets import helpdesk_article_id
from sync.pullers.base import PullContext, article_cursor
from sync.pullers.checklists import CLASS_SETTING, TEMPLATES_CURSOR
from sync.pullers.tickets import ROLL_CALL_EVERY_S
from sync.report import Cancelled, Progress
from sync.store import checklists as checklist_store
from sync.store import kb as kb_store
from sync.store import outbox, transaction
from sync.store.settings import delete_setting, get_cursor, get_setting, set_cursor, set_setting

if TYPE_CHECKING:
    import sqlite_utils

log = logging.getLogger(__name__)

LISTING_SETTING = "kb.unfinished_listing"
BATCH_ARTICLES = 1000  # ~3 MB of article text at a time, and at most this much fetched again
# When the roll call last completed (laptop clock; it runs on the tickets' schedule).
ROLL_CALL_SETTING = "kb.roll_call_at"


@runtime_checkable
class KnowledgeRollCall(Protocol):
    """What a connector offers for the KB's roll call.  Optional: with a connector
    without it, an article leaves only when the helpdesk lists it retired."""

    def kb_article_ids(self) -> set[int]:
        """The KB articles the user may see now (retired ones left out)."""
        ...

    def kb_articles_by_id(self, article_ids: list[int]) -> Iterator[list[RemoteArticle]]:
        """Those of these ids, a batch at a time."""
        ...


@dataclass
class Listing:
    """Where a listing got to, and the cursors it will set once it is complete."""

    after_id: int
    server_time: str | None
    kb_cursor: str | None
    templates_cursor: str | None


@dataclass
class Batch:
    articles: list[RemoteArticle] = field(default_factory=list)
    templates: list[RemoteArticle] = field(default_factory=list)
    last_id: int = 0

    def add(self, page: KnowledgePage) -> None:
        self.articles += page.articles
        self.templates += page.templates
        self.last_id = max(self.last_id, page.last_id)


class ArticlesPuller:
    name = "articles"

    def pull(self, ctx: PullContext) -> None:
        ctx.check_cancel()
        ctx.progress(Progress("kb", 0, 1, ""))
        kb_since = get_cursor(ctx.db, "articles")
        templates_since = get_cursor(ctx.db, TEMPLATES_CURSOR)
        listing = unfinished_listing(ctx.db) or Listing(
            0, ctx.server_time, kb_since, templates_since
        )
        known = get_setting(ctx.db, CLASS_SETTING) or ""
        pages = ctx.connector.knowledge_pages(
            kb_since,
            templates_since,
            int(known) if known.isdigit() else None,
            listing.after_id,
        )
        batch, checklist_class, pulled = Batch(), None, 0
        # Closed on every way out: the pages the connector fetches ahead stop with it.
        with closing(pages):
            while (page := _next_or_keep(ctx, pages, batch, listing)) is not None:
                checklist_class = page.checklist_class
                batch.add(page)
                if len(batch.articles) + len(batch.templates) >= BATCH_ARTICLES:
                    pulled += len(batch.articles)
                    listing = _keep(ctx, batch, listing)
                    batch = Batch()
                _stop_if_cancelled(ctx, batch, listing)
        pulled += len(batch.articles)
        with transaction(ctx.db):
            listing = _write(ctx.db, batch, listing)
            if listing.kb_cursor is not None:  # never into a second the server is still in
                set_cursor(ctx.db, "articles", listing.kb_cursor)
            if checklist_class is not None:
                if listing.templates_cursor is not None:
                    set_cursor(ctx.db, TEMPLATES_CURSOR, listing.templates_cursor)
                if str(checklist_class) != known:
                    set_setting(ctx.db, CLASS_SETTING, str(checklist_class))
            delete_setting(ctx.db, LISTING_SETTING)
        ctx.report.articles_pulled = pulled
        if kb_since is None and get_setting(ctx.db, ROLL_CALL_SETTING) is None:
            _roll_call_done(ctx.db)  # the first listing: the laptop holds just what RT listed
        elif _roll_call_due(ctx.db):
            _roll_call(ctx)
        ctx.progress(Progress("kb", 1, 1, ""))


def _next_or_keep(
    ctx: PullContext, pages: Generator[KnowledgePage, None, None], batch: Batch, listing: Listing
) -> KnowledgePage | None:
    """The next page (None after the last); if the listing breaks off (offline, the
    helpdesk failing, cancelled in a wait), the pages that came are written first,
    so the next sync goes on right after them."""
    try:
        return next(pages, None)
    except Exception:
        _keep(ctx, batch, listing)
        raise


def _stop_if_cancelled(ctx: PullContext, batch: Batch, listing: Listing) -> None:
    """A cancel takes effect between pages, keeping the pages already fetched."""
    if ctx.cancel.is_set():
        _keep(ctx, batch, listing)
        raise Cancelled


def _keep(ctx: PullContext, batch: Batch, listing: Listing) -> Listing:
    """The batch written, with where the unfinished listing got to."""
    if not batch.articles and not batch.templates and batch.last_id <= listing.after_id:
        return listing
    with transaction(ctx.db):
        listing = _write(ctx.db, batch, listing)
        set_setting(ctx.db, LISTING_SETTING, json.dumps(asdict(listing)))
    return listing


def _write(db: sqlite_utils.Database, batch: Batch, listing: Listing) -> Listing:
    """The batch written (inside the caller's transaction); the listing moved past it."""
    kb_store.apply_remote_articles(db, batch.articles)
    if batch.templates:
        checklist_store.apply_remote_templates(db, batch.templates)
    return Listing(
        max(listing.after_id, batch.last_id),
        listing.server_time,
        article_cursor(
            listing.kb_cursor, [a.last_updated for a in batch.articles], listing.server_time
        ),
        article_cursor(
            listing.templates_cursor,
            [t.last_updated for t in batch.templates],
            listing.server_time,
        ),
    )


def unfinished_listing(db: sqlite_utils.Database) -> Listing | None:
    """The listing an earlier sync did not finish (None: start from the cursors)."""
    stored = get_setting(db, LISTING_SETTING)
    if not stored:
        return None
    try:
        return Listing(**json.loads(stored))
    except (TypeError, ValueError):
        return None  # unreadable: list again from the cursors (upserts are idempotent)


def _roll_call_due(db: sqlite_utils.Database) -> bool:
    try:
        elapsed = time.time() - float(get_setting(db, ROLL_CALL_SETTING) or "")
    except ValueError:
        return True
    return not 0 <= elapsed < ROLL_CALL_EVERY_S  # a clock set back counts as due


def _roll_call_done(db: sqlite_utils.Database) -> None:
    with transaction(db):
        set_setting(db, ROLL_CALL_SETTING, str(time.time()))


def _roll_call(ctx: PullContext) -> None:
    """The articles the user may no longer see leave the laptop; those listed that it
    lacks come down (written a batch at a time: a run stopped half-way keeps them, and
    the roll call, still due, goes on at the next sync)."""
    connector = ctx.connector
    if not isinstance(connector, KnowledgeRollCall):
        return
    ctx.check_cancel()
    listed = connector.kb_article_ids()  # raises, and nothing leaves, unless complete
    missing = sorted(listed - kb_store.published_article_ids(ctx.db))
    for batch in connector.kb_articles_by_id(missing):
        with transaction(ctx.db):
            kb_store.apply_remote_articles(ctx.db, batch)
        ctx.report.articles_pulled += len(batch)
        ctx.check_cancel()
    with transaction(ctx.db):
        removed = kb_store.remove_unlisted_articles(
            ctx.db, listed, _written_by_unsent_changes(ctx.db)
        )
        set_setting(ctx.db, ROLL_CALL_SETTING, str(time.time()))
    if removed:
        log.info("kb: %d article(s) no longer on the helpdesk for this user removed", removed)


def _written_by_unsent_changes(db: sqlite_utils.Database) -> set[int]:
    """Articles an unsent change writes to (a site's network targets): they stay until
    it is sent or discarded."""
    sites = {
        str(row.payload.get("site", "")) for row in outbox.rows(db) if row.kind == SITE_TARGETS.name
    }
    found = (helpdesk_article_id(db, site) for site in sites)
    return {article_id for article_id in found if article_id is not None}
