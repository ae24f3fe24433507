"""KB search takes the spellings technicians type: joined, split, other words, other forms.

"wifi" for the KB's "Wi-Fi", "bit locker" for "BitLocker", "ZT 411" for "ZT411",
"13B2" for "13.B2", "M404dn" for the "M404" series, "wireless" for "Wi-Fi",
"jammed" for "jam": only spellings the KB holds are searched, and an error code
still finds the article that holds it as written first.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from sync.store import kb_query
from tests.sync.test_kb_query import ids, kb_of

WIFI, BITLOCKER, CABLE, ZEBRA, JAM, RECURRING, EPSON, DOCK, SPOOLER, CODES = range(1, 11)
ARTICLES = [
    (WIFI, "Wi-Fi channel planning", "Calls drop while walking between rooms"),
    (BITLOCKER, "BitLocker recovery key prompt", "The laptop asks for its key"),
    (CABLE, "Network cable testing and RJ45 termination", "The link drops when moved"),
    (ZEBRA, "Zebra ZT411: faded print", "Print head care"),
    (JAM, "HP LaserJet: clearing a 13.B2 paper jam", "M404/M428 series"),
    (RECURRING, "HP LaserJet M404/M428: recurring jams", "Rollers and fuser"),
    (EPSON, "Epson receipt printer cutter", "Remove the jammed paper"),
    (DOCK, "Docking station monitors blank", "The dock drops after sleep"),
    (SPOOLER, "Error 13 on the till, then B2 light", "Took a bit of time"),
    (CODES, "Windows print spooler 0x0000011b", "Self-assigned 169.254 address"),
]


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    return kb_of(tmp_path / "kb.db", ARTICLES)


@pytest.mark.parametrize("typed", ["wifi", "WiFi", "wifi ", "Wi-Fi", "wi fi", "wireless"])
def test_every_spelling_of_wifi_finds_the_wi_fi_article(
    db: sqlite_utils.Database, typed: str
) -> None:
    assert ids(db, typed) == [WIFI]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("bit locker", BITLOCKER),  # two words the KB writes as one
        ("ZT 411", ZEBRA),  # a model number typed with a space
        ("rj-45", CABLE),  # a code the KB writes without its dash
        ("13B2", JAM),  # an error code typed without its dot
        ("M404dn", RECURRING),  # the model on the asset: the article is on the M404 series
    ],
)
def test_the_kb_s_spelling_of_what_was_typed_is_found_first(
    db: sqlite_utils.Database, typed: str, expected: int
) -> None:
    assert ids(db, typed)[:1] == [expected]


def test_joined_words_find_the_article_not_the_words_apart(db: sqlite_utils.Database) -> None:
    assert ids(db, "bit locker ") == [BITLOCKER]  # not "a bit of time"


def test_a_short_word_finds_its_other_forms(db: sqlite_utils.Database) -> None:
    assert ids(db, "jammed")[:1] == [EPSON]  # as typed first
    assert sorted(ids(db, "jammed")) == [JAM, RECURRING, EPSON]


@pytest.mark.parametrize("typed", ["Wifi keeps dropping", "classroom wifi drops "])
def test_a_sentence_about_wifi_ranks_the_wi_fi_article_above_other_drops(
    db: sqlite_utils.Database, typed: str
) -> None:
    assert ids(db, typed)[:1] == [WIFI]


def test_error_codes_are_still_matched_as_written(db: sqlite_utils.Database) -> None:
    assert ids(db, "13.B2") == [JAM]  # not the till's "13 ... B2"
    assert ids(db, "0x0000011b") == [CODES]
    assert ids(db, "169.254") == [CODES]
    assert ids(db, "0x0000011c") == []  # one digit off is another code


def test_only_spellings_the_kb_holds_are_searched(db: sqlite_utils.Database) -> None:
    (wireless,) = kb_query.respelled(db, kb_query.concepts("wireless "))
    assert '"wi fi"' in wireless.alternatives
    assert '"wlan"' not in wireless.alternatives  # a synonym the KB does not use
    (jammed,) = kb_query.respelled(db, kb_query.concepts("jammed "))
    assert set(jammed.alternatives) == {'"jammed"', '"jam"', '"jams"'}


def test_words_the_kb_does_not_write_as_one_stay_two_concepts(
    db: sqlite_utils.Database,
) -> None:
    assert [c.text for c in kb_query.respelled(db, kb_query.concepts("paper jam "))] == [
        "paper",
        "jam",
    ]


@pytest.mark.parametrize(
    ("word", "forms"),
    [("jammed", {"jam", "jams", "jamming", "jammer"}), ("cut", {"cuts", "cutting", "cutter"})],
)
def test_word_forms_of_short_words(word: str, forms: set[str]) -> None:
    assert forms <= set(kb_query.word_forms(word))


def test_an_abbreviation_has_no_word_forms() -> None:
    assert kb_query.word_forms("vpn") == []
