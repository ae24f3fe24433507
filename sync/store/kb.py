"""Knowledge-base articles and their full-text search."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from sync.store import kb_query
from sync.store.kb_forms import CJK_RUN, search_forms
from sync.store.kb_snippet import SNIPPET_TOKENS, snippet_around

if TYPE_CHECKING:
    import sqlite_utils

    from sync.connectors.base import RemoteArticle


@dataclass(frozen=True)
class ArticleHit:
    id: int
    name: str
    summary: str
    snippet: str  # matched words wrapped in [ and ]
    is_draft: bool
    # A draft the helpdesk refused to publish: it waits in the Outbox for the user.
    refused: bool = False


@dataclass(frozen=True)
class Article:
    id: int
    name: str
    summary: str
    content: str
    last_updated: str | None
    is_draft: bool


# Read at most this much of a body: the biggest articles are a few hundred KB; the words
# of a larger one are found in its first megabyte.
PLAIN_TEXT_MAX = 1_000_000
_HIDDEN = re.compile(r"<(script|style)\b", re.IGNORECASE)  # a block the reader does not see
_TAG = re.compile(r"<[^>]*>")
_END_TAGS = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in ("script", "style")}


def plain_text(content: str) -> str:
    """What a reader sees of an article body, for indexing (never for display): the text
    without its tags, scripts and styles, in its first PLAIN_TEXT_MAX characters."""
    if "<" not in content:
        return content
    return " ".join(html.unescape(_without_tags(content[:PLAIN_TEXT_MAX])).split())


def _without_tags(content: str) -> str:
    """Each tag, and each script or style with its end tag, as a space.

    As ``<(script|style)\\b.*?</\\1\\s*>|<[^>]*>`` would, in time linear in the text:
    that pattern searched to the end again for each tag with no end (thousands of
    unclosed ``<script>`` took a minute).  Here an end tag found serves each tag before
    it, one not found is not looked for again, and ``<[^>]*>`` only reads text where
    each "<" has a ">" after it."""
    text_after = content.rfind(">") + 1  # no tag after the last ">": each "<" is text
    content, tail = content[:text_after], content[text_after:]
    pieces: list[str] = []
    pos = 0
    ends: dict[str, re.Match[str] | None] = {}  # the next end tag found; None: there is none
    while hidden := _HIDDEN.search(content, pos):
        last_open = content.rfind("<", pos, hidden.start())
        if last_open != -1 and content.find(">", last_open, hidden.start()) == -1:
            # Inside a tag (<a title="<script>">): that tag ends at the next ">".
            after_tag = content.find(">", hidden.start()) + 1
            pieces.append(_TAG.sub(" ", content[pos:after_tag]))
            pos = after_tag
            continue
        pieces.append(_TAG.sub(" ", content[pos : hidden.start()]) + " ")
        name = hidden[1].casefold()
        end = ends.get(name)
        if name not in ends or (end is not None and end.start() < hidden.end()):
            end = ends[name] = _END_TAGS[name].search(content, hidden.end())
        # No end tag: the script tag alone is a tag.
        pos = end.end() if end is not None else content.find(">", hidden.start()) + 1
    pieces.append(_TAG.sub(" ", content[pos:]))
    return "".join(pieces) + tail


def indexed_texts(name: str, summary: str, content: str) -> tuple[str, str, str]:
    """What the articles table keeps of an article for search besides its title and
    summary: the plain text of ``content``, and the other forms (``kb_forms``) of the
    title's words and of the summary's and text's, which the index holds after the
    title and after the summary (migration 19)."""
    text = plain_text(content)
    return text, search_forms(name), search_forms(summary, text)


_UPSERT = (
    "INSERT INTO articles (id, name, summary, content, content_text, name_forms, text_forms,"
    " last_updated) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET"
    " name = excluded.name, summary = excluded.summary, content = excluded.content,"
    " content_text = excluded.content_text, name_forms = excluded.name_forms,"
    " text_forms = excluded.text_forms, last_updated = excluded.last_updated"
    " WHERE last_updated IS NOT excluded.last_updated"
)


def apply_remote_articles(db: sqlite_utils.Database, articles: list[RemoteArticle]) -> None:
    """Upsert (idempotent); disabled articles leave the laptop. Inside a transaction.

    One statement for the page's rows (no Python round trip per article), then one that
    indexes those new to the laptop: the first sync writes the whole KB through here, and
    the insert trigger indexing row by row took half as long again (migration 20).  An
    article changed on the helpdesk is indexed again by the update trigger, as before.
    """
    page = {a.id: a for a in articles}  # one row per article, or the index would count it twice
    kept = [a for a in page.values() if not a.disabled]
    ids = json.dumps([a.id for a in kept])
    known = {row[0] for row in db.conn.execute(_KNOWN_AMONG, [ids])}
    db.conn.execute("INSERT INTO kb_indexing (by_page) VALUES (1)")
    try:
        db.conn.executemany(
            _UPSERT,
            (
                (
                    a.id,
                    a.name,
                    a.summary,
                    a.content,
                    *indexed_texts(a.name, a.summary, a.content),
                    a.last_updated,
                )
                for a in kept
            ),
        )
    finally:
        db.conn.execute("DELETE FROM kb_indexing")
    new = json.dumps([a.id for a in kept if a.id not in known])
    db.conn.execute(_INDEX_AMONG, [new])
    db.conn.executemany(
        "DELETE FROM articles WHERE id = ?", ((a.id,) for a in page.values() if a.disabled)
    )


_KNOWN_AMONG = "SELECT id FROM articles WHERE id IN (SELECT value FROM json_each(?))"
# What the insert trigger indexes of a row (migration 19's forms after the title and summary).
_INDEX_AMONG = (
    "INSERT INTO articles_fts (rowid, name, summary, content_text)"
    " SELECT id, name || ' ' || name_forms, summary || ' ' || text_forms, content_text"
    " FROM articles WHERE id IN (SELECT value FROM json_each(?))"
)


def published_article_ids(db: sqlite_utils.Database) -> set[int]:
    """The helpdesk's articles on this laptop (drafts written here left out)."""
    return {row[0] for row in db.execute("SELECT id FROM articles WHERE draft = 0 AND id > 0")}


