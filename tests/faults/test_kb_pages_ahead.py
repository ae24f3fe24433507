"""A first KB sync fetches its pages ahead, two at a time, while it writes: a cut or a
cancel in the middle of those pages loses nothing, doubles nothing and leaves no
thread behind.

Pages made small here so the sample KB spans several; the replica writes only
when the listing stops (no batch fills), so what it holds is exactly what the
listing handed over before the cut.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlite_utils

from devrt.instance import RunningRT
from sync.connectors.rt import articles as rt_articles
from sync.connectors.rt.pages_ahead import THREAD_NAME
from sync.engine import SyncEngine
from sync.pullers import articles as articles_puller
from sync.pullers.articles import unfinished_listing
from sync.store import checklists as checklist_store
from tests.faults.checks import POLL_S, WAIT_S, connect
from tests.faults.proxy import FaultProxy
from tests.integration.helpers import Technician

pytestmark = pytest.mark.rt

SMALL_PAGE = 10


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rt_articles, "PAGE_SIZE", SMALL_PAGE)
    monkeypatch.setattr(articles_puller, "BATCH_ARTICLES", 10_000)


@pytest.fixture
def whole(rt: RunningRT, tmp_path: Path) -> Iterator[Technician]:
    """A laptop whose first sync went through: what every laptop must end with."""
    laptop = Technician(rt, "alice", tmp_path / "whole")
    assert laptop.sync().ok
    yield laptop
    laptop.db.close()


def is_article_listing(method: str, path: str) -> bool:
    return method == "GET" and path.rstrip("/").endswith("/articles")


def kb_ids(db: sqlite_utils.Database) -> list[int]:
    return [row[0] for row in db.execute("SELECT id FROM articles ORDER BY id").fetchall()]


def listing_ids(rt: RunningRT) -> list[int]:
    """Every id a first KB listing hands over (articles, templates, disabled ones), in order."""
    pages = connect(rt, rt.url).knowledge_pages(None, None, None)
    return [a.id for page in pages for a in page.articles + page.templates]


def page_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith(THREAD_NAME)]


def assert_holds_a_first_part_of(laptop: Technician, whole: Technician) -> None:
    """The laptop holds the KB's first articles, none missing in between and none
    from after a gap."""
    held = kb_ids(laptop.db)
    assert held == kb_ids(whole.db)[: len(held)]


def test_a_first_kb_sync_cut_among_pages_fetched_ahead_goes_on_without_gaps(
    rt: RunningRT, tmp_path: Path, small_pages: None, whole: Technician
) -> None:
    listing = listing_ids(rt)
    assert len(listing) > 4 * SMALL_PAGE, "the sample KB spans several small pages"
    laptop = Technician(rt, "alice", tmp_path / "laptop")
    listings = itertools.count()
    with FaultProxy(rt.url) as proxy:
        # The link breaks in the middle of the third listing request's reply and
        # every one after (retries too); the pages asked for alongside it fail or
        # come and are dropped, whichever RT answered first.
        proxy.truncate_reply_for(
            lambda method, path: is_article_listing(method, path) and next(listings) >= 2,
            keep=200,
        )
        cut = laptop.sync(proxy.url)
        assert not cut.ok and cut.error
        assert_holds_a_first_part_of(laptop, whole)
        # Kept: the first page, and the second unless it was the one cut.
        kept = unfinished_listing(laptop.db)
        assert kept is not None
        assert kept.after_id in (listing[SMALL_PAGE - 1], listing[2 * SMALL_PAGE - 1])
        requested = [s for s in proxy.seen() if is_article_listing(s.method, s.path)]
        assert len(requested) > 3, "pages beyond the cut were being fetched ahead"
        assert not page_threads()

        proxy.clear()
        before = len(proxy.seen())
        assert laptop.sync(proxy.url).ok
        resumed = [s for s in proxy.seen()[before:] if is_article_listing(s.method, s.path)]

    # From after the last page kept: the rest, and at most the one page past the end.
    rest = len([i for i in listing if i > kept.after_id])
    assert len(resumed) <= rest // SMALL_PAGE + 2
    assert kb_ids(laptop.db) == kb_ids(whole.db)
    assert checklist_store.templates(laptop.db) == checklist_store.templates(whole.db)


def test_a_cancel_during_the_kb_stops_its_page_threads_and_keeps_what_came(
    rt: RunningRT, tmp_path: Path, small_pages: None, whole: Technician
) -> None:
    laptop = Technician(rt, "alice", tmp_path / "laptop")
    cancel = threading.Event()
    seen_ahead: list[bool] = []

    def cancel_once_pages_come_ahead() -> None:
        """The technician presses Cancel while the KB's pages are being fetched ahead."""
        seen_ahead.append(wait_for(lambda: bool(page_threads())))
        cancel.set()

    with FaultProxy(rt.url) as proxy:
        proxy.delay(0.3, is_article_listing)  # a slow helpdesk: the KB takes a while
        presser = threading.Thread(target=cancel_once_pages_come_ahead)
        presser.start()
        report = SyncEngine(laptop.db, connect(rt, proxy.url), cancel=cancel).run()
        cancel.set()  # (only if the KB never went ahead: then the check below fails)
        presser.join()

        assert seen_ahead == [True], "the KB's pages were being fetched ahead"
        assert report.cancelled
        assert not page_threads(), "no thread fetching pages is left"
        assert len(kb_ids(laptop.db)) < len(kb_ids(whole.db)), "stopped during the KB"
        assert_holds_a_first_part_of(laptop, whole)

        proxy.clear()
        assert laptop.sync(proxy.url).ok
    assert kb_ids(laptop.db) == kb_ids(whole.db)
    assert checklist_store.templates(laptop.db) == checklist_store.templates(whole.db)


def wait_for(condition: Callable[[], bool]) -> bool:
    """Whether condition came true within the fault tests' wait."""
    pause = threading.Event()
    for _ in range(int(WAIT_S / POLL_S)):
        if condition():
            return True
        pause.wait(POLL_S)
    return False
