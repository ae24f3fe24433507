"""Every open visit gets the checklists its Visit Type names.

The templates themselves (articles of the *Field Checklists* class) come in the
articles puller's listing, written as it comes with their cursor
(``sync.pullers.articles``), which also remembers the class.
"""

from __future__ import annotations

from sync.pullers.base import PullContext
from sync.store import checklists as checklist_store

CLASS_SETTING = "rt.checklist_class_id"
TEMPLATES_CURSOR = "checklist_templates"


class ChecklistsPuller:
    name = "checklists"

    def pull(self, ctx: PullContext) -> None:
        ctx.check_cancel()
        checklist_store.ensure_all_checklists(ctx.db)
