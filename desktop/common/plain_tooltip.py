"""Tooltips that show the helpdesk's words as they are.

Qt guesses rich text from a tooltip's first line, and rich text loads the local files
an ``<img>`` names: a subject "<img src=/dev/zero> Printer offline" would have the
row's tooltip read /dev/zero forever.  So the markup is ours and the words escaped.
"""

from __future__ import annotations

from desktop.common.plain_html import plain_html

# Lines up to this long are kept whole; a longer one wraps (a plain tooltip's wraps
# only at the screen's width).
WHOLE_LINE = 120


def plain_tooltip(text: str | None) -> str:
    """``text`` as a tooltip Qt shows as it is, line by line ("" when none: no empty tip)."""
    if not text:
        return ""
    if max(len(line) for line in text.splitlines()) > WHOLE_LINE:
        return plain_html(text)  # wrapped to a width Qt picks
    # Kept whole, as a plain tooltip shows them (Qt wraps rich text even when short).
    return f"<div style='white-space:pre'>{plain_html(text)}</div>"
