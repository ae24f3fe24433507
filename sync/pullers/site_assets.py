"""The equipment at the sites of the technician's visits (``sync.site_assets``)."""

from __future__ import annotations

from sync import site_assets
from sync.pullers.base import PullContext


class SiteAssetsPuller:
    name = "site_assets"

    def pull(self, ctx: PullContext) -> None:
        ctx.check_cancel()
        result = site_assets.refresh(ctx.db, ctx.connector)
        ctx.report.assets_pulled = result.assets
