"""KB search finds articles written in the world's scripts as people type their words:
Chinese, Japanese and Korean words inside unspaced text, "Strasse" for "Straße",
full-width letters, accents typed as a letter and a combining mark; drafts written
here and articles stored before this was indexed too."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import sqlite_utils

from sync import outbox
from sync.changes.article import draft_article
from sync.store import kb, open_database, transaction
from tests.sync.older_replica import replica_before
from tests.sync.test_kb_query import kb_of

ARTICLES = [
    (1, "Drucker druckt nicht nach Stromausfall", "Netzteil in der Hauptstraße prüfen"),
    (2, "Принтер не печатает после отключения питания", "Проверьте блок питания"),
    (3, "Ο εκτυπωτής δεν εκτυπώνει", "Ελέγξτε το τροφοδοτικό"),
    (4, "プリンターが印刷できない", "電源ケーブルを確認してください。トナーの交換も"),
    (5, "打印机无法打印", "检查电源线和网络连接"),
    (6, "프린터가 인쇄되지 않음", "전원 코드를 확인하세요"),
    (7, "Routeur: réseau déconnecté", unicodedata.normalize("NFD", "Redémarrer le contrôleur")),
    (8, "ＶＰＮ接続が切れる", "Windows10の設定を確認"),
    (9, "Drukarka w biurze Łódź", "Printer i København"),
    (10, "Сервер не отвечает", "Перезагрузите его ещё раз"),
    (11, "Η ώρα του διακομιστή", "Συγχρονισμός"),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> sqlite_utils.Database:
    return kb_of(tmp_path_factory.mktemp("kb") / "kb.db", ARTICLES)


def first(db: sqlite_utils.Database, typed: str) -> int | None:
    hits = kb.search(db, typed)
    return hits[0].id if hits else None


@pytest.mark.parametrize(
    ("typed", "article"),
    [
        ("Hauptstrasse ", 1),  # ß typed as ss
        ("hauptstraße ", 1),
        ("ПРИНТЕР ", 2),
        ("печатает ", 2),
        ("ΕΚΤΥΠΩΤΉΣ ", 3),  # capitals and the final sigma
        ("印刷 ", 4),  # a word inside an unspaced Japanese sentence
        ("トナー ", 4),
        ("プリンター印刷 ", 4),
        ("打印机 ", 5),
        ("电源 ", 5),
        ("网络 ", 5),
        ("프린터 ", 6),  # a Korean word with its particle attached
        ("인쇄 ", 6),
        ("reseau ", 7),
        (unicodedata.normalize("NFD", "réseau "), 7),  # typed with a combining accent
        ("controleur ", 7),  # the article's own accent is a combining mark
        ("vpn ", 8),  # full-width letters in the article
        ("ｖｐｎ 接続 ", 8),  # and typed
        ("windows10 ", 8),  # Latin letters joined to Japanese
        ("lodz ", 9),  # typed without the marks FTS5 keeps
        ("kobenhavn ", 9),
        ("еще ", 10),  # ё typed as е, as Russian is mostly typed
        ("ещё ", 10),
        ("ωρα ", 11),  # Greek typed without its accents
        ("ΏΡΑ ", 11),
        ("διακομιστης ", 11),
    ],
)
def test_a_word_as_people_type_it_finds_its_article(
    db: sqlite_utils.Database, typed: str, article: int
) -> None:
    assert first(db, typed) == article


def test_a_character_still_being_typed_finds_the_words_it_starts(
    db: sqlite_utils.Database,
) -> None:
    assert {hit.id for hit in kb.search(db, "印")} == {4, 5}  # 印刷, 打印机
    assert first(db, "打印") == 5


def test_a_sentence_finds_the_article_with_most_of_its_words(db: sqlite_utils.Database) -> None:
    assert first(db, "印刷ができません ") == 4  # the article says 印刷できない
    assert first(db, "打印机不能打印文件 ") == 5


def test_an_unrelated_script_finds_nothing(db: sqlite_utils.Database) -> None:
    assert kb.search(db, "スキャナー ") == []
    assert kb.search(db, "扫描仪 ") == []


def test_a_title_counts_more_than_the_text(tmp_path: Path) -> None:
    db = kb_of(
        tmp_path / "kb.db",
        [(1, "网络连接", "打印机的说明在别处"), (2, "打印机卡纸", "取出纸张")],
    )
    assert [hit.id for hit in kb.search(db, "打印机 ")] == [2, 1]


def test_a_draft_written_here_is_found_and_found_again_after_an_edit(tmp_path: Path) -> None:
    db = open_database(tmp_path / "kb.db")
    draft = draft_article(db, name="スキャナーの紙詰まり", summary="", content="ローラーを清掃する")
    assert first(db, "紙詰まり ") == draft
    assert first(db, "ローラー ") == draft
    row = db.execute("SELECT seq FROM outbox").fetchone()
    outbox.edit(db, row[0], {"content": "ガラス面を拭く"})
    assert first(db, "ガラス ") == draft
    assert kb.search(db, "ローラー ") == []


def test_articles_stored_before_the_update_are_found(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    rows = [(4, "プリンターが印刷できない", "トナー"), (9, "Printer offline", "Power cycle it")]
    with replica_before(path, "name_forms") as old:
        for article_id, name, text in rows:
            old.execute(
                "INSERT INTO articles (id, name, summary, content, content_text)"
                " VALUES (?, ?, '', ?, ?)",
                [article_id, name, text, text],
            )

    db = open_database(path)
    assert first(db, "印刷 ") == 4
    assert first(db, "トナー ") == 4
    assert first(db, "printer ") == 9  # the rest of the KB is found as before
    with transaction(db):
        kb.apply_remote_articles(db, [])
    forms = db.execute("SELECT text_forms FROM articles WHERE id = 9").fetchone()[0]
    assert forms == ""  # plain ASCII: nothing more to index


def test_the_snippet_marks_the_word_inside_its_sentence(tmp_path: Path) -> None:
    # Past what FTS5's snippet() is asked for (kb.SNIPPET_TEXT_MAX).
    long_text = "設定の手順。" * 3000 + "最後にトナーカートリッジを交換する。"
    db = kb_of(
        tmp_path / "kb.db",
        [(1, "打印机无法打印", "检查电源线和网络连接"), (2, "長い手順書", long_text)],
    )
    [hit] = kb.search(db, "电源 ")
    assert hit.snippet == "检查[电源]线和网络连接"
    [hit] = kb.search(db, "トナー ")
    assert hit.snippet.startswith("…") and "最後に[トナー]カートリッジ" in hit.snippet
