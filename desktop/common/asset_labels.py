"""How an asset's warranty and status read in lists, chips and the record."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # sync.assets brings the asset changes' modules: not needed to paint
    from sync.assets import Asset, Warranty

SOON_DAYS = 30  # a warranty ending within a month is worth a glance before a repair


def warranty_colour(warranty: Warranty) -> str:
    """The theme's colour for a warranty: one ending within a month is worth a glance."""
    if warranty.days_left is None:
        return "muted"
    if warranty.state == "out":
        return "overdue"
    return "warn" if warranty.days_left <= SOON_DAYS else "ok"


def status_chip(asset: Asset) -> tuple[str, str]:
    """Its status; RMA and retired stand out, something added here says so."""
    status = asset.status or "in-use"
    if asset.local:
        return f"{status} · added here, not yet sent", "warn"
    if status == "rma":
        return "RMA", "overdue"
    if status in ("retired", "recycled", "stolen", "deleted"):
        return status, "muted"
    if asset.unsent:
        return f"{status} · changed here, not yet sent", "warn"
    return status, "ok"
