"""An article as safe HTML for the reader, with working links between articles.

Bounded like a conversation (``desktop.common.bounded_html``): an article too
big or too deeply nested to lay out quickly is shown in part, with a link to
the whole text (``FULL_TEXT_HREF``).
"""

from __future__ import annotations

import html

from desktop.common.bounded_html import Budget
from desktop.common.safe_html import RAW_MAX, bounded_body
from desktop.kb.links import (
    TitleLookup,
    link_titles,
    quoted_titles,
    rewrite_article_links,
    unwrap_dead_links,
)
from desktop.kb.plain_layout import article_layout
from sync.shown_text import shown_text
from sync.store.kb import Article, plain_text
from sync.words import size_text

FULL_TEXT_HREF = "fdfull:article"


def article_html(article: Article, lookup: TitleLookup) -> str:
    """Title, summary and body (sanitised); titles in quotes link to those articles."""
    body = article.content
    head = body[:RAW_MAX]  # links and titles are looked for only where the reader shows
    is_html = head.lstrip().startswith("<")
    laid_out = rewrite_article_links(head) if is_html else article_layout(head)
    shown = bounded_body(laid_out, "text/html", Budget())
    safe, dead_link_texts = unwrap_dead_links(shown.html)
    candidates = dead_link_texts + quoted_titles(plain_text(head))
    named = lookup([t.strip() for t in candidates if t.strip() != article.name])
    safe = link_titles(safe, named)
    summary = f"<p><i>{html.escape(shown_text(article.summary))}</i></p>" if article.summary else ""
    cut = (
        f"<p><i>✂ Only part of this article is shown here ({size_text(len(body))} in all)."
        f" <a href='{FULL_TEXT_HREF}'>Show all as plain text</a></i></p>"
        if shown.truncated or len(body) > len(head)
        else ""
    )
    return f"<h2>{html.escape(shown_text(article.name))}</h2>{summary}<hr>{safe}{cut}"
