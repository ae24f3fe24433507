"""Earlier tickets at the technician's sites and equipment (recurring incidents).

New sites at once, known ones only every few hours, so an idle sync stays cheap
(the cursors and the schedule live in ``sync.related``).
"""

from __future__ import annotations

from sync import related
from sync.pullers.base import PullContext


class RelatedPuller:
    name = "related"

    def pull(self, ctx: PullContext) -> None:
        ctx.check_cancel()
        ctx.report.related_pulled = related.refresh(ctx.db, ctx.connector)
