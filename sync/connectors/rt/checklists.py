"""Checklist templates: articles of the *Field Checklists* class the admin kit adds."""

from __future__ import annotations

from urllib.parse import quote

from sync.connectors.base import ChecklistTemplates
from sync.connectors.rt.articles import ArticlesPart
from sync.connectors.rt.common import CHECKLIST_CLASS
from sync.errors import BadReplyError, NotFoundError


class ChecklistsPart(ArticlesPart):
    def checklist_templates(self, since: str | None, class_id: int | None) -> ChecklistTemplates:
        """Templates changed after ``since``; ``class_id`` remembered from the last run
        saves a request.  A helpdesk without the class has no templates (class_id None)."""
        if class_id is None:
            try:
                body = self.http.get(f"class/{quote(CHECKLIST_CLASS, safe='')}").body
                class_id = int(body["id"])
            except NotFoundError:
                return ChecklistTemplates(None, [])
            except (KeyError, TypeError, ValueError):
                raise BadReplyError("the helpdesk sent a class we cannot read") from None
        return ChecklistTemplates(class_id, self.articles_of_class(class_id, since))
