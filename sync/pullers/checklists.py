"""Checklist templates (articles of the *Field Checklists* class) changed since the cursor,
merged into open checklists; then every visit gets the checklists its Visit Type names."""

from __future__ import annotations

from sync.pullers.base import PullContext, second_is_over
from sync.store import checklists as checklist_store
from sync.store import transaction
from sync.store.settings import get_cursor, get_setting, set_cursor, set_setting

CLASS_SETTING = "rt.checklist_class_id"


class ChecklistsPuller:
    name = "checklists"

    def pull(self, ctx: PullContext) -> None:
        ctx.check_cancel()
        since = get_cursor(ctx.db, "checklist_templates")
        known = get_setting(ctx.db, CLASS_SETTING) or ""
        found = ctx.connector.checklist_templates(since, int(known) if known.isdigit() else None)
        if found.class_id is not None and str(found.class_id) != known:
            set_setting(ctx.db, CLASS_SETTING, str(found.class_id))
        if found.templates:
            settled = [
                t.last_updated
                for t in found.templates
                if second_is_over(t.last_updated, ctx.server_time)
            ]
            with transaction(ctx.db):
                checklist_store.apply_remote_templates(ctx.db, found.templates)
                if settled:  # never into a second the server is still in
                    set_cursor(ctx.db, "checklist_templates", max(*settled, since or ""))
        checklist_store.ensure_all_checklists(ctx.db)
