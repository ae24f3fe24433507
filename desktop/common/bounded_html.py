"""Sanitised HTML cut down to a structure Qt lays out in milliseconds.

nh3 makes a body harmless, not cheap.  It keeps ``table`` inside ``table`` at
any depth, and Qt's text layout time doubles with each level (20 nested
tables, 661 bytes, took 26 s; 25 never finished).  Thousands of nested
``div`` cost seconds in Qt and in nh3 itself (html5ever is quadratic in
nesting depth); so do a huge ``colspan``, a list of thousands of items (Qt
numbers them in quadratic time), tens of thousands of table cells, or a word
of a million letters with nowhere to break it: on the GUI thread, each time the
visit is opened or the window resized.

``shallow`` flattens raw HTML to ``RAW_DEPTH`` nested tags before nh3 sees it,
and ``inert`` hides the formatting elements (``b``, ``i``, ``a``...) from its parser
under names of our own, which ``restore`` takes back off its output: the parser
re-opens every one still open wherever text follows, so a thousand left open
made a 100 KB body into gigabytes (see ``inert``).  ``bound`` then walks nh3's
output (well formed: tags balanced, every ``<`` in text and attributes escaped,
so a regular expression reads it exactly) and keeps:

- at most ``MAX_TABLE_DEPTH`` tables inside each other; deeper tables become
  lines of text (a row per line, cells separated by spaces);
- at most ``MAX_DEPTH`` open elements; deeper tags are dropped, their text kept;
- ``colspan``/``rowspan`` up to ``MAX_SPAN``; ``MAX_LIST_ITEMS`` items a list;
- a break opportunity (zero-width space) every ``MAX_WORD`` letters of a word;
- what the view's ``Budget`` still allows (characters, elements weighted by
  their layout cost, table cells): past it the body is cut (``truncated``), and
  the caller offers the whole of it as plain text.
"""

from __future__ import annotations

import html
import re
from functools import cache
from typing import NamedTuple

RAW_DEPTH = 100
MAX_DEPTH = 24
MAX_TABLE_DEPTH = 4
MAX_SPAN = 20
MAX_LIST_ITEMS = 500
MAX_WORD = 200
# What an element costs, in characters of plain text that take as long to lay out
# (measured: bench/hostile_render.py).  A dropped tag costs too: reading it is work.
COSTS = {"br": 40, "hr": 20, "li": 40, "td": 20, "th": 20}
BLOCK_COST = 20
INLINE_COST = 8
DROPPED_COST = 4
TABLE_TAGS = frozenset({"table", "thead", "tbody", "tfoot", "tr", "td", "th"})
VOID_TAGS = frozenset({"br", "hr"})
LIST_TAGS = frozenset({"ul", "ol"})
BLOCK_TAGS = frozenset(
    {"p", "div", "li", "ul", "ol", "dl", "dd", "dt", "blockquote", "pre", "h1", "h2", "h3"}
    | {"h4", "h5", "h6", "table", "tr"}
)
_TAG = re.compile(r'<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s"\'<>/=]+(?:="[^"]*")?)*)\s*/?>')
_SPAN = re.compile(r'\b(colspan|rowspan)="\s*(\d+)[^"]*"')
_LONG_WORD = re.compile(rf"\S{{{MAX_WORD}}}(?=\S)")
_ZWSP = "\u200b"
# Control characters shown as what they are (␛ for ESC...), not passed to the layout.
_CONTROL_PICTURES = {c: 0x2400 + c for c in (*range(0x09), *range(0x0B, 0x20))} | {0x7F: 0x2421}


class Budget:
    """What one view may still lay out; shared by every body shown in it."""

    __slots__ = ("cells", "chars", "raw")

    def __init__(self, chars: int = 80_000, cells: int = 400, raw: int = 150_000) -> None:
        self.chars = chars
        self.cells = cells
        self.raw = raw  # characters of raw bodies read (sanitising them is work too)

    @property
    def spent(self) -> bool:
        return self.chars <= 0 or self.cells <= 0 or self.raw <= 0


class Bounded(NamedTuple):
    html: str
    truncated: bool  # the budget ran out: not everything is shown


class _Open:
    """An element open in the output."""

    __slots__ = ("items", "kept", "name")

    def __init__(self, name: str, kept: bool) -> None:
        self.name = name
        self.kept = kept  # written out (False: dropped, its text kept)
        self.items = 0  # a kept list: its items so far


