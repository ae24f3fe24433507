"""Links between articles, in whatever form the article body has them.

RT articles link to each other as ``/Articles/Article/Display.html?id=N``
(relative or absolute) or as ``fsck.com-article://<domain>/article/N``; our
sample articles also name each other by title in quotes.  All of them become
``fielddesk://article/N`` links, the only kind the reader follows itself.
Rewriting happens *before* sanitising (nh3 drops unknown schemes); naming
links are added to the already sanitised HTML, text segments only.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from PySide6.QtCore import QUrl

ARTICLE_SCHEME = "fielddesk"

_RT_DISPLAY = re.compile(
    r"^(?:https?://[^/\s]+)?(?:/[^\s?]*)?/Articles/Article/Display\.html\?(?:[^\s#]*?[&;])?id=(\d+)",
    re.IGNORECASE,
)
_RT_URI = re.compile(r"^fsck\.com-article://[^/\s]*/article/(\d+)", re.IGNORECASE)
_OURS = re.compile(r"^fielddesk://article/(\d+)$", re.IGNORECASE)
_HREF = re.compile(r"""(\bhref\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.IGNORECASE)
_QUOTES = "'\"‘’“”"
_TAG = re.compile(r"(<[^>]*>)")


def article_href(article_id: int) -> str:
    return f"{ARTICLE_SCHEME}://article/{article_id}"


def article_id_of(url: str) -> int | None:
    """The article a link points to, in any of the forms above; None for other links."""
    target = html.unescape(url.strip())
    for pattern in (_OURS, _RT_DISPLAY, _RT_URI):
        match = pattern.match(target)
        if match:
            return int(match.group(1))
    return None


def rewrite_article_links(body: str) -> str:
    """Raw (unsanitised) HTML with every RT article link turned into ours."""

    def replace(match: re.Match[str]) -> str:
        value = next(g for g in match.groups()[1:] if g is not None)
        article_id = article_id_of(value)
        if article_id is None:
            return match.group(0)
        return f'{match.group(1)}"{article_href(article_id)}"'

    return _HREF.sub(replace, body)


def quoted_titles(text: str, limit: int = 20) -> list[str]:
    """Strings in quotes that could be article titles (checked against the KB later)."""
    positions = [i for i, char in enumerate(text) if char in _QUOTES]
    found: list[str] = []
    for k, start in enumerate(positions):
        for end in positions[k + 1 : k + 4]:  # apostrophes may sit in between
            candidate = text[start + 1 : end].strip()
            words = candidate.split()
            if 2 <= len(words) <= 16 and "\n" not in candidate and candidate not in found:
                found.append(candidate)
        if len(found) >= limit:
            break
    return found


_DEAD_LINK = re.compile(
    r"<a\b(?![^>]*\bhref=\"(?:https?:|mailto:|fielddesk:))[^>]*>(.*?)</a>",
    re.IGNORECASE | re.DOTALL,
)


def unwrap_dead_links(safe_html: str) -> tuple[str, list[str]]:
    """Anchors that lead nowhere (href="#", a removed javascript: link) become plain text.

    Also returns their texts: an imported article often names another one in
    such a link, and the reader can then link it by title.
    """
    texts = [html.unescape(m.group(1)) for m in _DEAD_LINK.finditer(safe_html)]
    return _DEAD_LINK.sub(r"\1", safe_html), [t for t in texts if "<" not in t]


def link_titles(safe_html: str, ids: dict[str, int]) -> str:
    """Safe HTML with the given article titles turned into article links (outside links)."""
    if not ids:
        return safe_html
    forms: dict[str, int] = {}
    for name, article_id in ids.items():
        forms[html.escape(name, quote=False)] = article_id
        forms[html.escape(name)] = article_id
    pattern = re.compile("|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)))
    parts = _TAG.split(safe_html)
    inside_link = False
    for index, part in enumerate(parts):
        if part.startswith("<"):
            if re.match(r"<a\b", part, re.IGNORECASE):
                inside_link = True
            elif re.match(r"</a\s*>", part, re.IGNORECASE):
                inside_link = False
            continue
        if not inside_link:
            parts[index] = pattern.sub(
                lambda m: f'<a href="{article_href(forms[m.group(0)])}">{m.group(0)}</a>', part
            )
    return "".join(parts)


def is_external(url: QUrl) -> bool:
    return url.scheme().lower() in ("http", "https", "mailto")


TitleLookup = Callable[[list[str]], dict[str, int]]
