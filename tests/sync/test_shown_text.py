"""shown_text: a stranger's text without what hides or reorders it, every script kept."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from sync.shown_text import shown_text

RLO, PDF, LRE, RLI, PDI, RLM, ZWSP, ZWNJ, ZWJ = (
    "\u202e",
    "\u202c",
    "\u202a",
    "\u2067",
    "\u2069",
    "\u200f",
    "\u200b",
    "\u200c",
    "\u200d",
)


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        (f"printer {RLO}fdp.exe note", "printer fdp.exe note"),  # read "printer eton exe.pdf"
        (f"1 {RLO}Evil{PDF} Road", "1 Evil Road"),  # read "1 livE Road"
        (f"+44 {RLO}4321", "+44 4321"),  # read "+44 1234"
        (f"{LRE}a{PDF} {RLI}b{PDI} +44 {RLM}23 9200", "a b +44 23 9200"),
        (f"pay{ZWSP}pal\u2060\ufeff\u00ad", "paypal"),  # zero-width, soft hyphen, BOM
        ("\x1b]0;TITLE\x07\x1b[31mRED\x9b", "]0;TITLE[31mRED"),  # controls, C1 too
        ("line one\n\tline two\r\n", "line one\n\tline two\r\n"),  # layout kept
    ],
)
def test_what_reorders_or_hides_text_is_removed(written: str, shown: str) -> None:
    assert shown_text(written) == shown


@pytest.mark.parametrize(
    "name",
    [
        "محمد عبد الله",  # Arabic: right to left by itself, no override needed
        "דוד לוי, רחוב הרצל 12",  # Hebrew, with digits
        f"می{ZWNJ}خواهم",  # Persian: the non-joiner is part of the word
        f"👩{ZWJ}🔧 Ana",  # an emoji sequence: the joiner makes one picture
        "Łukasz Müller-Ødegård",
    ],
)
def test_ordinary_text_of_every_script_stays_as_written(name: str) -> None:
    assert shown_text(name) == name


def test_a_joiner_that_joins_nothing_is_removed() -> None:
    assert shown_text(f"{ZWJ}pay{ZWNJ} pal{ZWJ}") == "pay pal"
    assert shown_text(f"a{ZWJ}{ZWJ}{ZWJ}b") == f"a{ZWJ}b"


def test_every_control_and_format_character_of_unicode_is_removed() -> None:
    """The list in sync/shown_text.py is complete for this Python's Unicode."""
    kept = set("\t\n\r" + ZWNJ + ZWJ)
    hidden = [
        chr(c)
        for c in range(sys.maxunicode + 1)
        if unicodedata.category(chr(c)) in ("Cc", "Cf", "Cs") and chr(c) not in kept
    ]
    assert len(hidden) > 150
    assert [hex(ord(c)) for c in hidden if shown_text(f"a{c}b") != "ab"] == []


def test_an_empty_or_invisible_subject_is_named() -> None:
    from sync.shown_text import shown_subject  # noqa: PLC0415

    assert shown_subject("") == "(no subject)"
    assert shown_subject(None) == "(no subject)"
    assert shown_subject(" \u202e\u200b ") == "(no subject)"
    assert shown_subject("Printer \u202ejammed") == "Printer jammed"
