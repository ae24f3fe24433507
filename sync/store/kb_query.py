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

Before the wider steps, each concept also takes the KB's other *spellings* of
it (``respelled``): words typed apart that the KB writes as one ("bit locker",
"ZT 411") become one concept; a word the KB does not have matches its parts
("wifi" the phrase "wi fi", "13B2" "13 b2") or its model family ("M404dn" the
"M404"); a code also matches its glued form ("rj-45" "rj45"); a short word its
other forms ("jammed" "jam", "jams"); and a word of ``SYNONYMS`` the other
words for the same thing ("wireless" "Wi-Fi").  Each candidate is looked up in
the FTS index first, so only spellings the KB holds reach the query.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sync.store.kb_forms import CJK_RUN, case_variants, folded, phrase, typed_pieces

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
    follows: bool = False  # typed right after the previous concept, only spaces between

    @property
    def as_typed(self) -> str:
        return self.alternatives[0] + ("*" if self.prefix else "")

    @property
    def expression(self) -> str:
        every = dict.fromkeys([self.as_typed, *self.alternatives])
        return next(iter(every)) if len(every) == 1 else "(" + " OR ".join(every) + ")"

    @property
    def is_word(self) -> bool:
        return _TOKEN.fullmatch(self.text) is not None


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
    text = folded(text)  # as the KB's other forms are written (kb_forms)
    typing = not text.endswith((" ", "\t", "\n")) or text.rstrip().endswith("*")
    found: list[tuple[Concept, int, int]] = []  # with where each was typed
    position = 0
    for code in _CODE.finditer(text):
        found.extend(_word_concepts(text, position, code.start()))
        tokens = _TOKEN.findall(code.group())
        if any(c.isdigit() for c in code.group()):
            families = [quoted(" ".join(tokens[:n])) for n in range(len(tokens) - 1, 1, -1)]
            concept = Concept(code.group(), (quoted(" ".join(tokens)), *families))
        else:  # "wi-fi", "usb-c": a phrase too, but also the glued form
            concept = Concept(code.group(), (quoted(" ".join(tokens)), quoted("".join(tokens))))
        found.append((concept, code.start(), code.end()))
        position = code.end()
    found.extend(_word_concepts(text, position, len(text)))
    if found and typing and text.rstrip(" *")[-1:].isalnum():
        found[-1] = (replace(found[-1][0], prefix=True), *found[-1][1:])
    meaningful = [f for f in found if f[0].text.lower() not in STOP_WORDS] or found
    return [
        replace(concept, follows=i > 0 and not text[meaningful[i - 1][2] : start].strip())
        for i, (concept, start, _) in enumerate(meaningful)
    ]


def _word_concepts(text: str, start: int, end: int) -> list[tuple[Concept, int, int]]:
    result = []
    for match in _TOKEN.finditer(text, start, end):
        # Chinese, Japanese or Korean in it: its words, as kb_forms cuts them, each the
        # phrase of its pairs of characters (a single character starts a pair).
        for word in typed_pieces(match.group()):
            if CJK_RUN.match(word):
                concept = Concept(word, (quoted(phrase(word)),), prefix=len(word) == 1)
            else:
                alternatives = [quoted(w) for w in [word, *case_variants(word)]]
                stem = crude_stem(word)
                if len(stem) >= MIN_STEM_LENGTH:  # "stick" finds "sticky", "rebooting" "reboots"
                    alternatives.append(quoted(stem) + "*")
                concept = Concept(word, tuple(alternatives))
            result.append((concept, match.start(), match.end()))
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
    """Each concept, respelled as the KB writes it, sized; a word the KB does not have
    in any form also matches the KB's words one or two typos away."""
    result = []
    for concept in respelled(db, found):
        size = sized(db, concept)
        word = concept.text
        if size.in_any_form == 0 and len(word) >= MIN_FUZZY_LENGTH and word.isalpha():
            near = nearest_terms(db, word)
            if near:
                alternatives = (*concept.alternatives, *(quoted(t) for t in near))
                size = sized(db, Concept(word, alternatives, concept.prefix))
        result.append(size)
    return result


