"""Plain text as HTML that shows it as it is: a stranger's words never read as markup.

Light on purpose (the standard library's ``html`` and ``re`` only): the visit list's tooltips
use it before the window's first paint, the sanitiser's modules load later.
"""

from __future__ import annotations

import html

from sync.shown_text import shown_text


def plain_html(text: str) -> str:
    """Plain text as HTML: a block per line (Qt lays out one long block slowly), without
    what could hide or reorder its words (``shown_text``)."""
    # A lone carriage return overwrites a line on a terminal: here it starts one.
    lines = (
        html.escape(shown_text(text), quote=False)
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .split("\n")
    )
    return "".join(f"<div>{line}</div>" if line.strip() else "<div>\u00a0</div>" for line in lines)
