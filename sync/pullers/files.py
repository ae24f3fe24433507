"""Files of today's and tomorrow's visits come down with the sync; others on demand."""

from __future__ import annotations

import logging

from sync import attachments
from sync.errors import DownloadTooLarge, NotFoundError
from sync.pullers.base import PullContext
from sync.report import Progress

log = logging.getLogger(__name__)


class FilesPuller:
    name = "files"

    def pull(self, ctx: PullContext) -> None:
        if ctx.attachments_dir is None:
            return
        wanted = attachments.missing_for_upcoming_visits(ctx.db, max_bytes=ctx.max_attachment_bytes)
        for index, attachment_id in enumerate(wanted):
            ctx.check_cancel()
            ctx.progress(Progress("files", index, len(wanted), f"attachment {attachment_id}"))
            try:
                attachments.fetch_attachment(
                    ctx.db, ctx.connector, ctx.attachments_dir, attachment_id
                )
            except DownloadTooLarge as error:
                # Bigger than the helpdesk said: left for an on-demand look, not a failed sync.
                log.warning("sync: attachment %d not kept: %s", attachment_id, error)
                continue
            except NotFoundError as error:
                # One visit's file, not the sync: the others still come down.
                log.warning("sync: attachment %d refused (HTTP %s)", attachment_id, error.status)
                continue
            ctx.report.files_fetched += 1
