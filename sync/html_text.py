"""An HTML mail or article as text for a terminal: its lines kept, its markup gone.

``fielddesk show`` and ``fielddesk kb show`` print what RT holds as HTML.  The KB
index's ``plain_text`` runs everything into one line, which reads like a wall: a
numbered procedure ("1. Open Setup", "2. Press <OK>") loses its steps.  Here block
elements and ``<br>`` end a line, list items start one with "- ", table cells are
set apart, scripts and styles are left out, and at most one blank line separates
blocks.  The standard library's parser reads tag soup without recursing; a "<" that
opens no tag is escaped before it reads (``_NOT_A_TAG``), so a deeply nested, endless
or "<"-strewn mail costs its length, no more, and a parser error falls back to the
text without its tags.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from sync.store.kb import plain_text

# Elements set apart by a blank line, and those that only start and end a line.
_PARAGRAPHS = frozenset(
    {"blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "ol", "p", "pre", "table", "ul"}
)
# fmt: off
_LINES = frozenset({
    "address", "article", "aside", "dd", "div", "dl", "dt", "fieldset", "figcaption",
    "figure", "footer", "form", "header", "li", "main", "nav", "section", "tr",
})
# fmt: on
_HIDDEN = frozenset({"script", "style", "head", "title", "template"})
_SPACES = re.compile(r"[ \t\f\v\u00a0]+")


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.newlines = 2  # how many line breaks the text so far ends with (none yet: as many)
        self.hidden = 0  # inside a script or style
        self.pre = 0  # inside <pre>: its line breaks are the text's

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag == "br":
            self._add("\n")
        elif tag in ("td", "th"):
            self._add("  ")
        else:
            self.pre += tag == "pre"
            self._block(tag)
            if tag == "li":
                self._add("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        else:
            self.pre = max(0, self.pre - (tag == "pre"))
            self._block(tag)

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        # Outside <pre>, a line break in the source is a space, as a browser shows it.
        text = data if self.pre else data.replace("\r", " ").replace("\n", " ")
        if text.strip():
            self._add(text)
        elif self.newlines == 0:
            self._add(" ")

    def _block(self, tag: str) -> None:
        """A block's edge: the line ends there (after a blank line, for a paragraph); the
        edges of nested blocks (a div in a div) make one break, not one each."""
        wanted = 2 if tag in _PARAGRAPHS else 1 if tag in _LINES else 0
        if wanted > self.newlines:
            self.pieces.append("\n" * (wanted - self.newlines))
            self.newlines = wanted

    def _add(self, text: str) -> None:
        self.pieces.append(text)
        stripped = text.rstrip("\n")
        ends = len(text) - len(stripped)
        self.newlines = ends + (self.newlines if not stripped else 0)


# A "<" that does not open a whole tag ("a < b", "<<<", an unclosed "<!--"): the parser
# would scan the rest of the text again for each (quadratic: 10 s for 120 KB of "x<"),
# and some ("<![ x]>") make it raise.  Escaped first, it is text, as a browser shows it.
# Linear: each look ahead stops at the next "<" or ">".
_NOT_A_TAG = re.compile(r"<(?![A-Za-z/!?][^<>]*>)")


def readable_text(markup: str) -> str:
    """markup as lines of text (see the module docstring)."""
    parser = _TextOf()
    try:
        parser.feed(_NOT_A_TAG.sub("&lt;", markup))
        parser.close()
    except (AssertionError, ValueError):  # the parser's own checks, on what still fooled it
        parser.pieces = [plain_text(markup)]  # the KB index's reading: one line
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parser.pieces).split("\n"))
    return "\n".join(lines).strip()
