"""A KB draft is plain text from end to end, linked to its visit, under an id of its own.

Over a double of our Connector: the body sent shows the words typed ("<OK>" is no
tag), the draft kept here is that body (found by its words), the published article
is linked to the visit it came from (an older outbox row without one still goes),
and a published draft's local id is never given to a later draft.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from sync import outbox
from sync.changes.article import as_html
from sync.connectors.base import NewArticleRequest, RemoteArticle
from sync.connectors.rt_refusals import article_name_taken
from sync.engine import SyncEngine
from sync.errors import Cause, RejectedError
from sync.report import SyncReport
from sync.store import kb, open_database, transaction
from sync.store import tickets as ticket_store
from sync.store.outbox import enqueue
from tests.sync.test_push_order import HelpdeskDouble
from tests.sync.test_store import remote_ticket

VISIT = 7
TYPED = (
    "<Menu> > Setup > Service > Reset fuser counter\n"
    "Then press <OK> twice\n"
    "\n"
    "  Check: smears < 2 mm & no ghosting"
)


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    replica = open_database(tmp_path / "replica.db")
    with transaction(replica):
        ticket_store.apply_remote_ticket(replica, remote_ticket(VISIT))
    return replica


class ArticleDesk(HelpdeskDouble):
    """Publishes articles and links them; ``refuse_links``: RT refuses each link."""

    def __init__(self, *, refuse_links: bool = False) -> None:
        super().__init__()
        self.articles: dict[int, RemoteArticle] = {}
        self.links: list[tuple[int, int]] = []
        self.refuse_links = refuse_links

    def find_article(self, name: str) -> int | None:
        return next((i for i, a in self.articles.items() if a.name == name), None)

    def fetch_article(self, article_id: int) -> RemoteArticle:
        return self.articles[article_id]

    def create_article(self, request: NewArticleRequest) -> int:
        new_id = 100 + len(self.articles)
        self.articles[new_id] = RemoteArticle(
            new_id, request.name, request.summary, request.content, "2026-12-01T10:00:00Z", False
        )
        return new_id

    def link_article_to_ticket(self, article_id: int, ticket_id: int) -> None:
        if self.refuse_links:
            raise RejectedError("Permission Denied", status=403, cause=Cause.REASSIGNED)
        self.links.append((article_id, ticket_id))


def sync(db: sqlite_utils.Database, desk: object) -> SyncReport:
    return SyncEngine(db, desk, pullers=[]).run()  # type: ignore[arg-type]


def test_the_draft_is_found_and_sent_by_the_words_typed(db: sqlite_utils.Database) -> None:
    desk = ArticleDesk()
    local_id = outbox.draft_article(db, name="Fuser counter reset", summary="", content=TYPED)

    for word in ("Menu", "OK", "ghosting"):
        assert [h.id for h in kb.search(db, word)] == [local_id], word
    draft = kb.get_article(db, local_id)
    assert draft is not None and "press <OK> twice" in kb.plain_text(draft.content)
    [row] = outbox.rows(db)
    assert row.payload["content"] == TYPED, "the Outbox's Edit shows the text as typed"

    assert sync(db, desk).ok
    [published] = desk.articles.values()
    assert published.content == draft.content == as_html(TYPED)


def test_the_body_shows_each_line_and_character_as_typed() -> None:
    assert as_html(TYPED) == (
        "<div>&lt;Menu&gt; &gt; Setup &gt; Service &gt; Reset fuser counter</div>"
        "<div>Then press &lt;OK&gt; twice</div>"
        "<div>&nbsp;</div>"
        "<div>&nbsp;&nbsp;Check: smears &lt; 2 mm &amp; no ghosting</div>"
    )
    assert "\n" not in as_html("one\r\ntwo\rthree\n"), "RT shows a newline as one more break"


def test_an_outbox_edit_keeps_the_draft_found_by_its_new_words(
    db: sqlite_utils.Database,
) -> None:
    local_id = outbox.draft_article(db, name="Fuser counter reset", summary="", content="Old")
    [row] = outbox.rows(db)

    outbox.edit(db, row.seq, {"content": "Press <Reset> for 5 s"})

    assert [h.id for h in kb.search(db, "Reset")] == [local_id]
    draft = kb.get_article(db, local_id)
    assert draft is not None and draft.content == as_html("Press <Reset> for 5 s")


def test_the_article_is_linked_to_the_visit_it_came_from(db: sqlite_utils.Database) -> None:
    desk = ArticleDesk()
    outbox.draft_article(db, name="Fuser counter reset", summary="", content=TYPED, visit_id=VISIT)

    assert sync(db, desk).ok

    assert desk.links == [(100, VISIT)]


def test_an_older_draft_without_its_visit_is_still_published(db: sqlite_utils.Database) -> None:
    desk = ArticleDesk()
    with transaction(db):  # as an older build queued it
        payload = {"local_id": -1, "name": "Old draft", "summary": "", "content": "Old text"}
        enqueue(db, "article", None, payload)

    assert sync(db, desk).ok

    assert [a.name for a in desk.articles.values()] == ["Old draft"] and desk.links == []


def test_a_link_the_helpdesk_refuses_is_told_and_the_article_stays_published(
    db: sqlite_utils.Database,
) -> None:
    desk = ArticleDesk(refuse_links=True)
    local_id = outbox.draft_article(db, name="Fuser reset", summary="", content="x", visit_id=VISIT)

    report = sync(db, desk)

    assert report.ok and report.rejected == []
    assert any("not linked to visit #7" in n and "Permission Denied" in n for n in report.notices)
    [row] = outbox.rows(db, include_done=True)
    assert (row.state, row.result) == ("done", "100")
    assert kb.get_article(db, local_id) is None


def test_a_published_drafts_id_is_never_given_to_another_draft(
    db: sqlite_utils.Database,
) -> None:
    first = outbox.draft_article(db, name="Draft A", summary="", content="A")
    assert sync(db, ArticleDesk()).ok
    assert kb.get_article(db, first) is None, "published: the draft left the laptop"

    second = outbox.draft_article(db, name="Draft B", summary="", content="B")

    assert second != first


def test_a_refused_title_says_where_the_draft_is_edited() -> None:
    said = str(article_name_taken("DNS troubleshooting on site", retired=False))

    assert "Outbox" in said and "Edit" in said and "Retry" in said