# Words for the same thing in field IT, each group as technicians and articles
# write them.  Only the words: their other spellings ("wi-fi", "Wi Fi", "WiFi")
# come from the KB's vocabulary (``spellings``), never from this table.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("wifi", "wireless", "wlan"),
    ("access point", "ap"),
    ("copier", "mfp", "multifunction printer"),
    ("card terminal", "card machine", "pdq", "ped", "pin pad"),
    ("mfa", "2fa", "two factor", "multi factor"),
    ("bsod", "blue screen"),
    ("laptop", "notebook"),
    ("till", "pos", "epos"),
)
_LETTERS_OR_DIGITS = re.compile(r"\d+|[^\W\d_]+")
MAX_LETTER_DIGIT_RUNS = 4  # "13b2" is 3 runs; a serial number is not worth respelling
MAX_SPLIT_LENGTH = 16  # longer words are not two words glued (and cost a lookup a letter)
MODEL_SUFFIX_LETTERS = 3  # "M404dn" is an "M404": the letters after a model's number


def compact(text: str) -> str:
    """What is typed, without case, spaces or punctuation: ``Wi-Fi`` -> ``wifi``."""
    return "".join(_TOKEN.findall(text.lower()))


def _synonym_index() -> dict[str, tuple[str, ...]]:
    index: dict[str, tuple[str, ...]] = {}
    for group in SYNONYMS:
        for word in group:
            index[compact(word)] = tuple(w for w in group if w != word)
    return index


_SYNONYMS = _synonym_index()


class Vocabulary:
    """Whether the KB holds a word or phrase (remembered for one search).

    Looked up through the FTS index (the first matching article is enough), not
    fts5vocab: that counts every article of each word it reads, which for a
    common word of a large KB costs more than the search.
    """

    def __init__(self, db: sqlite_utils.Database) -> None:
        self._db = db
        self._known: dict[str, bool] = {}

    def has(self, expression: str) -> bool:
        if expression not in self._known:
            row = self._db.execute(
                "SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? LIMIT 1", [expression]
            ).fetchone()
            self._known[expression] = row is not None
        return self._known[expression]

    def phrase(self, words: list[str]) -> str | None:
        """The phrase of words if the KB holds it (each word looked up first: cheaper)."""
        if not all(self.has(quoted(w)) for w in words):
            return None
        return quoted(" ".join(words)) if self.has(quoted(" ".join(words))) else None


def respelled(db: sqlite_utils.Database, found: list[Concept]) -> list[Concept]:
    """found with the KB's other spellings of each concept among its alternatives.

    Two words typed apart that the KB writes as one word ("bit locker", "ZT 411"),
    or that name a thing of ``SYNONYMS`` ("card machine"), become one concept;
    each concept then also matches the spellings of ``spellings`` and of its
    synonyms, and a short word its other forms.  Only what the KB holds is added.
    """
    vocabulary = Vocabulary(db)
    return [_with_spellings(c, vocabulary) for c in _joined(found, vocabulary)]


def _joined(found: list[Concept], vocabulary: Vocabulary) -> list[Concept]:
    result: list[Concept] = []
    for concept in found:
        before = result[-1] if result else None
        if before is not None and concept.follows and before.is_word and concept.is_word:
            glued = before.text + concept.text
            if glued in _SYNONYMS or vocabulary.has(quoted(glued)):
                phrase = quoted(f"{before.text} {concept.text}")
                alternatives = (
                    (phrase, quoted(glued)) if vocabulary.has(quoted(glued)) else (phrase,)
                )
                result[-1] = Concept(
                    f"{before.text} {concept.text}", alternatives, concept.prefix, before.follows
                )
                continue
        result.append(concept)
    return result


