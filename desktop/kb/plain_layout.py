"""A plain-text article laid out as it was written: headings, bulleted and numbered steps.

IT writes many articles as plain text: "Symptoms", "Likely causes", "Steps" on lines
of their own, steps as "1. …" and causes as "- …".  Shown line by line, the headings
read as more text and a wrapped step lost its number's indent.  Here a short line
that starts a block and is followed by more is a heading; "-", "*" or "•" lines are a
bulleted list; "1." (or "1)") lines counting up from 1 are a numbered one.  Anything
else stays a line as written.  Every word is escaped before a tag is added, and the
result still goes through the sanitiser like any article.
"""

from __future__ import annotations

import html
import re

from sync.shown_text import shown_text

HEADING_MAX = 60  # "Likely causes" and "Verification", not a sentence that lost its stop
_BULLET = re.compile(r"\s*[-*•]\s+(\S.*)")
_NUMBERED = re.compile(r"\s*(\d{1,3})[.)]\s+(\S.*)")
_SENTENCE_END = tuple(".,;:!?")


def article_layout(text: str) -> str:
    """``text`` as HTML of headings, lists and lines (escaped; see the module docstring)."""
    lines = shown_text(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
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
        else:
            taken, block = _list_at(lines, index)
            if taken:
                out.append(block)
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
    followed = index + 1 < len(lines) and bool(lines[index + 1].strip())
    return (
        starts_block
        and followed
        and len(line) <= HEADING_MAX
        and not line.endswith(_SENTENCE_END)
        and not _BULLET.fullmatch(line)
        and not _NUMBERED.fullmatch(line)
    )


def _list_at(lines: list[str], index: int) -> tuple[int, str]:
    """The list starting at ``index``: how many lines it takes and its HTML (0, "")."""
    bullets: list[str] = []
    while index + len(bullets) < len(lines):
        found = _BULLET.fullmatch(lines[index + len(bullets)])
        if found is None:
            break
        bullets.append(found.group(1))
    if bullets:
        return len(bullets), _items("ul", bullets)
    steps: list[str] = []
    while index + len(steps) < len(lines):
        found = _NUMBERED.fullmatch(lines[index + len(steps)])
        if found is None or int(found.group(1)) != len(steps) + 1:
            break
        steps.append(found.group(2))
    if steps:
        return len(steps), _items("ol", steps)
    return 0, ""


def _items(kind: str, texts: list[str]) -> str:
    return f"<{kind}>" + "".join(f"<li>{_escaped(text)}</li>" for text in texts) + f"</{kind}>"
