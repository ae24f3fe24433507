"""KB search takes what people type: other word forms, typos, codes, sentences."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from sync.connectors.base import RemoteArticle
from sync.store import kb, kb_query, open_database, transaction
from sync.store.kb_query import crude_stem, edit_distance

ARTICLES = [
    (1, "VPN client disconnects every hour", "Idle timeout on the firewall"),
    (2, "Outlook asks for a password again", "Modern authentication"),
    (3, "HP LaserJet 13.B2 jam", "Paper stuck at the fuser"),
    (4, "Error 13 on the till, then B2 light", "Unrelated numbers apart"),
    (5, "Printer driver reinstall", "Remove the old driver first"),
]


def kb_of(path: Path, articles: list[tuple[int, str, str]]) -> sqlite_utils.Database:
    """A replica holding these (id, name, summary and content) articles."""
    database = open_database(path)
    with transaction(database):
        kb.apply_remote_articles(
            database, [RemoteArticle(i, n, s, s, "t", False) for i, n, s in articles]
        )
    return database


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    return kb_of(tmp_path / "kb.db", ARTICLES)


def ids(db: sqlite_utils.Database, typed: str) -> list[int]:
    return [hit.id for hit in kb.search(db, typed)]


def test_other_word_forms_find_the_article(db: sqlite_utils.Database) -> None:
    assert ids(db, "vpn disconnecting ")[:1] == [1]
    assert ids(db, "reinstalling printers ")[:1] == [5]


def test_a_typo_finds_the_word_the_kb_has(db: sqlite_utils.Database) -> None:
    assert ids(db, "outlok ")[:1] == [2]
    assert ids(db, "pasword outlook ")[:1] == [2]


def test_a_sentence_ranks_the_article_holding_most_of_it_first(db: sqlite_utils.Database) -> None:
    assert ids(db, "my outlook keeps asking for the password after the update ")[:1] == [2]


def test_an_error_code_is_matched_as_written(db: sqlite_utils.Database) -> None:
    assert ids(db, "13.B2") == [3]  # not #4, which has 13 and B2 apart


def test_a_code_as_the_panel_shows_it_finds_the_article_on_its_family(
    db: sqlite_utils.Database,
) -> None:
    with transaction(db):
        kb.apply_remote_articles(
            db, [RemoteArticle(6, "13.B2.D1 in tray 2", "Exact code", "Exact code", "t", False)]
        )
    assert ids(db, "13.B2.D1") == [6, 3]  # the exact code first, then its family
    assert sorted(ids(db, "13.B2.F5")) == [3, 6]  # the family; never #4 (13 and B2 apart)


def test_a_word_nothing_resembles_finds_nothing(db: sqlite_utils.Database) -> None:
    assert ids(db, "qwxzv") == []


@pytest.mark.parametrize(
    ("word", "stem"),
    [("disconnecting", "disconnect"), ("printers", "print"), ("popping", "pop"), ("vpn", "vpn")],
)
def test_crude_stems(word: str, stem: str) -> None:
    assert crude_stem(word) == stem


def test_edit_distance_counts_a_swap_as_one_typo() -> None:
    assert edit_distance("bitlocekr", "bitlocker", 2) == 1
    assert edit_distance("outlok", "outlook", 1) == 1
    assert edit_distance("printer", "toner", 1) == 2  # over the limit: stops early


def test_on_a_large_kb_a_sentence_lists_the_articles_with_its_telling_words(
    tmp_path: Path,
) -> None:
    # "printer" and "power" are in more articles than a search can usefully rank:
    # the sentence finds the articles about the outage (the one also about a
    # printer first), not a page of every printer article after them.
    database = open_database(tmp_path / "large.db")
    common = [
        RemoteArticle(100 + i, f"Printer tray {i}", "Power saving", "toner", "t", False)
        for i in range(kb_query.COMMON_DOCS + 1)
    ]
    others = [  # printers are not all the KB is about
        RemoteArticle(5000 + i, f"Monitor cable {i}", "Screen", "hdmi", "t", False)
        for i in range(kb_query.COMMON_DOCS + 100)
    ]
    telling = [
        RemoteArticle(
            1, "Printer offline after an outage", "Reset the network card", "", "t", False
        ),
        RemoteArticle(2, "Offline files after an outage", "Open the sync centre", "", "t", False),
    ]
    with transaction(database):
        kb.apply_remote_articles(database, common + others + telling)
    assert ids(database, "printer offline after a power outage ") == [1, 2]
    assert ids(database, "power outage") == [1, 2]
