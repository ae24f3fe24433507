"""What a technician typed, as FTS5 queries that find the article they meant.

People type sentences ("outlook password prompt keeps popping up"), other word
forms than the article uses ("disconnecting" for "disconnects"), typos
("outlok") and error codes ("13.B2", "0x0000011b", "169.254").  The text is cut
into *concepts*: one per word, or one per code (a run of tokens joined by dots,
dashes or colons, matched as a phrase).  A code of three parts or more also
matches its family: a printer shows "13.B2.D1", the article is about "13.B2"
jams (the exact code still ranks first: the wider steps only add to it).  A
word concept also matches its other forms (a prefix of its crude stem) and,
when the KB has no such word, the KB's words one typo away.

Search widens in steps and stops once it has enough: every word as typed;
every concept in some form; any concept, where bm25 ranks the articles that
match more and rarer words (titles weighted) first.  Before widening, each
concept is sized (articles counted up to ``COMMON_DOCS``): on a large KB a
common word ("printer" in half of it) only ranks, and a rare word's other forms
are left out when they are common ("print*"), so the wide steps cost what the
rarer words cost, whatever the size of the KB.  User text never reaches
FTS5 as syntax: every term is quoted, so no input can make a query fail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils


# Words that say nothing about which article is meant; dropped unless the
# text has nothing else.
_STOP_WORDS_TEXT = """a an the and or but of to in on at for with from by into onto over under about
    is are was were be been being am it its it's this that these those there here
    i me my we our us you your he she they them their his her
    do does did doing done has have had having can could will would should shall may might
    not no nor any some all every each just only very too also again still even
    keeps keep kept getting gets get got goes going went come comes came
    after before when while during since until then than so if because as
    up down out off how what why which who whom where whose
    please help issue problem"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

# Endings dropped to reach the stem the other word forms share.
_SUFFIXES = ("ations", "ation", "ings", "ing", "edly", "ed", "ers", "er", "ies", "es", "s", "ly")
_TOKEN = re.compile(r"\w+", re.UNICODE)
# A code: word characters joined by . - : / without spaces, with a digit in it.
_CODE = re.compile(r"\w+(?:[.\-:/]\w+)+", re.UNICODE)
MIN_STEM_LENGTH = 4  # shorter stems prefix too many words ("ip*", "pc*")
MIN_FUZZY_LENGTH = 5  # shorter words have too many neighbours one typo away


@dataclass(frozen=True)
class Concept:
    """One thing the user asked for, as an FTS5 expression (alternatives OR'd)."""

    text: str
    alternatives: tuple[str, ...]  # the first is the text as typed
    prefix: bool = False  # the last word, still being typed

    @property
    def as_typed(self) -> str:
        return self.alternatives[0] + ("*" if self.prefix else "")

    @property
    def expression(self) -> str:
        every = dict.fromkeys([self.as_typed, *self.alternatives])
        return next(iter(every)) if len(every) == 1 else "(" + " OR ".join(every) + ")"


def quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def crude_stem(word: str) -> str:
    """``disconnecting`` -> ``disconnect``, ``printers`` -> ``print``, ``popping`` -> ``pop``."""
    for suffix in _SUFFIXES:
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= 4:
            if len(stem) >= 2 and stem[-1] == stem[-2] and stem[-1] not in "ls":
                stem = stem[:-1]  # popp(ing) -> pop
            return stem
    return word


def concepts(text: str) -> list[Concept]:
    """The concepts of text, in order; the last word is a prefix while still being typed."""
    typing = not text.endswith((" ", "\t", "\n")) or text.rstrip().endswith("*")
    found: list[Concept] = []
    position = 0
    for code in _CODE.finditer(text):
        found.extend(_word_concepts(text[position : code.start()]))
        tokens = _TOKEN.findall(code.group().lower())
        if any(c.isdigit() for c in code.group()):
            families = [quoted(" ".join(tokens[:n])) for n in range(len(tokens) - 1, 1, -1)]
            found.append(Concept(code.group(), (quoted(" ".join(tokens)), *families)))
        else:  # "wi-fi", "usb-c": a phrase too, but also the glued form
            found.append(Concept(code.group(), (quoted(" ".join(tokens)), quoted("".join(tokens)))))
        position = code.end()
    found.extend(_word_concepts(text[position:]))
    if found and typing and text.rstrip(" *")[-1:].isalnum():
        found[-1] = Concept(found[-1].text, found[-1].alternatives, prefix=True)
    meaningful = [c for c in found if c.text.lower() not in STOP_WORDS]
    return meaningful or found


