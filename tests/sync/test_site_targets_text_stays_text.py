"""Targets added on site to a plain-text site article leave its text text in RT.

RT 5.0.7 keeps a plain-text article escaped in its HTML Content field
("&lt;img ...&gt;"); FieldDesk reads it back to the text, and the targets it adds go
back as HTML.  Written back as read, the text's "<img ...>" became a real tag on the
helpdesk.  Here a double of our Connector keeps the Content as RT 5.0.7 does and
serves it as REST2 does (the same JSON, read by the RT connector's conversion).
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
import sqlite_utils

from sync.changes import KINDS
from sync.changes.kind import PushContext
from sync.changes.site_targets import save_and_share
from sync.connectors.base import RemoteArticle
from sync.connectors.rt_convert import article_from_json
from sync.netcheck.site_targets import article_name, site_targets
from sync.netcheck.targets import parse_targets
from sync.store import kb, open_database, transaction
from sync.store.outbox import rows
from tests.rt_article_shapes import article_json

SITE = "Acme Dental Clinic"
ARTICLE_ID = 31
HOSTILE = "<img src=x onerror=alert(1)>"


class Html507Desk:
    """One KB article, its Content an HTML field as on a fresh RT 5.0.7."""

    def __init__(self, stored: str) -> None:
        self.stored = stored
        self.version = 1

    def fetch_article(self, article_id: int) -> RemoteArticle:
        served = article_json(article_id, article_name(SITE), self.stored)
        return article_from_json(served, f'"{self.version}"')

    def update_article_content(
        self, article_id: int, content: str, *, version: str | None = None
    ) -> None:
        assert article_id == ARTICLE_ID and version == str(self.version)
        self.stored, self.version = content, self.version + 1


class Shown(HTMLParser):
    """What RT's article page makes of a Content value: its tags, and its text."""

    def __init__(self, value: str) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.text = ""
        self.feed(value)

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.tags.add(tag)

    def handle_data(self, data: str) -> None:
        self.text += data


def synced_replica(tmp_path: Path, desk: Html507Desk) -> sqlite_utils.Database:
    db = open_database(tmp_path / "replica.db")
    with transaction(db):
        kb.apply_remote_articles(db, [desk.fetch_article(ARTICLE_ID)])
    return db


@pytest.mark.parametrize(
    "text",
    [
        f"10.0.0.5:9100  # reception printer, {HOSTILE} & the back office",
        f"{HOSTILE}\n10.0.0.5:9100  # reception printer",
    ],
    ids=["within", "first"],
)
def test_a_targets_write_back_keeps_the_articles_text_as_text(tmp_path: Path, text: str) -> None:
    # As RT 5.0.7 keeps a plain-text body in its HTML field: & > < escaped, lines kept.
    desk = Html507Desk(text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;"))
    db = synced_replica(tmp_path, desk)
    assert save_and_share(db, SITE, parse_targets(["nas.acme.test:445  # NAS"])) == 1

    ctx = PushContext(db, desk)  # type: ignore[arg-type]
    for row in rows(db):
        KINDS[row.kind].send(ctx, row)

    shown = Shown(desk.stored)
    assert "img" not in shown.tags, desk.stored  # no image on the helpdesk's page
    assert HOSTILE in shown.text and "nas.acme.test:445" in shown.text  # the words, as words
    assert [t.text for t in site_targets(db, SITE)] == ["10.0.0.5:9100", "nas.acme.test:445"]
