"""Ticket and article bodies as HTML that is safe to show.

Bodies come from customers' mail and imported articles: hostile HTML is
expected.  nh3 (the Rust ammonia sanitiser) keeps formatting only: no
scripts, no styles, no images (a remote image is a tracking beacon; Qt's
text browser would not load it, but nothing should ask), no forms, and
links only to http(s), mailto and FieldDesk's own article links.
"""

from __future__ import annotations

import html

import nh3

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


def sanitise(body: str) -> str:
    return nh3.clean(
        body,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes={"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan"}},
        url_schemes={"http", "https", "mailto", "fielddesk"},
    )


def body_html(body: str | None, content_type: str | None) -> str:
    """A message or article body (HTML or plain text) as safe HTML."""
    if not body:
        return ""
    if content_type == "text/html" or (content_type is None and body.lstrip().startswith("<")):
        return sanitise(body)
    return "<p>" + html.escape(body).replace("\n", "<br>") + "</p>"
