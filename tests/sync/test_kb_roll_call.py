"""The KB's roll call on the laptop's side: what leaves, what stays, and when it asks.

The helpdesk is an in-memory double; the real RT's side is in
``tests/integration/test_kb_roll_call.py``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from sync.changes.article import draft_article
from sync.changes.site_targets import save_and_share
from sync.connectors.base import KnowledgePage, RemoteArticle
from sync.errors import OfflineError
from sync.netcheck.targets import parse_target
from sync.pullers.articles import ROLL_CALL_SETTING, ArticlesPuller
from sync.pullers.base import PullContext
from sync.pullers.tickets import ROLL_CALL_EVERY_S
from sync.report import SyncReport
from sync.store import kb, open_database, transaction
from sync.store.settings import set_cursor, set_setting

STAMP = "2026-12-01T09:00:00Z"


def article(article_id: int, name: str = "") -> RemoteArticle:
    return RemoteArticle(article_id, name or f"Article {article_id}", "", "Text.", STAMP, False)


class KnowledgeDouble:
    """A helpdesk whose KB the user sees: ``visible``; nothing changed since the cursor."""

    def __init__(self, visible: list[RemoteArticle]) -> None:
        self.visible = visible
        self.roll_calls = 0
        self.fails: Exception | None = None

    def knowledge_pages(self, *_cursors: object) -> Iterator[KnowledgePage]:
        yield KnowledgePage([], [], None, 0)

    def kb_article_ids(self) -> set[int]:
        self.roll_calls += 1
        if self.fails is not None:
            raise self.fails
        return {a.id for a in self.visible}

    def kb_articles_by_id(self, article_ids: list[int]) -> Iterator[list[RemoteArticle]]:
        yield [a for a in self.visible if a.id in article_ids]


class WithoutRollCall:
    """A connector that offers no roll call (another helpdesk, an older double)."""

    def knowledge_pages(self, *_cursors: object) -> Iterator[KnowledgePage]:
        yield KnowledgePage([], [], None, 0)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    replica = open_database(tmp_path / "fd.db")
    with transaction(replica):
        kb.apply_remote_articles(
            replica, [article(1), article(2), article(3, "Network targets: Acme")]
        )
        set_cursor(replica, "articles", STAMP)  # synced before: not a first listing
    yield replica
    replica.close()


def pull(db: sqlite_utils.Database, helpdesk: object) -> SyncReport:
    report = SyncReport()
    context = PullContext(db, helpdesk, report, lambda _p: None, threading.Event())  # type: ignore[arg-type]
    ArticlesPuller().pull(context)
    return report


def held(db: sqlite_utils.Database) -> set[int]:
    return {row[0] for row in db.execute("SELECT id FROM articles").fetchall()}


def due(db: sqlite_utils.Database) -> None:
    with transaction(db):
        set_setting(db, ROLL_CALL_SETTING, str(time.time() - ROLL_CALL_EVERY_S - 1))


def test_articles_not_listed_leave_but_drafts_and_those_an_unsent_change_writes_to(
    db: sqlite_utils.Database,
) -> None:
    draft = draft_article(db, name="Fuser jam", summary="", content="Open tray 2.")
    save_and_share(db, "Acme", [parse_target("127.0.0.1:9100 # printer")])
    helpdesk = KnowledgeDouble([article(2)])

    pull(db, helpdesk)  # never called before: due

    assert held(db) == {2, 3, draft}
    assert helpdesk.roll_calls == 1


def test_listed_articles_the_laptop_lacks_come_down(db: sqlite_utils.Database) -> None:
    report = pull(db, KnowledgeDouble([article(1), article(2), article(3), article(4)]))
    assert held(db) == {1, 2, 3, 4}
    assert report.articles_pulled == 1


def test_once_an_hour_not_at_every_sync(db: sqlite_utils.Database) -> None:
    helpdesk = KnowledgeDouble([])
    pull(db, helpdesk)
    pull(db, helpdesk)
    assert helpdesk.roll_calls == 1
    due(db)
    pull(db, helpdesk)
    assert helpdesk.roll_calls == 2


def test_a_failing_roll_call_removes_nothing_and_stays_due(db: sqlite_utils.Database) -> None:
    helpdesk = KnowledgeDouble([])
    helpdesk.fails = OfflineError("the helpdesk is not answering")
    with pytest.raises(OfflineError):
        pull(db, helpdesk)
    assert held(db) == {1, 2, 3}
    helpdesk.fails = None
    pull(db, helpdesk)
    assert held(db) == set()


def test_a_connector_without_a_roll_call_keeps_the_kb(db: sqlite_utils.Database) -> None:
    pull(db, WithoutRollCall())
    assert held(db) == {1, 2, 3}
