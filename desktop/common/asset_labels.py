"""How an asset's warranty and status read in lists, chips and the record."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sync.words import plural

if TYPE_CHECKING:  # sync.assets brings the asset changes' modules: not needed to paint
    from sync.assets import Asset, Warranty

SOON_DAYS = 30  # a warranty ending within a month is worth a glance before a repair


def warranty_chip(warranty: Warranty) -> tuple[str, str]:
    """Short text and theme colour name: 'in · 119 days left' (ok), 'out' (overdue)."""
    if warranty.state == "in" and warranty.days_left is not None:
        left = plural(warranty.days_left, "day", "days")
        return f"in warranty · {left} left", "warn" if warranty.days_left <= SOON_DAYS else "ok"
    if warranty.state == "out" and warranty.ends is not None:
        return f"out of warranty since {warranty.ends.isoformat()}", "overdue"
    return "warranty unknown", "muted"


def warranty_short(warranty: Warranty) -> str:
    """The same, to fit a list's column: '119 days left', 'ended 2026-10-23'."""
    if warranty.state == "in" and warranty.days_left is not None:
        return f"{plural(warranty.days_left, 'day', 'days')} left"
    if warranty.state == "out" and warranty.ends is not None:
        return f"ended {warranty.ends.isoformat()}"
    return "unknown"


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