class _Writer:
    def __init__(self, budget: Budget, limit: int) -> None:
        self.budget = budget
        self.chars = min(limit, budget.chars)
        self.out: list[str] = []
        self.stack: list[_Open] = []
        self.lists: list[_Open] = []  # kept lists open
        self.depth = 0  # kept elements open
        self.tables = 0  # kept tables open
        self.flat = 0  # flattened tables open (their table tags are dropped)
        self.text_since_break = False

    def spend(self, chars: int) -> bool:
        if chars > self.chars:
            return False
        self.chars -= chars
        self.budget.chars -= chars
        return True

    def start(self, name: str, attributes: str) -> bool:
        """Open a tag; False when the budget ran out."""
        if name in VOID_TAGS:
            if not self.spend(COSTS[name]):
                return False
            self.out.append(f"<{name}>")
            self.text_since_break = False
            return True
        entry = _Open(name, self._keeps(name))
        if not entry.kept:
            self.flat += name == "table"
        elif not self._write_start(entry, attributes):
            return False
        self.stack.append(entry)
        return self.spend(0 if entry.kept else DROPPED_COST)

    def _write_start(self, entry: _Open, attributes: str) -> bool:
        name = entry.name
        if name in ("td", "th"):
            if self.budget.cells <= 0:
                return False
            self.budget.cells -= 1
        cost = COSTS.get(name, BLOCK_COST if name in BLOCK_TAGS else INLINE_COST)
        if not self.spend(cost):
            return False
        self.depth += 1
        self.tables += name == "table"
        if name in LIST_TAGS:
            self.lists.append(entry)
        elif name == "li" and self.lists:
            self.lists[-1].items += 1
        self.out.append(f"<{name}{_SPAN.sub(_clamp_span, attributes) if attributes else ''}>")
        return True

    def _keeps(self, name: str) -> bool:
        if name in TABLE_TAGS:
            if self.flat:
                return False
            if name == "table":
                # A kept table needs room for its rows and cells below it.
                return self.tables < MAX_TABLE_DEPTH and self.depth + 4 <= MAX_DEPTH
            return True  # rows and cells of a kept table
        if name == "li" and self.lists and self.lists[-1].items >= MAX_LIST_ITEMS:
            return False
        return self.depth < MAX_DEPTH

    def end(self, name: str) -> None:
        if self.stack and self.stack[-1].name == name:  # always, in nh3's output
            self._close(self.stack.pop())
            return
        if not any(entry.name == name for entry in self.stack):
            return
        while self.stack:
            entry = self.stack.pop()
            self._close(entry)
            if entry.name == name:
                return

    def _close(self, entry: _Open) -> None:
        if entry.kept:
            self.depth -= 1
            self.tables -= entry.name == "table"
            if entry.name in LIST_TAGS:
                self.lists.pop()
            self.out.append(f"</{entry.name}>")
            if entry.name in BLOCK_TAGS:
                self.text_since_break = False
            return
        if entry.name == "table":
            self.flat -= 1
        if entry.name in ("td", "th") and self.text_since_break:
            self.out.append(" ")
        elif entry.name in BLOCK_TAGS and self.text_since_break:
            self.out.append("<br>")  # a dropped block still ends its line
            self.text_since_break = False
            self.spend(min(COSTS["br"], self.chars))

    def text(self, escaped: str) -> bool:
        """Add text (as nh3 escaped it); False when it had to be cut."""
        if not escaped:
            return True
        plain = html.unescape(escaped).translate(_CONTROL_PICTURES)
        if len(plain) > MAX_WORD:
            plain = _LONG_WORD.sub(lambda m: m.group(0) + _ZWSP, plain)
        fits = len(plain) <= self.chars
        if not fits:
            plain = plain[: max(self.chars, 0)]
            space = plain.rfind(" ", len(plain) - 60)
            plain = (plain[:space] if space > 0 else plain) + " …"
        self.spend(min(len(plain), self.chars))
        self.out.append(html.escape(plain, quote=False))
        self.text_since_break = self.text_since_break or not plain.isspace()
        return fits

    def close_all(self) -> str:
        while self.stack:
            self._close(self.stack.pop())
        return "".join(self.out)


def _clamp_span(match: re.Match[str]) -> str:
    return f'{match.group(1)}="{min(max(int(match.group(2)[:6]), 1), MAX_SPAN)}"'


def bound(safe_html: str, budget: Budget, *, limit: int | None = None) -> Bounded:
    """nh3's output within the structural limits and the budget (at most ``limit``
    characters of it for this body)."""
    writer = _Writer(budget, budget.chars if limit is None else limit)
    position = 0
    for match in _TAG.finditer(safe_html):
        if not writer.text(safe_html[position : match.start()]):
            return Bounded(writer.close_all(), truncated=True)
        position = match.end()
        closing, name, attributes = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            writer.end(name)
        elif not writer.start(name, attributes):
            return Bounded(writer.close_all(), truncated=True)
    complete = writer.text(safe_html[position:])
    return Bounded(writer.close_all(), truncated=not complete)


# -- raw HTML, before nh3 ---------------------------------------------------------
# Tags that never nest (void) or that the parser closes by itself when the next
# one starts (optional end tags) add no depth: the expression skips them.
_FLAT_RAW = (
    "area|base|br|col|embed|hr|img|input|link|meta|param|source|track|wbr|p|li|dt|dd|tr|td"
    "|th|thead|tbody|tfoot|option|optgroup|colgroup|caption|rb|rt|rp"
)
_RAW_START = re.compile(rf"<(?!(?:{_FLAT_RAW})\b)[a-zA-Z]", re.IGNORECASE)
QUICK_DEPTH = 2_000  # nh3 takes ~8 ms over 2 000 nested tags: below that, nothing to do