def remove_unlisted_articles(db: sqlite_utils.Database, listed: set[int], keep: set[int]) -> int:
    """The helpdesk's articles not ``listed`` (its roll call of those the user may see)
    leave the laptop, but those in ``keep``; drafts written here never.  Returns how
    many left.  Inside a transaction."""
    gone = sorted(published_article_ids(db) - listed - keep)
    db.conn.executemany("DELETE FROM articles WHERE id = ?", ((i,) for i in gone))
    return len(gone)


_WORD = re.compile(r"\w+", re.UNICODE)
RANK = "bm25(10.0, 4.0, 1.0)"  # a word in the title counts most, then the summary


def fts_query(text: str) -> str | None:
    """User text as a strict FTS5 query (every concept), or None if it holds no word."""
    found = kb_query.concepts(text)
    return " AND ".join(c.expression for c in found) if found else None


def search(
    db: sqlite_utils.Database,
    text: str,
    limit: int = 50,
    *,
    marks: tuple[str, str] = ("[", "]"),
) -> list[ArticleHit]:
    """Articles for what the user typed, best first, with highlighted snippets.

    Widening in steps, each only while fewer than ``limit`` articles are found
    (common queries cost what a plain FTS5 query costs): articles with every
    word as typed; then every word the KB has in some form (other word forms
    and spellings, typos corrected: ``kb_query.sized_with_typos_corrected``);
    then, for a sentence, articles with some of its words, ranked by bm25
    (rarer words and titles count more).  On a large KB a word found in
    more than ``kb_query.COMMON_DOCS`` articles only ranks in the wider steps:
    the rarer words pick the articles, so a sentence never scores most of the KB.
    ``marks`` wrap the matched words in the snippet; a screen that renders the
    snippet as HTML passes characters that cannot occur in article text.
    Snippets come from FTS5's snippet() as a step ranks, once per article (not
    again when a later step finds it), but for a long text (``SNIPPET_TEXT_MAX``):
    ``snippet_around`` makes those, for the hits returned only.
    """
    found = kb_query.concepts(text)
    if not found:
        return []
    hits = _ranked(db, " AND ".join(c.as_typed for c in found), limit, marks, [])
    if len(hits) < limit:
        _widened(db, found, hits, limit, marks)
    return [shown for hit in hits if (shown := _article_hit(db, hit, marks)) is not None]


class _Ranked(NamedTuple):
    """A hit as a step found it; snippet None when the step did not make it."""

    id: int
    name: str
    summary: str
    snippet: str | None
    is_draft: bool
    refused: bool
    query: str  # the step's FTS5 query: the snippet marks its words


def _widened(
    db: sqlite_utils.Database,
    found: list[kb_query.Concept],
    hits: list[_Ranked],
    limit: int,
    marks: tuple[str, str],
) -> None:
    """The steps after every word as typed, adding to hits while it holds fewer than limit."""
    sizes = kb_query.sized_with_typos_corrected(db, found)
    # Every word the KB has, in some form ("classroom", in no article, leaves the
    # articles with the other words to this step, not to the any-word one).
    rare = [s.narrowing for s in sizes if s.narrowing is not None and s.in_any_form]
    common = [s.ranking for s in sizes if s.narrowing is None]
    queries = [" AND ".join(rare + common)] if rare or common else []
    if len(sizes) > 1:  # not one concept as typed, or two words the KB writes as one
        # Then any of the words the KB has: the rarer ones pick the articles, the
        # common ones only rank (articles with every common word when it has no other).
        queries += _any_of(rare, common)
    for query in queries:
        if len(hits) >= limit:
            break
        shown = {hit.id for hit in hits}
        more = _ranked(db, query, limit, marks, sorted(shown))
        hits += [hit for hit in more if hit.id not in shown][: limit - len(hits)]


