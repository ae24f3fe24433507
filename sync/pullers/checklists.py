"""Checklist templates (articles of the *Field Checklists* class) changed since the cursor,
merged into open checklists; then every visit gets the checklists its Visit Type names.

The templates come in the articles puller's listing (``PullContext.checklists``).
"""

from __future__ import annotations

from sync.pullers.base import PullContext, article_cursor
from sync.store import checklists as checklist_store
from sync.store import transaction
from sync.store.settings import get_cursor, get_setting, set_cursor, set_setting

CLASS_SETTING = "rt.checklist_class_id"
TEMPLATES_CURSOR = "checklist_templates"


class ChecklistsPuller:
    name = "checklists"

    def pull(self, ctx: PullContext) -> None:
        ctx.check_cancel()
        found = ctx.checklists
        if found is not None:
            since = get_cursor(ctx.db, TEMPLATES_CURSOR)
            known = get_setting(ctx.db, CLASS_SETTING) or ""
            if found.class_id is not None and str(found.class_id) != known:
                set_setting(ctx.db, CLASS_SETTING, str(found.class_id))
            stamps = [t.last_updated for t in found.templates]
            cursor = article_cursor(since, stamps, ctx.server_time)
            with transaction(ctx.db):
                if found.templates:
                    checklist_store.apply_remote_templates(ctx.db, found.templates)
                if cursor is not None and found.class_id is not None:
                    set_cursor(ctx.db, TEMPLATES_CURSOR, cursor)
        checklist_store.ensure_all_checklists(ctx.db)
