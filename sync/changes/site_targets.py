"""A site's network-check targets added on site, shared with the helpdesk.

They go into the site's *Field KB* article ``Network targets: <site>``
(``sync.netcheck.site_targets``): created when the site has none, else the
lines it lacks are appended.  Exactly once by being idempotent: ``send``
reads the article first and adds only targets it does not hold, so a resend
after a lost reply adds nothing; a create whose reply was lost is found by
its name before another is made.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from sync.changes.article import as_html
from sync.changes.kind import NotEditable, PushContext
from sync.connectors.base import NewArticleRequest
from sync.errors import ConflictError, RetryableError
from sync.netcheck.site_targets import (
    article_name,
    helpdesk_article_id,
    helpdesk_targets,
    lines_of,
    save_targets,
    saved_targets,
)
from sync.netcheck.targets import Target, TargetError, parse_target
from sync.store import kb
from sync.store.database import transaction
from sync.store.outbox import InvalidChange, OutboxRow, enqueue, mark_done, mark_in_flight

if TYPE_CHECKING:
    import sqlite_utils

SUMMARY = "Hosts and ports the network check tests at this site"
WRITE_ROUNDS = 3  # reads and writes before a busy article waits for the next sync


def save_and_share(db: sqlite_utils.Database, site: str, targets: list[Target]) -> int:
    """Keep the site's targets on this laptop and queue the new ones for its article.

    One transaction: saved here, and what neither the helpdesk's article nor an
    earlier save holds is queued.  Returns how many targets were queued.
    """
    if not site.strip():
        raise InvalidChange("targets are kept for a site: open the check from a visit")
    known = {t.text for t in helpdesk_targets(db, site) + saved_targets(db, site)}
    new = [t for t in targets if t.text not in known]
    with transaction(db):
        save_targets(db, site, targets)
        if new:
            enqueue(db, KIND.name, None, {"site": site, "lines": [t.line for t in new]})
    return len(new)


def _texts(lines: list[str]) -> set[str]:
    found = set()
    for line in lines:
        try:
            found.add(parse_target(line).text)
        except TargetError:
            continue
    return found


def _paragraphs(lines: list[str]) -> str:
    return "".join(f"<p>{html.escape(line)}</p>" for line in lines)


def _as_html(content: str) -> str:
    """The article's body as the HTML to add paragraphs to.  One that starts with a tag
    is HTML (as the reader takes it); any other is text (RT 5.0.3's Text field, RT
    5.0.7's escaped text read back): escaped, so none of its words becomes a tag in RT."""
    if not content.strip() or content.lstrip().startswith("<"):
        return content
    return as_html(content)


def _add_to_article(ctx: PushContext, article_id: int, lines: list[str]) -> str:
    """Add the lines the article lacks, onto the version read (If-Match): a colleague's
    save in between is read again and added to, never overwritten.  Returns its text."""
    for _ in range(WRITE_ROUNDS):
        article = ctx.connector.fetch_article(article_id)
        held = _texts(lines_of(article.content))
        missing = [line for line in lines if parse_target(line).text not in held]
        if not missing:
            return article.content
        content = _as_html(article.content) + _paragraphs(missing)
        try:
            ctx.connector.update_article_content(article_id, content, version=article.etag)
        except ConflictError:
            continue  # saved on the helpdesk since we read it: add ours to that
        return content
    raise RetryableError("the site's network targets kept changing on the helpdesk; will try again")


def _indexed_texts(
    db: sqlite_utils.Database, article_id: int, content: str
) -> tuple[str, str, str]:
    """The search texts of the laptop's copy of the article with this new content."""
    row = db.execute("SELECT name, summary FROM articles WHERE id = ?", [article_id]).fetchone()
    name, summary = row if row is not None else ("", "")
    return kb.indexed_texts(name, summary, content)


class SiteTargetsKind(NotEditable):
    name = "site_targets"
    held_in_order = False

    def describe(self, row: OutboxRow) -> str:
        lines = row.payload.get("lines") or []
        return f"Network targets for {row.payload.get('site', '')}: {', '.join(lines)}"[:120]

    def send(self, ctx: PushContext, row: OutboxRow) -> None:
        site, lines = str(row.payload["site"]), list(row.payload["lines"])
        name = article_name(site)
        article_id = helpdesk_article_id(ctx.db, site)
        if article_id is None and row.state == "in_flight":
            article_id = ctx.connector.find_article(name)  # created, but its reply was lost
            if article_id is None:
                ctx.before_sending_again(row)
        mark_in_flight(ctx.db, row)
        if article_id is None:
            article_id = ctx.connector.create_article(
                NewArticleRequest(name=name, summary=SUMMARY, content=_paragraphs(lines))
            )
            with transaction(ctx.db):  # the article itself comes down with the next KB pull
                mark_done(ctx.db, row.seq, str(article_id))
            return
        content = _add_to_article(ctx, article_id, lines)
        with transaction(ctx.db):
            # This laptop's copy is the helpdesk's now, whenever the KB pull next sees it.
            ctx.db.execute(
                "UPDATE articles SET content = ?, content_text = ?, name_forms = ?,"
                " text_forms = ? WHERE id = ?",
                [content, *_indexed_texts(ctx.db, article_id, content), article_id],
            )
            mark_done(ctx.db, row.seq, str(article_id))

    def undo(self, db: sqlite_utils.Database, row: OutboxRow) -> None:
        """Discarded: the targets stay saved on this laptop, just not shared."""


KIND = SiteTargetsKind()
