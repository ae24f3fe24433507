"""A page of the KB's sync is indexed after its rows are written (migration 20): each
article the laptop had not is found by its words once, an article changed on the helpdesk
by its new words only, and a draft written here is still indexed as it is saved."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from sync.connectors.base import RemoteArticle
from sync.store import kb, open_database, transaction
from sync.store.database import SCHEMA_VERSION, schema_version

MONDAY, TUESDAY = "2026-12-07T08:00:00Z", "2026-12-08T08:00:00Z"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    database = open_database(tmp_path / "fd.db")
    yield database
    database.close()


def article(article_id: int, name: str, text: str, stamp: str = MONDAY) -> RemoteArticle:
    return RemoteArticle(article_id, name, "", f"<p>{text}</p>", stamp, disabled=False)


def apply(db: sqlite_utils.Database, articles: list[RemoteArticle]) -> None:
    with transaction(db):
        kb.apply_remote_articles(db, articles)


def found(db: sqlite_utils.Database, words: str) -> list[int]:
    return [hit.id for hit in kb.search(db, words)]


def index_is_sound(db: sqlite_utils.Database, *, against_the_articles: bool = False) -> None:
    """FTS5's own check of the index; against_the_articles: also that it holds exactly the
    words of each article's row (only where no article has forms: the index holds those
    beside the row's words), so an article indexed twice, or taken out without being in,
    fails it."""
    db.execute(
        "INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', ?)",
        [int(against_the_articles)],
    )


def test_new_changed_unchanged_repeated_and_disabled_articles_of_a_page(
    db: sqlite_utils.Database,
) -> None:
    apply(db, [article(1, "Printer toner", "Shake the cartridge"), article(2, "Router", "Reboot")])
    assert found(db, "toner") == [1]

    apply(
        db,
        [
            article(1, "Printer drum", "Replace the drum unit", TUESDAY),  # changed on RT
            article(2, "Router", "Reboot"),  # the same as before
            article(3, "VPN disconnects", "Renew the certificate"),  # new
            # Listed again, changed meanwhile (RT's pages moved under the listing).
            article(3, "VPN disconnects", "Renew the client profile", TUESDAY),
            RemoteArticle(4, "Retired", "", "old", MONDAY, disabled=True),
        ],
    )

    assert found(db, "toner") == []  # the old words left the index
    assert found(db, "drum") == [1]
    assert found(db, "router") == [2]
    assert found(db, "vpn") == [3]  # once
    assert found(db, "profile") == [3] and found(db, "certificate") == []  # as last listed
    assert found(db, "retired") == []
    index_is_sound(db, against_the_articles=True)
    assert db.execute("SELECT count(*) FROM kb_indexing").fetchone()[0] == 0


def test_forms_of_a_new_article_are_indexed_with_the_page(db: sqlite_utils.Database) -> None:
    apply(db, [article(5, "プリンターが印刷できない", "トナーを交換する")])
    assert found(db, "印刷") == [5]  # inside the title's word: its forms (migration 19)
    assert found(db, "交換") == [5]
    index_is_sound(db)


def test_a_draft_written_here_is_indexed_as_it_is_saved(db: sqlite_utils.Database) -> None:
    assert schema_version(db.conn) == SCHEMA_VERSION
    with transaction(db):
        db.execute(
            "INSERT INTO articles (id, name, summary, content, content_text, draft)"
            " VALUES (-1, 'Badge reader offline', '', ?, ?, 1)",
            ["Check the PoE port"] * 2,
        )
    assert found(db, "badge") == [-1]
    index_is_sound(db)
