"""A KB draft whose answers are lost is published once, linked once to its visit.

RT makes the article (or its link to the visit) and the answer never arrives: the
next sync finds the article by its name and the body sent (HTML, not the text as
typed), and links it unless the link is there already.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from sync import outbox
from sync.changes.article import as_html
from sync.connectors.rt import RTConnector
from sync.store import kb
from tests.faults.checks import Rig, proxy_actions, unique, wait_until_due

pytestmark = pytest.mark.rt

TYPED = "<Menu> > Setup > Service > Reset fuser counter\nThen press <OK> twice"


def article_posts(method: str, path: str) -> bool:
    return method == "POST" and path.rstrip("/").endswith("/article")


def article_updates(method: str, path: str) -> bool:
    return method == "PUT" and re.search(r"/article/\d+/?$", path) is not None


def visits_referred_to(helpdesk: RTConnector, article_id: int) -> list[int]:
    links: list[dict[str, Any]] = helpdesk.http.get(f"article/{article_id}").body["_hyperlinks"]
    return [int(link["id"]) for link in links if link.get("ref") == "refers-to"]


def published_once(rig: Rig, name: str, visit: int) -> int:
    """The one article of the name, linked once to the visit, the draft done with it."""
    article_id = rig.helpdesk.find_article(name)
    assert article_id is not None
    assert rig.helpdesk.fetch_article(article_id).content == as_html(TYPED)
    assert visits_referred_to(rig.helpdesk, article_id) == [visit]
    (row,) = [r for r in outbox.rows(rig.db, include_done=True) if r.kind == "article"]
    assert (row.state, row.result) == ("done", str(article_id))
    return article_id


@pytest.mark.parametrize("lost", [article_posts, article_updates], ids=["create", "link"])
def test_a_draft_whose_answer_is_lost_is_published_and_linked_once(rig: Rig, lost: Any) -> None:
    visit = rig.visits[0].id
    name = unique("Fuser counter reset")
    local_id = outbox.draft_article(rig.db, name=name, summary="", content=TYPED, visit_id=visit)

    rig.proxy.drop_reply_for(lost, times=1)
    first = rig.sync()

    assert not first.ok and proxy_actions(rig.proxy, lost)[0] == "dropped"
    (row,) = outbox.rows(rig.db)
    assert row.state == "in_flight", "sent, outcome unknown"

    rig.proxy.clear()
    wait_until_due(rig.db)
    later = rig.sync()

    assert later.ok and later.rejected == [], later
    assert proxy_actions(rig.proxy, article_posts) == (
        ["dropped"] if lost is article_posts else ["forwarded"]
    ), "the article was sent a second time"
    article_id = published_once(rig, name, visit)
    assert kb.get_article(rig.db, local_id) is None
    assert article_id in [h.id for h in kb.search(rig.db, "Menu")]
