"""Text folded for matching what a technician types against what others wrote.

Typed on an English keyboard, "cafe" has to find "Café", "tromso" "Tromsø" and
"istanbul" "İstanbul"; typed on a Mac, "Müller" arrives as "u" and a combining
diaeresis and has to find the "ü" written on Windows.  Both sides are folded
the same way, then compared as plain strings.
"""

from __future__ import annotations

import re
import unicodedata

# Latin letters with no accent to take off (Unicode does not decompose them),
# as they are spelt without their own key.  Lower case: looked for after casefold().
# The KB's search index folds them too (sync.store.kb_forms).
PLAIN_LETTERS = {
    "æ": "ae",
    "ð": "d",
    "đ": "d",
    "ħ": "h",
    "ı": "i",
    "ł": "l",
    "ø": "o",
    "œ": "oe",
    "þ": "th",
    "ŧ": "t",
}
_PLAIN_LETTER = re.compile(f"[{''.join(PLAIN_LETTERS)}]")
# The block of combining marks that Latin, Greek and Cyrillic accents decompose into.
_COMMON_MARKS = re.compile("[\u0300-\u036f]+")


def without_accents(text: str) -> str:
    """text with its accents taken off: decomposed (NFKD), its combining marks left out
    ("Café" → "Cafe", "İ" → "I", "ﬁ" → "fi")."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def folded(text: str) -> str:
    """text as it is matched: case, accents and the ways of writing a letter ignored
    ("İstanbul", "Zürich", "Mu\u0308ller", "ΟΔΟΣ", "Straße", "Tromsø" → "istanbul",
    "zurich", "muller", "οδοσ", "strasse", "tromso").

    Worked out for every visit a refresh brings: most text is ASCII, or Latin whose
    accents are all in one block of marks, and is folded by C code alone."""
    if text.isascii():
        return text.lower()  # what casefold() does to ASCII, several times faster
    latin = _COMMON_MARKS.sub("", unicodedata.normalize("NFKD", text)).lower()
    if latin.isascii():
        return latin
    return _PLAIN_LETTER.sub(_plain_letter, without_accents(latin).casefold())


def _plain_letter(match: re.Match[str]) -> str:
    return PLAIN_LETTERS[match.group()]
