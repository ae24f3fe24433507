"""A plain-text article laid out as it was written: its headings and its bulleted lists.

IT writes many articles as plain text: "Symptoms", "Likely causes", "Steps" on lines
of their own, causes as "- …" and steps as "1. …".  Shown line by line, the headings
read as more text.  Here a short line that starts a block and introduces more (a list,
or a longer line) is a heading, in bold; "-", "*" or "•" lines are a bulleted list, an
indented line under an item continuing it.  Numbered steps stay lines as written: their
numbers are then in the text, copied into a note and read out by a screen reader (a
list's numbers are drawn, not text).  Every word is escaped before a tag is added, and
the result still goes through the sanitiser like any article.
"""

from __future__ import annotations

import html
import re

from sync.shown_text import shown_text

HEADING_MAX = 60  # "Likely causes" and "Verification", not a sentence that lost its stop
INTRODUCED_MIN = 20  # what follows a heading: a list, or a line at least this long
# The reader shows ~40-60 K characters of an article before it cuts it (bounded_html):
# laying out more would only cost the GUI thread time (a 100 KB article: 4× as long).
LAYOUT_MAX = 60_000
_BULLET = re.compile(r"\s*[-*•]\s+(\S.*)")
_NUMBERED = re.compile(r"\s*\d{1,3}[.)]\s+\S.*")
_KEY_VALUE = re.compile(r"[^:]{1,30}:\s+\S.*")  # "Printer: HP M404" is a fact, not a heading
_SENTENCE_END = tuple(".,;:!?")


def article_layout(text: str) -> str:
    """``text`` (its first LAYOUT_MAX characters) as HTML of headings, lists and lines."""
    lines = shown_text(text[:LAYOUT_MAX]).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            out.append("<div>\u00a0</div>")
            index += 1
        elif _is_heading(lines, index):
            out.append(f"<div><b>{_escaped(line.strip())}</b></div>")
            index += 1
        elif _BULLET.fullmatch(line):
            taken, items = _bullets_at(lines, index)
            out.append("<ul>" + "".join(f"<li>{_escaped(item)}</li>" for item in items) + "</ul>")
            index += taken
        else:
            out.append(f"<div>{_escaped(line)}</div>")
            index += 1
    return "".join(out)


def _escaped(text: str) -> str:
    return html.escape(text, quote=False)


def _is_heading(lines: list[str], index: int) -> bool:
    line = lines[index].strip()
    starts_block = index == 0 or not lines[index - 1].strip()
    following = lines[index + 1] if index + 1 < len(lines) else ""
    introduces = bool(_BULLET.fullmatch(following) or _NUMBERED.fullmatch(following)) or (
        len(following.strip()) >= INTRODUCED_MIN
    )
    return (
        starts_block
        and introduces
        and len(line) <= HEADING_MAX
        and not line.endswith(_SENTENCE_END)
        and not _BULLET.fullmatch(line)
        and not _NUMBERED.fullmatch(line)
        and not _KEY_VALUE.fullmatch(line)
    )


def _bullets_at(lines: list[str], index: int) -> tuple[int, list[str]]:
    """The bulleted items from ``index`` on, an indented line joined to the item above it
    (a long item wrapped by hand): how many lines they take, and the items' texts."""
    items: list[str] = []
    taken = 0
    for line in lines[index:]:
        found = _BULLET.fullmatch(line)
        if found is not None:
            items.append(found.group(1))
        elif items and line[:1].isspace() and line.strip():
            items[-1] += " " + line.strip()
        else:
            break
        taken += 1
    return taken, items
