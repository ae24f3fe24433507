"""Ticket and article bodies as HTML that is safe to show, and cheap to lay out.

Bodies come from customers' mail and imported articles: hostile HTML is
expected.  nh3 (the Rust ammonia sanitiser) keeps formatting only: no
scripts, no styles, no images (a remote image is a tracking beacon; Qt's
text browser would not load it, but nothing should ask), no forms, and
links only to http(s), mailto and FieldDesk's own article links.  Its parser
is given a body ``bounded_html`` made cheap to parse (nesting flattened, the
formatting elements under names of our own: a thousand left open made 100 KB
into gigabytes).  Then ``bounded_html`` limits the structure and size Qt is
given (nested tables alone can freeze the window for minutes); what is cut is
offered whole as plain text (``full_text``, up to FULL_TEXT_MAX).
"""

from __future__ import annotations

import html
import re

from desktop.common.bounded_html import (
    Bounded,
    Budget,
    bound,
    inert,
    restore,
    shallow,
    stand_in,
)
from desktop.common.plain_html import plain_html
from sync.shown_text import shown_text
from sync.words import size_text

ALLOWED_TAGS = {
    "a",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "form", "svg", "template"}
# What nh3 is told, for the body ``inert`` made (its formatting tags under stand-in names).
_TAGS = {stand_in(tag) for tag in ALLOWED_TAGS}
_ATTRIBUTES = {stand_in("a"): {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan"}}
LINK_REL = "noopener noreferrer"  # nh3's, on every link


def sanitise(body: str) -> str:
    """The formatting of an HTML body, without what could hide or reorder its words
    (``shown_text``: a right-to-left override makes "fdp.exe" read "exe.pdf")."""
    safe = _formatting_only(shown_text(body))
    shown = shown_text(safe)  # those written as character references ("&#x202E;")
    if shown != safe:
        # nh3 judged the links with them in: "java&#x200B;script:" was a relative link
        # to it; without them it is judged again.
        shown = _formatting_only(shown)
    return shown


def _formatting_only(body: str) -> str:
    # Imported at the first HTML body shown: a window whose first visit has none
    # paints without it.
    import nh3  # noqa: PLC0415

    cleaned = nh3.clean(
        # html5ever takes quadratic time over deep nesting, and re-opens formatting
        # elements left open in each paragraph after (see bounded_html.inert)
        inert(shallow(body)),
        tags=_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "fielddesk"},
    )
    return restore(cleaned, link_rel=LINK_REL)


# Read at most this much of a body before sanitising: nh3 is fast, but a 5 MB mail
# would still cost the GUI thread ~60 ms to show the first part the budget allows.
RAW_MAX = 100_000


def bounded_body(
    body: str | None, content_type: str | None, budget: Budget, *, limit: int | None = None
) -> Bounded:
    """A message or article body (HTML or plain text) as safe, bounded HTML."""
    if not body:
        return Bounded("", truncated=False)
    head = body[: max(min(RAW_MAX, budget.raw), 0)]
    budget.raw -= len(head)
    cut = len(body) > len(head)
    if content_type == "text/html" or (content_type is None and body.lstrip().startswith("<")):
        safe = sanitise(head)
    else:
        safe = plain_html(head)
    shown = bound(safe, budget, limit=limit)
    return Bounded(shown.html, shown.truncated or cut)


def body_html(body: str | None, content_type: str | None) -> str:
    """A body as safe HTML, within a view's whole budget (see ``bounded_body``)."""
    return bounded_body(body, content_type, Budget()).html


# The "<" of a tag that ends a line or a cell.  Starting with the "<" itself, not a
# look-ahead, lets the engine skip to each "<" (25 times as fast on plain text).
_LINE_BREAKS = re.compile(
    r"<(?=(?:br|hr|/p|/div|/tr|/li|/h[1-6]|/table|/blockquote|/pre|/dt|/dd)\b)", re.IGNORECASE
)
_CELL_END = re.compile(r"<(?=/t[dh]\b)", re.IGNORECASE)
_SPACES = re.compile(r"[^\S\n\t]+")
_LINE_END_SPACES = re.compile(r"[ \t]+\n")
_BLANK_LINES = re.compile(r"\n\s*\n\s*\n+")
LINE_MAX = 2_000  # longer lines are wrapped: a line is laid out whole
# "Show all" reads at most this much of a body: the 5 MB mails and logs it shows
# whole, with room to spare.  The text is made on the thread pool, but 6 MB of bare
# tags still cost nh3 ~3 s and ~350 MB (and running out of memory aborts the program).
FULL_TEXT_MAX = 6_000_000


def full_text(body: str | None, content_type: str | None) -> str:
    """A whole body as plain text ("show all"): no markup, scripts or styles,
    paragraphs and table rows on lines of their own, no line longer than LINE_MAX;
    of a body longer than FULL_TEXT_MAX, its beginning, and a line saying so."""
    if not body:
        return ""
    head = body[:FULL_TEXT_MAX]
    if content_type == "text/html" or (content_type is None and head.lstrip().startswith("<")):
        marked = _CELL_END.sub("\t<", _LINE_BREAKS.sub("\n<", head))
        import nh3  # noqa: PLC0415 - see sanitise

        cleaned = nh3.clean(
            inert(shallow(marked)), tags=set(), clean_content_tags=DROPPED_WITH_CONTENT
        )
        text = html.unescape(restore(cleaned))
        text = _LINE_END_SPACES.sub("\n", _SPACES.sub(" ", text))
        text = _BLANK_LINES.sub("\n\n", text).strip()
    else:
        text = head
    lines = shown_text(text).split("\n")
    if any(len(line) > LINE_MAX for line in lines):
        lines = [
            line[start : start + LINE_MAX]
            for line in lines
            for start in range(0, max(len(line), 1), LINE_MAX)
        ]
    if len(body) > len(head):
        lines += ["", f"✂ Only part of this text is shown here ({size_text(len(body))} in all)."]
    return "\n".join(lines)
