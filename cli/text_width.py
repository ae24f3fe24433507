"""Text fitted to a terminal's columns by the room it takes on screen.

A terminal draws a Chinese or Japanese letter (and most emoji) two columns wide, and
an accent typed as a mark of its own in none: a column padded by counting characters
("山田商事 東京") pushes the next one out of line, and a cut by characters can part
a letter from its accent or an emoji from the ones joined to it.  Most sites and
names are Latin, one column a character: those are fitted as a format string fits
them, without loading ``unicodedata`` (``fielddesk visits`` starts cold each time,
issue 12 item 5).
"""

from __future__ import annotations

# Below it (ASCII, Latin-1, the extended Latin letters, IPA), every character that
# can be shown takes one column: combining marks start at U+0300.
_ONE_COLUMN_EACH = "\u0300"
_JOINER = "\u200d"
_JOINERS = "\u200c\u200d"
_EMOJI_STYLE = "\ufe0f"  # draws the character before it as a (two-column) emoji
_SKIN_TONES = ("\U0001f3fb", "\U0001f3ff")
_FLAG_LETTERS = ("\U0001f1e6", "\U0001f1ff")  # a flag is two of them


def fitted(text: str, columns: int) -> str:
    """``text`` cut to at most ``columns`` columns, never inside a letter with its
    marks or an emoji sequence, and padded with spaces to exactly ``columns``."""
    if text.isascii() or max(text) < _ONE_COLUMN_EACH:
        return text[:columns].ljust(columns)
    kept: list[str] = []
    used = 0
    for cluster in _clusters(text):
        width = _columns(cluster)
        if used + width > columns:
            break
        kept.append(cluster)
        used += width
    return "".join(kept) + " " * (columns - used)


def _clusters(text: str) -> list[str]:
    """The characters as a reader counts them, as far as cheaply told: a letter with
    its marks, an emoji with its skin tone and what is joined to it, a flag."""
    import unicodedata  # noqa: PLC0415 - only for text beyond Latin

    clusters: list[str] = []
    for character in text:
        if clusters and _continues(clusters[-1], character, unicodedata.category(character)):
            clusters[-1] += character
        else:
            clusters.append(character)
    return clusters


def _continues(cluster: str, character: str, category: str) -> bool:
    return (
        category in ("Mn", "Me", "Mc")  # a mark (variation selectors too) on what precedes
        or character in _JOINERS
        or cluster[-1] == _JOINER
        or _SKIN_TONES[0] <= character <= _SKIN_TONES[1]
        or (len(cluster) == 1 and _is_flag_letter(cluster) and _is_flag_letter(character))
    )


def _is_flag_letter(character: str) -> bool:
    return _FLAG_LETTERS[0] <= character <= _FLAG_LETTERS[1]


def _columns(cluster: str) -> int:
    """A cluster is as wide as its first character, or two drawn as an emoji."""
    import unicodedata  # noqa: PLC0415 - loaded by _clusters already

    first = cluster[0]
    if unicodedata.category(first) in ("Mn", "Me", "Cf"):
        return 0  # a mark with nothing before it, a stray joiner
    if _EMOJI_STYLE in cluster or _is_flag_letter(first):
        return 2
    return 2 if unicodedata.east_asian_width(first) in ("W", "F") else 1