@cache
def _raw_tag() -> re.Pattern[str]:
    """Made for the first body past QUICK_DEPTH (a hostile one), not at every start (~1 ms)."""
    return re.compile(rf"<(/?)(?!(?:{_FLAT_RAW})\b)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>", re.IGNORECASE)


def shallow(raw: str) -> str:
    """Raw (untrusted) HTML with start tags nested deeper than RAW_DEPTH removed,
    and their end tags.  Only removes tag text, so nh3 still judges everything."""
    if len(_RAW_START.findall(raw)) <= QUICK_DEPTH:
        return raw
    open_names: list[str] = []
    counts: dict[str, int] = {}
    dropped: dict[str, int] = {}
    kept: list[str] = []
    position = 0
    for match in _raw_tag().finditer(raw):
        name = match.group(2).lower()
        if match.group(1):
            if dropped.get(name):
                dropped[name] -= 1
            else:
                while counts.get(name):
                    last = open_names.pop()
                    counts[last] -= 1
                    if last == name:
                        break
                continue
        elif len(open_names) >= RAW_DEPTH:
            dropped[name] = dropped.get(name, 0) + 1
        else:
            open_names.append(name)
            counts[name] = counts.get(name, 0) + 1
            continue
        kept.append(raw[position : match.start()])
        position = match.end()
    kept.append(raw[position:])
    return "".join(kept)


# -- formatting elements, before and after nh3 -------------------------------------
# The HTML standard's "formatting elements".  The parser keeps those still open in a
# list and re-opens them all, attributes and all, wherever text follows an end tag
# that closed them: "<p>", a thousand "<b id=N>", "</p>", then "<p>x</p>" twelve
# thousand times (100 KB) made nh3 build twelve million elements (6 s, 2.8 GB; two
# thousand "<b>": 17 s, 4.8 GB, or an abort), and one link with a 20 KB address left
# open was written out again in each paragraph (200 MB).  The standard's limit, three
# alike, does not hold against attributes that differ; and which "<b" is a tag (not
# in a comment, a script, an attribute, a textarea...) only a whole parser knows.
FORMATTING_TAGS = frozenset(
    {"a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong"}
    | {"tt", "u"}
)
# A Unicode noncharacter (reserved for a program's own use), added to their names.
MARK = "\ufdd0"
# Where the parser's tokenizer ends a tag name (a carriage return reads as a line feed).
_FORMATTING = re.compile(
    rf"(</?(?:{'|'.join(sorted(FORMATTING_TAGS))}))(?=[\t\n\f\r />]|\Z)",
    re.IGNORECASE | re.ASCII,
)
_MARKED_LINK = re.compile(f"<a{MARK}([^>]*)>")
# Where ``inert`` put a mark, as nh3 writes it out: after a tag's name, "<b" + MARK; or
# after the same letters read as text (in a textarea, a title, an attribute), "&lt;B" + MARK.
_MARKED_NAME = re.compile(
    rf"((?:<|&lt;)/?(?:{'|'.join(sorted(FORMATTING_TAGS))})){MARK}", re.IGNORECASE | re.ASCII
)


def stand_in(name: str) -> str:
    """The name nh3 must allow for a tag of ``inert`` HTML ("b" + ``MARK``)."""
    return name + MARK if name in FORMATTING_TAGS else name


def inert(raw: str) -> str:
    """Raw HTML with ``MARK`` added to each formatting tag's name ("<b" + MARK + ">"),
    wherever it is: to the parser they are ordinary elements, which end with their
    parent and are never re-opened or copied, so its work and output stay within a
    small multiple of the body.  nh3 judges them under that name (a link's address as
    any other).  A bold or a link left open in a paragraph now ends with it (a browser
    goes on with it in each paragraph after); the text is the same.  (A "<b" in an
    ``svg`` or a ``math`` no longer takes what follows out of it: nh3 drops it there.)"""
    if MARK in raw:
        raw = raw.replace(MARK, "\ufffd")  # ours alone, so that ``restore`` is exact
    parts = _FORMATTING.split(raw)  # text, "<b" or "</b", text... (3 times as fast as sub)
    parts[1::2] = [name + MARK for name in parts[1::2]]
    return "".join(parts)


def restore(safe: str, *, link_rel: str = "") -> str:
    """nh3's output of ``inert`` HTML with the formatting elements' own names back; with
    ``link_rel`` on each link, which nh3 adds only to an element it knows is one.

    ``MARK`` goes only where ``inert`` put it, after a formatting tag's name.  One
    anywhere else came from the body itself, written as a character reference
    ("java&#xFDD0;script:" reads as a relative link to nh3): it becomes U+FFFD, never
    nothing, so that no address changes scheme after nh3 judged it.  (One the sender
    put after "<b" is taken out too: the "<b" stays, so no scheme can form.)"""
    if MARK not in safe:
        return safe
    if link_rel:
        safe = _MARKED_LINK.sub(lambda m: f'<a{m.group(1)} rel="{link_rel}">', safe)
    return _MARKED_NAME.sub(r"\1", safe).replace(MARK, "\ufffd")