def _with_spellings(concept: Concept, vocabulary: Vocabulary) -> Concept:
    key = compact(concept.text)
    more: list[str] = []
    if not concept.is_word:  # a code, or two words joined: its glued form
        more += [quoted(key)] if vocabulary.has(quoted(key)) else []
    elif not vocabulary.has(concept.as_typed):  # a word the KB does not have as typed
        more += spellings(key, vocabulary)
    if concept.is_word and len(crude_stem(key)) < MIN_STEM_LENGTH:  # no stem prefix
        more += [quoted(f) for f in word_forms(key) if vocabulary.has(quoted(f))]
    for synonym in _synonyms(key):
        words = _TOKEN.findall(synonym)
        if len(words) > 1:
            phrase = vocabulary.phrase(words)
            more += [phrase] if phrase else []
        more += (
            [quoted(synonym)] if vocabulary.has(quoted(synonym)) else spellings(synonym, vocabulary)
        )
    if not more:
        return concept
    return replace(concept, alternatives=tuple(dict.fromkeys((*concept.alternatives, *more))))


def _synonyms(key: str) -> tuple[str, ...]:
    for singular in (key, key.removesuffix("s"), key.removesuffix("es")):
        if singular in _SYNONYMS:
            return _SYNONYMS[singular]
    return ()


def spellings(key: str, vocabulary: Vocabulary) -> list[str]:
    """FTS5 expressions for how the KB writes a word it does not hold as typed:
    in two words ("wifi" -> "wi fi", "email" -> "e mail"); split where letters
    and digits meet ("13b2" -> "13 b2", "zt411" -> "zt 411"); a model without
    the letters after its number ("m404dn" -> "m404")."""
    runs = _LETTERS_OR_DIGITS.findall(key)
    found: list[str] = []
    if "".join(runs) != key:
        return found
    if key.isalpha() and 4 <= len(key) <= MAX_SPLIT_LENGTH:
        for cut in range(1, len(key) - 1):  # "e mail" too, never "wif i"
            phrase = vocabulary.phrase([key[:cut], key[cut:]])
            found += [phrase] if phrase else []
    elif 1 < len(runs) <= MAX_LETTER_DIGIT_RUNS:
        for cuts in itertools.product((False, True), repeat=len(runs) - 1):
            if any(cuts):
                words = [runs[0]]
                for run, cut in zip(runs[1:], cuts, strict=True):
                    words = [*words, run] if cut else [*words[:-1], words[-1] + run]
                phrase = vocabulary.phrase(words)
                found += [phrase] if phrase else []
        model = "".join(runs[:-1])
        if (
            runs[-1].isalpha()
            and len(runs[-1]) <= MODEL_SUFFIX_LETTERS
            and len(runs) >= 3  # letters, a number, then its suffix
            and not key.startswith("0x")  # a hex code: every digit counts
            and vocabulary.has(quoted(model))
        ):
            found.append(quoted(model))
    return found


def word_forms(word: str) -> list[str]:
    """Other forms of a short word, for the KB to pick from (its stem is too short
    to match as a prefix): ``jammed`` -> ``jam``, ``jams``, ``jamming``..."""
    stems = {word}
    for suffix in _SUFFIXES:
        stem = word.removesuffix(suffix)
        if stem != word and len(stem) >= 3:
            stems.add(stem)
            if stem[-1] == stem[-2] and stem[-1] not in "ls":
                stems.add(stem[:-1])  # jamm(ed) -> jam
            break
    forms: set[str] = set()
    for stem in stems:
        if not any(vowel in stem for vowel in "aeiouy"):
            continue  # "vpn", "dns": an abbreviation has no other forms
        forms.update(stem + ending for ending in ("", "s", "es", "ed", "ing", "er", "ers"))
        if len(stem) == 3 and stem[1] in "aeiou" and stem[2] not in "aeiouwxy":
            forms.update(stem + stem[2] + ending for ending in ("ed", "ing", "er", "ers"))
    return sorted(forms - {word})


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
