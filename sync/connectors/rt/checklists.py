"""The KB and checklist templates (articles of the *Field Checklists* class the admin
kit adds), changed since their cursors, in one listing."""

from __future__ import annotations

from urllib.parse import quote

from sync.connectors.base import ChecklistTemplates, KnowledgeChanges
from sync.connectors.rt.articles import ArticlesPart
from sync.connectors.rt.common import CHECKLIST_CLASS
from sync.errors import BadReplyError, NotFoundError


class ChecklistsPart(ArticlesPart):
    def changed_knowledge(
        self, kb_since: str | None, checklists_since: str | None, checklist_class: int | None
    ) -> KnowledgeChanges:
        """KB articles and checklist templates changed after their cursors;
        ``checklist_class`` remembered from the last run saves a request.  A
        helpdesk without the class has no templates (class_id None)."""
        kb_class = self.class_id()
        if checklist_class is None:
            checklist_class = self._checklist_class()
        since_by_class = {kb_class: kb_since}
        if checklist_class is not None:
            since_by_class[checklist_class] = checklists_since
        found = self.articles_of_classes(since_by_class)
        templates = found.get(checklist_class, []) if checklist_class is not None else []
        return KnowledgeChanges(found[kb_class], ChecklistTemplates(checklist_class, templates))

    def _checklist_class(self) -> int | None:
        try:
            return int(self.http.get(f"class/{quote(CHECKLIST_CLASS, safe='')}").body["id"])
        except NotFoundError:
            return None
        except (KeyError, TypeError, ValueError):
            raise BadReplyError("the helpdesk sent a class we cannot read") from None
