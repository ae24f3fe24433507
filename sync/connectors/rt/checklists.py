"""The KB and checklist templates (articles of the *Field Checklists* class the admin
kit adds), changed since their cursors, in one listing."""

from __future__ import annotations

from collections.abc import Generator
from contextlib import closing
from urllib.parse import quote

from sync.connectors.base import KnowledgePage
from sync.connectors.rt.articles import ArticlesPart
from sync.connectors.rt.common import CHECKLIST_CLASS
from sync.errors import BadReplyError, NotFoundError


class ChecklistsPart(ArticlesPart):
    def knowledge_pages(
        self,
        kb_since: str | None,
        checklists_since: str | None,
        checklist_class: int | None,
        after_id: int = 0,
    ) -> Generator[KnowledgePage, None, None]:
        """KB articles and checklist templates changed after their cursors, page by
        page from after ``after_id``; ``checklist_class`` remembered from the last run
        saves a request.  A helpdesk without the class has no templates (None)."""
        kb_class = self.class_id()
        if checklist_class is None:
            checklist_class = self._checklist_class()
        since_by_class = {kb_class: kb_since}
        if checklist_class is not None:
            since_by_class[checklist_class] = checklists_since
        with closing(self.article_pages(since_by_class, after_id)) as pages:
            for page in pages:
                templates = page.by_class.get(checklist_class, []) if checklist_class else []
                yield KnowledgePage(
                    page.by_class[kb_class], templates, checklist_class, page.last_id
                )

    def _checklist_class(self) -> int | None:
        try:
            return int(self.http.get(f"class/{quote(CHECKLIST_CLASS, safe='')}").body["id"])
        except NotFoundError:
            return None
        except (KeyError, TypeError, ValueError):
            raise BadReplyError("the helpdesk sent a class we cannot read") from None
