"""Files of today's and tomorrow's visits come down with the sync; others on demand."""

from __future__ import annotations

from sync import attachments
from sync.pullers.base import PullContext
from sync.report import Progress


class FilesPuller:
    name = "files"

    def pull(self, ctx: PullContext) -> None:
        if ctx.attachments_dir is None:
            return
        wanted = attachments.missing_for_upcoming_visits(ctx.db, max_bytes=ctx.max_attachment_bytes)
        for index, attachment_id in enumerate(wanted):
            ctx.check_cancel()
            ctx.progress(Progress("files", index, len(wanted), f"attachment {attachment_id}"))
            attachments.fetch_attachment(ctx.db, ctx.connector, ctx.attachments_dir, attachment_id)
            ctx.report.files_fetched += 1
