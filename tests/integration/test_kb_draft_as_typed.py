"""A KB draft reads in RT's own web UI as the technician typed it, and the article and
its visit name each other there.

The draft is plain text ("press <OK> twice"); RT shows an article's Content field
as HTML (scrubbed, each newline a line break).  Checked on RT's pages themselves,
signed in as a browser is.
"""

from __future__ import annotations

import re
import uuid
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, build_opener

import pytest

from devrt.instance import SAMPLE_PASSWORD, RunningRT
from sync import outbox
from sync.store import kb
from sync.store import tickets as ticket_store
from tests.integration.helpers import Technician, connector

pytestmark = pytest.mark.rt

TYPED = [
    "<Menu> > Setup > Service > Reset fuser counter",
    "Then press <OK> twice",
    "",
    "  Check: smears < 2 mm & no ghosting",
]


def web_page(rt: RunningRT, path: str, user: str = "alice") -> str:
    """A page of RT's web UI as the user's browser gets it."""
    browser = build_opener(HTTPCookieProcessor(CookieJar()))
    browser.addheaders = [("User-Agent", "fielddesk-tests")]
    signed_in = urlencode({"user": user, "pass": SAMPLE_PASSWORD}).encode()
    browser.open(f"{rt.url}/NoAuth/Login.html", signed_in, timeout=30).close()
    with browser.open(f"{rt.url}{path}", timeout=30) as page:
        return str(page.read().decode("utf-8"))


class _Text(HTMLParser):
    """A fragment's text, a line per line break or block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = ""

    def handle_starttag(self, tag: str, _attrs: object) -> None:
        if tag in ("br", "div", "p"):
            self.text += "\n"

    def handle_data(self, data: str) -> None:
        self.text += data.replace("\n", "")  # the page's own line breaks are markup


def shown_content(page: str) -> list[str]:
    """The lines RT's article page shows as the article's Content."""
    row = page.split("custom-field-Content", 1)[1]
    value = row.split('<span class="current-value">', 1)[1].split("</span>\n", 1)[0]
    parser = _Text()
    parser.feed(value)
    lines = parser.text.replace("\u00a0", " ").strip("\n").split("\n")
    return [line.rstrip() for line in lines]


def links_box(page: str, box: str) -> str:
    return page.split(box, 1)[1]


def test_a_draft_reads_in_rt_as_typed_and_names_its_visit_both_ways(
    rt: RunningRT, tmp_path: Path
) -> None:
    laptop = Technician(rt, "alice", tmp_path)
    assert laptop.sync().ok
    visit = ticket_store.list_visits(laptop.db)[0].id
    name = f"Fuser counter reset [{uuid.uuid4().hex[:8]}]"
    local_id = outbox.draft_article(
        laptop.db, name=name, summary="", content="\n".join(TYPED), visit_id=visit
    )

    report = laptop.sync()

    assert report.ok and report.notices == [], report
    boss = connector(rt, "supervisor")
    article_id = boss.find_article(name)
    assert article_id is not None
    article_page = web_page(rt, f"/Articles/Article/Display.html?id={article_id}")
    assert shown_content(article_page) == TYPED
    refers_to = links_box(article_page, "Refers to")
    assert re.search(rf"Ticket/Display\.html\?id={visit}\b", refers_to.split("Referred to by")[0])
    ticket_page = web_page(rt, f"/Ticket/Display.html?id={visit}")
    assert re.search(rf"Article/Display\.html\?id={article_id}\b", ticket_page)
    history = boss.http.get(
        f"ticket/{visit}/history", {"fields": "Type,Field,NewValue", "per_page": 100}
    ).body["items"]
    assert [
        h for h in history if h["Type"] == "AddLink" and h["NewValue"].endswith(f"/{article_id}")
    ], "the visit's history says the article refers to it"

    # On the laptop, RT's copy in the draft's place reads the same, found by its words.
    assert kb.get_article(laptop.db, local_id) is None
    published = kb.get_article(laptop.db, article_id)
    assert published is not None
    assert "Then press <OK> twice" in kb.plain_text(published.content)
    assert article_id in [h.id for h in kb.search(laptop.db, "Menu Reset fuser counter")]
