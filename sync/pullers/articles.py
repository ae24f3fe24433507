"""The knowledge base: articles of the field class changed since the cursor.

The same listing brings the checklist templates (another class) changed since
theirs, for the checklists puller: one request for both.
"""

from __future__ import annotations

from sync.pullers.base import PullContext, article_cursor
from sync.pullers.checklists import CLASS_SETTING, TEMPLATES_CURSOR
from sync.report import Progress
from sync.store import kb as kb_store
from sync.store import transaction
from sync.store.settings import get_cursor, get_setting, set_cursor


class ArticlesPuller:
    name = "articles"

    def pull(self, ctx: PullContext) -> None:
        ctx.check_cancel()
        ctx.progress(Progress("kb", 0, 1, "knowledge base"))
        since = get_cursor(ctx.db, "articles")
        known = get_setting(ctx.db, CLASS_SETTING) or ""
        found = ctx.connector.changed_knowledge(
            since,
            get_cursor(ctx.db, TEMPLATES_CURSOR),
            int(known) if known.isdigit() else None,
        )
        ctx.checklists = found.checklists
        articles = found.articles
        cursor = article_cursor(since, [a.last_updated for a in articles], ctx.server_time)
        with transaction(ctx.db):
            kb_store.apply_remote_articles(ctx.db, articles)
            if cursor is not None:  # never into a second the server is still in
                set_cursor(ctx.db, "articles", cursor)
        ctx.report.articles_pulled = len(articles)
        ctx.progress(Progress("kb", 1, 1, "knowledge base up to date"))
