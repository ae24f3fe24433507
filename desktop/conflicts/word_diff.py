"""A readable word-level diff of two texts, as HTML (for the conflicts screen)."""

from __future__ import annotations

import html
import re
from difflib import SequenceMatcher

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)
# Light marks with their own dark text: the palette's text colour on them was near-white
# on pale green in a dark scheme, the two values to choose between unreadable.
ADDED = "background-color:#c8e6c9; color:#1b1b1b"
REMOVED = "background-color:#ffcdd2; color:#1b1b1b; text-decoration:line-through"


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _show(tokens: list[str]) -> str:
    return html.escape("".join(tokens)).replace("\n", "<br>")


def diff_html(base: str | None, value: str | None) -> str:
    """value, with what it adds to base highlighted and what it drops struck through."""
    old, new = _tokens(base or ""), _tokens(value or "")
    out: list[str] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(_show(new[j1:j2]))
            continue
        if op in ("delete", "replace") and "".join(old[i1:i2]).strip():
            out.append(f"<span style='{REMOVED}'>{_show(old[i1:i2])}</span>")
        if op in ("insert", "replace") and "".join(new[j1:j2]).strip():
            out.append(f"<span style='{ADDED}'>{_show(new[j1:j2])}</span>")
        elif op in ("insert", "replace"):
            out.append(_show(new[j1:j2]))
    return "".join(out)


def plain_html(value: str | None) -> str:
    return _show([value]) if value else ""
