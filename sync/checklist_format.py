"""The checklist template format: one item per line, written by supervisors in RT.

A template is an RT article of the *Field Checklists* class; its Content is
read line by line (HTML from RT's editor is turned into lines first)::

    # Before you start                      a heading (groups the items below it)
    Back up the user's old PC               an item
    Asset tag fitted [required]             must be done (or a reason given)
    Serial number [value]                   asks for a value (a reading, a serial)
    Toner level [value: %] [required]       a value with its unit
    Paper path [choice: good | worn | replace]   one of a list

Marks are case-insensitive and may be combined; anything else in square
brackets stays part of the item's text.  Blank lines are ignored.  An item is
known by its text (case and spacing ignored): that is what keeps a
technician's ticks when the template is edited (see ``sync.store.checklists``).
"""

from __future__ import annotations

import html
import re
from typing import NamedTuple

MAX_ITEMS = 200  # a template longer than this is cut (a pasted document, not a checklist)
MAX_TEXT = 300


class TemplateItem(NamedTuple):
    key: str  # the item's identity: its text, casefolded, single-spaced
    text: str
    section: str
    required: bool
    value_label: str | None  # None: no value asked; "" a value without unit
    choices: tuple[str, ...]


_MARK = re.compile(r"\[\s*(required|value|choice)\s*(?::\s*([^\]]*))?\]", re.IGNORECASE)
_BREAKS = re.compile(r"<\s*(br|/p|/li|/h[1-6]|/div|/tr)\b[^>]*>", re.IGNORECASE)
_HEADING = re.compile(r"<\s*h[1-6]\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]*>", re.IGNORECASE | re.DOTALL)


def template_lines(content: str) -> list[str]:
    """The template's lines; HTML (RT's article editor) becomes one line per block."""
    if "<" in content and ">" in content:
        content = _HEADING.sub("\n# ", content)
        content = _TAG.sub("", _BREAKS.sub("\n", content))
        content = html.unescape(content)
    return [" ".join(line.split()) for line in content.splitlines()]


def item_key(text: str) -> str:
    return " ".join(text.casefold().split())


def parse_template(content: str) -> list[TemplateItem]:
    items: list[TemplateItem] = []
    seen: set[str] = set()
    section = ""
    for line in template_lines(content):
        if not line:
            continue
        if line.startswith("#"):
            section = line.lstrip("#").strip()[:MAX_TEXT]
            continue
        item = _item(line.lstrip("-*• ").strip(), section)
        if item is None or item.key in seen:
            continue  # the same text twice would be one item: keep the first
        seen.add(item.key)
        items.append(item)
        if len(items) >= MAX_ITEMS:
            break
    return items


def _item(line: str, section: str) -> TemplateItem | None:
    required = False
    value_label: str | None = None
    choices: tuple[str, ...] = ()
    for mark in _MARK.finditer(line):
        word, argument = mark.group(1).casefold(), (mark.group(2) or "").strip()
        if word == "required":
            required = True
        elif word == "value":
            value_label = argument
        else:
            choices = tuple(c.strip() for c in argument.split("|") if c.strip())
    text = " ".join(_MARK.sub(" ", line).split())[:MAX_TEXT]
    if not text:
        return None
    return TemplateItem(item_key(text), text, section, required, value_label, choices)
