"""A first KB sync that stops half-way goes on where it stopped the next time.

The KB comes page by page and is written as it comes (a large KB is never held
in memory whole); pages made small here so the sample KB spans several.  What
the interrupted sync wrote stays, the next sync fetches only the rest, and an
article changed on the helpdesk in between still reaches the laptop: nothing
missing, nothing twice.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import sqlite_utils

from devrt.instance import RunningRT
from sync.connectors.rt import articles as rt_articles
from sync.pullers import articles as articles_puller
from sync.store import checklists as checklist_store
from sync.store import kb
from tests.faults.proxy import FaultProxy
from tests.integration.helpers import Technician, connector

pytestmark = pytest.mark.rt

SMALL_PAGE = 10


def kb_ids(db: sqlite_utils.Database) -> list[int]:
    return [row[0] for row in db.execute("SELECT id FROM articles ORDER BY id").fetchall()]


def is_article_listing(method: str, path: str) -> bool:
    return method == "GET" and path.rstrip("/").endswith("/articles")


def test_an_interrupted_first_kb_sync_goes_on_where_it_stopped(
    rt: RunningRT, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rt_articles, "PAGE_SIZE", SMALL_PAGE)
    monkeypatch.setattr(articles_puller, "BATCH_ARTICLES", SMALL_PAGE)
    whole = Technician(rt, "alice", tmp_path / "whole")
    assert whole.sync().ok
    laptop = Technician(rt, "alice", tmp_path / "laptop")
    listings = itertools.count()
    with FaultProxy(rt.url) as proxy:
        # The link dies after three pages of the KB.
        proxy.replace_status(
            lambda method, path: is_article_listing(method, path) and next(listings) >= 3, 401
        )
        assert not laptop.sync(proxy.url).ok
        written = kb_ids(laptop.db)
        assert 0 < len(written) < len(kb_ids(whole.db))
        assert written == kb_ids(whole.db)[: len(written)]  # the first pages, kept

        # Meanwhile an article the laptop already has is edited on the helpdesk.
        supervisor = connector(rt, "supervisor")
        edited = supervisor.fetch_article(written[0])
        supervisor.update_article_content(edited.id, edited.content + "<p>Checked again.</p>")

        proxy.clear()
        before = len(proxy.seen())
        assert laptop.sync(proxy.url).ok
        resumed = [s for s in proxy.seen()[before:] if is_article_listing(s.method, s.path)]

    full_listing = -(
        -(len(kb_ids(whole.db)) + len(checklist_store.templates(whole.db))) // SMALL_PAGE
    )
    assert len(resumed) < full_listing  # the pages already written are not fetched again
    assert kb_ids(laptop.db) == kb_ids(whole.db)
    assert checklist_store.templates(laptop.db) == checklist_store.templates(whole.db)
    assert laptop.sync().ok  # the edit made while the listing was unfinished arrives
    article = kb.get_article(laptop.db, edited.id)
    assert article is not None and article.content.endswith("<p>Checked again.</p>")
