"""The knowledge base: articles of the field class changed since the cursor."""

from __future__ import annotations

from sync.pullers.base import PullContext, second_is_over
from sync.report import Progress
from sync.store import kb as kb_store
from sync.store import transaction
from sync.store.settings import get_cursor, set_cursor


class ArticlesPuller:
    name = "articles"

    def pull(self, ctx: PullContext) -> None:
        ctx.check_cancel()
        ctx.progress(Progress("kb", 0, 1, "knowledge base"))
        since = get_cursor(ctx.db, "articles")
        articles = ctx.connector.changed_articles(since)
        if articles:
            settled = [
                a.last_updated for a in articles if second_is_over(a.last_updated, ctx.server_time)
            ]
            with transaction(ctx.db):
                kb_store.apply_remote_articles(ctx.db, articles)
                if settled:  # never into a second the server is still in
                    set_cursor(ctx.db, "articles", max(*settled, since or ""))
        ctx.report.articles_pulled = len(articles)
        ctx.progress(Progress("kb", 1, 1, "knowledge base up to date"))