def _any_of(rare: list[str], common: list[str]) -> list[str]:
    """FTS5 queries for articles with any of the words, most telling first.

    On a large KB a common word ("printer") would make bm25 score most of the
    KB: it only ranks here (an article that also holds it scores higher; the
    rare words, repeated, count twice), while the rarer words pick the articles.
    """
    if rare and common:
        return [f"({' OR '.join(rare)}) AND ({' OR '.join(rare + common)})"]
    if rare:
        return [" OR ".join(rare)]
    # Only common words: articles with all of them, then (costly) with any.
    return [" AND ".join(common), " OR ".join(common)] if len(common) > 1 else common


# FTS5's snippet() weighs every match in the text against every other one: its cost
# grows with the square of the matches (a pasted 1 MB log with "toner" on each line:
# 2 s a search).  A longer text gets its snippet from ``snippet_around``.
SNIPPET_TEXT_MAX = 16_384  # bytes of UTF-8 (ordinary articles are a few KB)


def _ranked(
    db: sqlite_utils.Database,
    query: str,
    limit: int,
    marks: tuple[str, str],
    shown: list[int],
) -> list[_Ranked]:
    # Rank and limit inside the FTS table first, then join only the top rows:
    # joining every match to the (wide) articles table before sorting costs 2x.
    # The snippet is made for those rows only, but for the articles shown already
    # and the long texts (octet_length reads a text's size, not the text).
    rows = db.execute(
        f"SELECT a.id, a.name, a.summary, hits.snip, a.draft, {_REFUSED} FROM ("
        "  SELECT rowid, rank, CASE"
        "   WHEN rowid IN (SELECT value FROM json_each(?))"
        "    OR (SELECT octet_length(content_text) FROM articles WHERE id = articles_fts.rowid)"
        f"    > {SNIPPET_TEXT_MAX} THEN NULL"
        f"   ELSE snippet(articles_fts, 2, ?, ?, '…', {SNIPPET_TOKENS}) END AS snip"
        f"  FROM articles_fts WHERE articles_fts MATCH ? AND rank MATCH '{RANK}'"
        "  ORDER BY rank LIMIT ?"
        ") AS hits JOIN articles a ON a.id = hits.rowid ORDER BY hits.rank",
        [json.dumps(shown), marks[0], marks[1], query, limit],
    ).fetchall()
    return [_Ranked(r[0], r[1], r[2], r[3], bool(r[4]), bool(r[5]), query) for r in rows]


def _article_hit(
    db: sqlite_utils.Database, hit: _Ranked, marks: tuple[str, str]
) -> ArticleHit | None:
    """The hit as shown; None if the article left the laptop since it was ranked (a sync
    on another connection published a draft or removed an article meanwhile)."""
    snippet = hit.snippet
    # A long text; or a CJK word, found in its other forms (kb_forms): snippet() cannot
    # mark it inside its run, snippet_around can.
    if snippet is None or (marks[0] not in snippet and CJK_RUN.search(hit.query)):
        row = db.execute("SELECT content_text FROM articles WHERE id = ?", [hit.id]).fetchone()
        if row is None:
            return None
        snippet = snippet_around(row[0], hit.query, marks)
    return ArticleHit(hit.id, hit.name, hit.summary, snippet, hit.is_draft, hit.refused)


# Whether the draft's outbox row (``sync.changes.article``) was refused: looked up for the
# few hits shown, drafts only.
_REFUSED = (
    "(a.draft AND EXISTS (SELECT 1 FROM outbox o WHERE o.kind = 'article'"
    " AND o.state = 'rejected' AND json_extract(o.payload, '$.local_id') = a.id))"
)


def get_article(db: sqlite_utils.Database, article_id: int) -> Article | None:
    row = db.execute(
        "SELECT id, name, summary, content, last_updated, draft FROM articles WHERE id = ?",
        [article_id],
    ).fetchone()
    return Article(row[0], row[1], row[2], row[3], row[4], bool(row[5])) if row else None


def article_count(db: sqlite_utils.Database) -> int:
    count: int = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    return count


def ids_by_name(db: sqlite_utils.Database, names: list[str]) -> dict[str, int]:
    """Articles whose title is exactly one of names (case-insensitive): name -> id.

    Articles refer to each other by title; the title index finds the few
    candidates, so this stays fast at 100 000 articles (no table scan).
    """
    found: dict[str, int] = {}
    for name in names:
        words = _WORD.findall(name)
        if not words:
            continue
        phrase = " ".join(words)
        rows = db.execute(
            "SELECT a.id, a.name FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid"
            " WHERE articles_fts MATCH ? LIMIT 20",
            ['{name} : "' + phrase + '"'],
        ).fetchall()
        for article_id, title in rows:
            if title.casefold() == name.casefold():
                found[name] = article_id
                break
    return found
