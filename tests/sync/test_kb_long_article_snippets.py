"""A huge article (a pasted 5 MB log) does not make every search that finds it slow.

FTS5's snippet() weighs each match in a text against every other one: on a log with
the words on each line it took seconds a search, once for each widening step.  These
tests count what is computed, not time: how often FTS5 reads an article's text to
make a snippet (its content lookup, seen through SQLite's statement trace), and
what the snippet of a long text shows.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import sqlite_utils

from sync.connectors.base import RemoteArticle
from sync.store import kb, open_database, transaction
from sync.store.kb_snippet import snippet_around

# What FTS5 runs to read an article's columns, here for snippet() (bm25 reads none).
FTS5_CONTENT_LOOKUP = re.compile(r"FROM 'main'\.'articles' T WHERE")
LOG_LINE = "2026-11-23 10:00:01 spooler: job 1234 printed on tray 2, queue idle\n"
HUGE = 5_000_000  # characters of pasted log


def pasted_log(at: int, words: str) -> str:
    """About 5 MB of log lines with words on one line, at about character ``at``."""
    lines = HUGE // len(LOG_LINE)
    line = min(at // len(LOG_LINE), lines - 1)
    return LOG_LINE * line + f"spooler: {words} reported\n" + LOG_LINE * (lines - line - 1)


def replica(*articles: RemoteArticle) -> sqlite_utils.Database:
    db = open_database(None)
    with transaction(db):
        kb.apply_remote_articles(db, list(articles))
    return db


def article(article_id: int, name: str, content: str) -> RemoteArticle:
    return RemoteArticle(article_id, name, "", content, "t", False)


def fts5_text_reads(db: sqlite_utils.Database) -> list[str]:
    """Filled, from now on, with each read FTS5 makes of an article's text."""
    reads: list[str] = []
    db.conn.set_trace_callback(lambda sql: FTS5_CONTENT_LOOKUP.search(sql) and reads.append(sql))
    return reads


def marked(snippet: str) -> list[str]:
    return re.findall(r"\[([^\]]*)\]", snippet)


@pytest.mark.parametrize(
    "at", [0, 2_500_000, 4_900_000], ids=["at the start", "in the middle", "past 1 MB"]
)
def test_a_match_anywhere_in_a_huge_log_is_found_and_shown_without_fts5_reading_the_log(
    at: int,
) -> None:
    db = replica(article(49, "Pasted spooler log", pasted_log(at, "Toner smear on Café printer")))
    reads = fts5_text_reads(db)
    for typed, words in [
        ("toner smear", ["Toner", "smear"]),
        ("toner sm", ["Toner", "smear"]),  # the last word still being typed: a prefix
        ("cafe", ["Café"]),  # accents folded, as the index folds them
    ]:
        [hit] = kb.search(db, typed)
        assert hit.id == 49
        assert marked(hit.snippet) == words, hit.snippet
        assert "reported" in hit.snippet and len(hit.snippet) < 200, hit.snippet
        assert reads == []  # the log never went through FTS5's snippet()


def test_a_huge_log_matching_on_every_line_gets_one_short_snippet() -> None:
    """The reviewer's case: the words on each of 12 000 lines (1 MB), ordinary articles beside."""
    db = replica(
        article(1, "Toner smear on the left edge", "Replace the drum; toner smear stops."),
        article(2, "Fuser", "Smear after printing: toner not fused."),
        article(49, "Pasted spooler log", LOG_LINE.replace("job", "toner smear job") * 12_000),
    )
    reads = fts5_text_reads(db)
    hits = {hit.id: hit.snippet for hit in kb.search(db, "toner smear")}
    assert set(hits) == {1, 2, 49}
    assert marked(hits[49]) == ["toner", "smear"] and len(hits[49]) < 200, hits[49]
    assert len(reads) == 2  # the two ordinary articles' snippets, once each


def test_each_hit_gets_its_snippet_once_however_many_steps_find_it() -> None:
    """Fewer hits than shown: the wider steps run and find the same articles again."""
    db = replica(
        article(1, "Toner smear", "Toner smear on each page."),
        article(2, "Drum", "The drum smears toner."),
    )
    reads = fts5_text_reads(db)
    hits = kb.search(db, "toner sm")
    assert [marked(h.snippet) for h in hits] == [["Toner", "smear"], ["smears", "toner"]]
    assert len(reads) == len(hits) == 2


def test_ordinary_articles_keep_fts5s_own_snippets() -> None:
    db = replica(
        article(1, "Toner smear", "<p>Toner smear on each page: replace the drum.</p>"),
        article(2, "Café POS", "The Café Lumière till prints toner-grey receipts."),
    )
    for typed, query in [("toner sm", '"toner" AND "sm"*'), ("cafe", '"cafe"')]:
        fts5 = dict(
            db.execute(
                "SELECT rowid, snippet(articles_fts, 2, '[', ']', '…', 12) FROM articles_fts"
                " WHERE articles_fts MATCH ?",
                [query],
            ).fetchall()
        )
        shown = {hit.id: hit.snippet for hit in kb.search(db, typed)}
        assert fts5 and {i: shown[i] for i in fts5} == fts5  # the first step's hits


LONG_TEXT = (
    "Others think the inks matter. Café staff: CAFE till shows 13.B2 and the ink light."
    " Müller in Zürich said the VPN disconnects. " + "Filler words here. " * 1_200
)


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ('"cafe"', ["Café", "CAFE"]),  # case and accents folded
        ('"muller" AND "zurich"', ["Müller", "Zürich"]),
        ('"13 b2"', ["13.B2"]),  # a code, matched as a phrase
        ('"disconnect"*', ["disconnects"]),  # a prefix
        ('"ink"', ["ink"]),  # not inside "think", not "inks"
    ],
)
def test_a_long_texts_snippet_marks_the_words_fts5_marks(query: str, words: list[str]) -> None:
    db = replica(article(1, "Long", LONG_TEXT))
    [fts5] = db.execute(
        "SELECT snippet(articles_fts, 2, '[', ']', '…', 64) FROM articles_fts"
        " WHERE articles_fts MATCH ?",
        [query],
    ).fetchone()
    ours = snippet_around(LONG_TEXT, query, ("[", "]"))
    assert marked(ours) == words, ours
    assert set(words) <= set(marked(fts5)), fts5
    assert ours.endswith("…") and len(ours) < 200


def test_an_article_removed_while_the_search_ran_is_left_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A sync on another connection may publish a draft or remove an article between the
    ranking and the snippet of a long text: the search answers without it, not with an
    error (on the search's worker thread that left the list unanswered)."""
    db = replica(
        RemoteArticle(1, "Spooler log", "", pasted_log(1000, "toner low"), "t", False),
        RemoteArticle(2, "Toner", "", "Short toner note", "t", False),
    )
    ranked = kb._ranked

    def ranked_then_removed(*args: Any) -> list[Any]:
        hits = ranked(*args)
        with transaction(db):
            db.execute("DELETE FROM articles WHERE id = 1")
        return hits

    monkeypatch.setattr(kb, "_ranked", ranked_then_removed)
    assert [hit.id for hit in kb.search(db, "toner ")] == [2]
