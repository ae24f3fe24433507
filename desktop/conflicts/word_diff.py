"""A readable word-level diff of two texts, as HTML (for the conflicts screen).

What a value drops from the base shows as ``[−dropped words]`` (struck through) and
what it adds as ``[+added words]`` (underlined): the marks are text, so a screen
reader says them and a copy keeps them apart -- colour alone was silent, and the old
and new words ran together ("tonerdrum").  Changes with only spaces between them make
one mark, a phrase against a phrase.  A value over an empty base is all new: it shows
underlined, without marks round every word.
"""

from __future__ import annotations

import html
import re
from difflib import SequenceMatcher
from itertools import chain, groupby

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)
# Light marks with their own dark text: the palette's text colour on them was near-white
# on pale green in a dark scheme, the two values to choose between unreadable.
ADDED = "background-color:#c8e6c9; color:#1b1b1b"
REMOVED = "background-color:#ffcdd2; color:#1b1b1b"
# The words only: a line through "[−" hid the sign.
LINES = {ADDED: "underline", REMOVED: "line-through"}
ADDED_SIGN, REMOVED_SIGN = "+", "\N{MINUS SIGN}"

# (changed, the base's tokens, the value's tokens) of one stretch of the two texts
Stretch = tuple[bool, list[str], list[str]]


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _show(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _blank(tokens: list[str]) -> bool:
    return not "".join(tokens).strip()


def _stretches(old: list[str], new: list[str]) -> list[Stretch]:
    """The texts as kept and changed stretches; changes only spaces apart made one."""
    found: list[Stretch] = [
        (op != "equal", old[i1:i2], new[j1:j2])
        for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    ]
    for k in range(1, len(found) - 1):
        changed, gone, came = found[k]
        if not changed and _blank(came) and found[k - 1][0] and found[k + 1][0]:
            found[k] = (True, gone, came)
    joined: list[Stretch] = []
    for changed, group in groupby(found, key=lambda stretch: stretch[0]):
        parts = list(group)
        gone = list(chain.from_iterable(part[1] for part in parts))
        joined.append((changed, gone, list(chain.from_iterable(part[2] for part in parts))))
    return joined


def _marked(style: str, text: str, sign: str | None = None) -> str:
    """text on the mark's colour, lined; in brackets after ``sign`` if given."""
    words = f"<span style='text-decoration:{LINES[style]}'>{_show(text)}</span>"
    return f"<span style='{style}'>{words if sign is None else f'[{sign}{words}]'}</span>"


def _change(gone: str, came: str) -> str:
    """``[−gone] [+came]``, with the spaces round the change outside the marks."""
    sides = ((REMOVED, REMOVED_SIGN, gone.strip()), (ADDED, ADDED_SIGN, came.strip()))
    shown = " ".join(_marked(style, words, sign) for style, sign, words in sides if words)
    if not shown:  # only spaces changed
        return _show(came)
    around = came if came.strip() else gone
    words = around.strip()
    start = around.index(words)
    return _show(around[:start]) + shown + _show(around[start + len(words) :])


def diff_html(base: str | None, value: str | None) -> str:
    """value, with what it drops from base and what it adds marked in words."""
    old, new = _tokens(base or ""), _tokens(value or "")
    if _blank(old):
        return _marked(ADDED, value) if value else ""
    out: list[str] = []
    for changed, gone, came in _stretches(old, new):
        out.append(_change("".join(gone), "".join(came)) if changed else _show("".join(came)))
    return "".join(out)


def plain_html(value: str | None) -> str:
    return _show(value) if value else ""
