"""Earlier tickets at the technician's sites and equipment (recurring incidents).

New sites a few dozen a sync, known ones every few hours by one listing of the queue's
changes: RT's work per sync is bounded whatever the number of sites, and an idle sync
asks nothing (the cursors, the budget and the schedule live in ``sync.related``).
"""

from __future__ import annotations

from sync import related
from sync.pullers.base import PullContext


class RelatedPuller:
    name = "related"

    def pull(self, ctx: PullContext) -> None:
        ctx.check_cancel()
        ctx.report.related_pulled = related.refresh(ctx.db, ctx.connector)
