"""Files of today's and tomorrow's visits come down with the sync; others on demand.

Each visit's newest files, up to a budget (``attachments.SYNC_VISIT_BUDGET``): a
mail loop's thousands of logos on one visit are not thousands of downloads in
every sync.  The rest download when opened, or with Ready for the road (no budget).

A disk that fills stops the downloads, not the sync: the rest of the run (names,
the retention purge, recording a complete sync) goes on, and the report says how
many files stayed behind; the next sync fetches them once there is room.
"""

from __future__ import annotations

import logging

from sync import attachments
from sync.errors import DownloadTooLarge, NotFoundError
from sync.pullers.base import PullContext
from sync.report import Progress
from sync.store.database import DiskFull
from sync.words import plural

log = logging.getLogger(__name__)


class FilesPuller:
    name = "files"

    def pull(self, ctx: PullContext) -> None:
        if ctx.attachments_dir is None:
            return
        downloads = attachments.downloads_for_upcoming_visits(
            ctx.db, max_bytes=ctx.max_attachment_bytes, budget=ctx.visit_budget
        )
        ctx.report.files_held_back = downloads.held_back
        if downloads.held_back:
            log.info("sync: %d file(s) left past their visits' budget", ctx.report.files_held_back)
        wanted = downloads.wanted
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
            except DiskFull:
                # Nothing of this file was kept; the next files would not fit either.
                left = plural(len(wanted) - index, "file", "files")
                log.warning("sync: %s not downloaded: the disk is full", left)
                ctx.report.notices.append(f"{left} not downloaded: the disk is full")
                return
            ctx.report.files_fetched += 1
