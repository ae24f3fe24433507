"""An article as safe HTML for the reader, with working links between articles."""

from __future__ import annotations

import html

from desktop.common.safe_html import body_html
from desktop.kb.links import (
    TitleLookup,
    link_titles,
    quoted_titles,
    rewrite_article_links,
    unwrap_dead_links,
)
from sync.store.kb import Article, plain_text


def article_html(article: Article, lookup: TitleLookup) -> str:
    """Title, summary and body (sanitised); titles in quotes link to those articles."""
    body = article.content
    is_html = body.lstrip().startswith("<")
    safe = body_html(rewrite_article_links(body) if is_html else body, None)
    safe, dead_link_texts = unwrap_dead_links(safe)
    candidates = dead_link_texts + quoted_titles(plain_text(body))
    named = lookup([t.strip() for t in candidates if t.strip() != article.name])
    safe = link_titles(safe, named)
    summary = f"<p><i>{html.escape(article.summary)}</i></p>" if article.summary else ""
    return f"<h2>{html.escape(article.name)}</h2>{summary}<hr>{safe}"