def _word_concepts(text: str) -> list[Concept]:
    result = []
    for word in _TOKEN.findall(text.lower()):
        alternatives = [quoted(word)]
        stem = crude_stem(word)
        if len(stem) >= MIN_STEM_LENGTH:  # "stick" finds "sticky", "rebooting" "reboots"
            alternatives.append(quoted(stem) + "*")
        result.append(Concept(word, tuple(alternatives)))
    return result


# A word in more articles than this narrows nothing down on a large KB: the wide
# steps leave it (and its other forms) out of what they search by, and only use it
# to rank.  Counting stops there, so sizing a word costs the same at any KB size;
# a KB of fewer articles never has such a word.
COMMON_DOCS = 1000


@dataclass(frozen=True)
class Sized:
    """A concept and how far it narrows the search (articles counted up to COMMON_DOCS + 1)."""

    concept: Concept
    as_typed: int  # articles with the word as typed
    in_any_form: int  # articles with the word in any of its forms

    @property
    def narrowing(self) -> str | None:
        """The expression to find articles by: every form while that stays narrow, the
        word as typed when only its other forms are common ("printers", not "print*"),
        None when the word itself is common (or is a typo of a common word)."""
        if self.in_any_form <= COMMON_DOCS:
            return self.concept.expression
        return self.concept.as_typed if 0 < self.as_typed <= COMMON_DOCS else None

    @property
    def ranking(self) -> str:
        """The expression that ranks articles holding a common word higher."""
        return self.concept.as_typed if self.as_typed else self.concept.expression


def sized(db: sqlite_utils.Database, concept: Concept) -> Sized:
    as_typed = documents(db, concept.as_typed)
    if as_typed > COMMON_DOCS or concept.expression == concept.as_typed:
        return Sized(concept, as_typed, as_typed)
    return Sized(concept, as_typed, documents(db, concept.expression))


def documents(db: sqlite_utils.Database, expression: str) -> int:
    """Articles matching expression, counted up to COMMON_DOCS + 1."""
    count: int = db.execute(
        "SELECT count(*) FROM (SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? LIMIT ?)",
        [expression, COMMON_DOCS + 1],
    ).fetchone()[0]
    return count


def sized_with_typos_corrected(db: sqlite_utils.Database, found: list[Concept]) -> list[Sized]:
    """Each concept sized; a word the KB does not have in any form also matches the
    KB's words one or two typos away."""
    result = []
    for concept in found:
        size = sized(db, concept)
        word = concept.text
        if size.in_any_form == 0 and len(word) >= MIN_FUZZY_LENGTH and word.isalpha():
            near = nearest_terms(db, word)
            if near:
                alternatives = (*concept.alternatives, *(quoted(t) for t in near))
                size = sized(db, Concept(word, alternatives, concept.prefix))
        result.append(size)
    return result


def nearest_terms(db: sqlite_utils.Database, word: str, most: int = 3) -> list[str]:
    """The KB's indexed words closest to word (edit distance 1, 2 for long words).

    Only words starting as the typed word does are read (FTS5 counts each one's
    articles as it reads it: a whole letter of a 100 000-article KB's vocabulary
    costs more than the search): its first two letters, or its first and third (a
    letter slipped in second, or the 2nd and 3rd swapped).  A typo in the first
    two letters otherwise is not corrected.
    """
    _vocabulary(db)
    allowed = 1 if len(word) < 8 else 2
    starts = dict.fromkeys([word[:2], word[0] + word[2:3]])
    scored = []
    for start in starts:
        rows = db.execute(
            "SELECT term, doc FROM temp.articles_vocab WHERE term >= ? AND term < ?"
            " AND length(term) BETWEEN ? AND ?",
            [start, start[:-1] + chr(ord(start[-1]) + 1), len(word) - allowed, len(word) + allowed],
        ).fetchall()
        for term, documents in rows:
            distance = edit_distance(word, term, allowed)
            if distance <= allowed:
                scored.append((distance, -documents, term))
    return [term for _, _, term in sorted(scored)[:most]]


def _vocabulary(db: sqlite_utils.Database) -> None:
    """A per-connection view of the FTS index's words (nothing stored in the replica)."""
    db.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.articles_vocab"
        " USING fts5vocab(main, articles_fts, 'row')"
    )


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (a swap of neighbours is one typo); > limit early."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if before is not None and i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1]
