"""A search hit's snippet for a text too long for FTS5's snippet(): the words around
the first match, marked as FTS5 marks them (``sync.store.kb.search`` uses it).

FTS5's snippet() weighs every match in a text against every other: its cost grows with
the square of the matches (a pasted 1 MB log with "toner" on each line: 2 s a search).
This one's cost grows with where the first match is, not with how many there are.
"""

from __future__ import annotations

import functools
import itertools
import re
from typing import TYPE_CHECKING

from sync.store.kb_forms import CJK_RUN
from sync.text_fold import without_accents

if TYPE_CHECKING:
    from collections.abc import Iterator

SNIPPET_TOKENS = 12  # words in a snippet (FTS5's and this one's)

# Tokens as FTS5's unicode61 tokenizer cuts them: letters and digits ("_" separates).
_FTS_TOKEN = re.compile(r"[^\W_]+")
_PHRASE = re.compile(r'"((?:[^"]|"")*)"(\*?)')  # a quoted term of an FTS5 query, maybe a prefix
_CONTEXT_CHARS = 120  # read on either side of the first match for the snippet's other words
_CJK_BEFORE, _CJK_AFTER = 12, 24  # characters around a CJK match (about 12 words' worth)


def snippet_around(text: str, query: str, marks: tuple[str, str]) -> str:
    """What FTS5's snippet() shows, for a text too long for it: ``SNIPPET_TOKENS`` words
    around the first match of query's terms, each match marked.  Its cost grows with
    where that match is (a scan for each term up to there), not with the matches' count.

    Matched as the index matches: case and Latin accents ignored ("cafe" marks "Café"),
    a term followed by ``*`` as a prefix, a quoted phrase as its words in a row."""
    # lower() keeps each character's place unless a letter grows ("İ"): then as written.
    lowered = text.lower()
    folded = lowered if len(lowered) == len(text) else text
    patterns = [p for term in _PHRASE.finditer(query) if (p := _term_pattern(*term.groups()))]
    first: re.Match[str] | None = None
    for pattern in patterns:  # each looked for only before the first match found so far
        first = next(
            _at_token_starts(pattern, folded, 0, first.start() if first else len(text)), first
        )
    start, end = _fragment(text, first)
    spans = [
        (m.start() - start, min(m.end(), end) - start)
        for pattern in patterns
        for m in _at_token_starts(pattern, folded, start, end)
    ]
    return (
        ("…" if _FTS_TOKEN.search(text, 0, start) else "")
        + _marked(text[start:end], spans, marks)
        + ("…" if _FTS_TOKEN.search(text, end) else "")
    )


def _fragment(text: str, match: re.Match[str] | None) -> tuple[int, int]:
    """Where the ``SNIPPET_TOKENS`` words around match are in text, the match in the
    middle (as snippet() centres it); without a match (the title or summary matched),
    the text's first words."""
    if match is None:
        words = _whole_words(text, 0, 2 * _CONTEXT_CHARS)[:SNIPPET_TOKENS]
        return (words[0].start(), words[-1].end()) if words else (0, 0)
    if CJK_RUN.match(text, match.start()):  # no spaces to count words by: characters
        return max(0, match.start() - _CJK_BEFORE), min(len(text), match.end() + _CJK_AFTER)
    matched = len(_FTS_TOKEN.findall(text, match.start(), match.end()))
    before = max(0, (SNIPPET_TOKENS - matched) // 2)
    after = max(0, SNIPPET_TOKENS - matched - before)
    preceding = _whole_words(text, max(0, match.start() - _CONTEXT_CHARS), match.start())
    start = preceding[-before:][0].start() if before and preceding else match.start()
    # A match over a long run of letters (a prefix in a pasted blob) is cut short.
    end = min(match.end(), match.start() + 2 * _CONTEXT_CHARS)
    following = _whole_words(text, end, end + _CONTEXT_CHARS)[:after]
    return start, following[-1].end() if following else end


def _whole_words(text: str, start: int, end: int) -> list[re.Match[str]]:
    """The words in text[start:end], but one cut by start or end."""
    return [
        word
        for word in _FTS_TOKEN.finditer(text, start, end)
        if not (word.start() == start > 0 and _FTS_TOKEN.match(text, start - 1))
        and not _FTS_TOKEN.match(text, word.end())
    ]


@functools.lru_cache(maxsize=256)
def _term_pattern(term: str, star: str) -> re.Pattern[str] | None:
    """A quoted FTS5 term (its text, and "*" for a prefix) as a pattern over lower-cased
    text (None: it holds no word)."""
    words = _FTS_TOKEN.findall(without_accents(term.replace('""', '"').lower()))
    if not words:
        return None
    if all(CJK_RUN.fullmatch(word) for word in words):  # a CJK word as its pairs (kb_forms)
        return re.compile(re.escape(words[0] + "".join(pair[-1] for pair in words[1:])))
    letters = _accented_letters()
    spelled = [
        "".join(f"[{c}{letters[c]}]" if c in letters else re.escape(c) for c in word)
        for word in words
    ]
    # Where a match starts is checked by _at_token_starts: a look-behind here would make
    # the regex engine try each position instead of skipping ahead to the first letter.
    return re.compile(r"[\W_]+".join(spelled) + (r"[^\W_]*" if star else r"(?![^\W_])"))


def _at_token_starts(
    pattern: re.Pattern[str], text: str, start: int, end: int
) -> Iterator[re.Match[str]]:
    """Pattern's matches in text[start:end] that begin a token (not "ink" in "think"),
    or a CJK word anywhere in its unspaced run."""
    for match in pattern.finditer(text, start, end):
        at = match.start()
        if at == 0 or CJK_RUN.match(text, at) or not _FTS_TOKEN.match(text, at - 1):
            yield match


@functools.cache
def _accented_letters() -> dict[str, str]:
    """Each ASCII letter's lower-case Latin forms with accents ("e": "èéêë…"), which
    the index's remove_diacritics folds into it; built at the first long snippet."""
    found: dict[str, set[str]] = {}
    for code in itertools.chain(range(0xC0, 0x250), range(0x1E00, 0x1F00)):
        letter = chr(code).lower()
        base = without_accents(letter)
        if base != letter and len(base) == 1 and base.isascii() and base.isalpha():
            found.setdefault(base, set()).add(letter)
    return {base: "".join(sorted(letters)) for base, letters in found.items()}


def _marked(text: str, spans: list[tuple[int, int]], marks: tuple[str, str]) -> str:
    """text with each span (overlapping ones as one) wrapped in marks."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces: list[str] = []
    done = 0
    for start, end in merged:
        pieces += [text[done:start], marks[0], text[start:end], marks[1]]
        done = end
    return "".join([*pieces, text[done:]])
