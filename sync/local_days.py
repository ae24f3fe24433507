"""The technician's days: "today" is the day on the laptop's clock, not Greenwich's.

The replica stamps times in UTC ('2026-12-02T09:00:00Z'); the bounds below are in the
same form, so they compare with stamps as plain strings in SQL.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sync.stamps import STAMP_FORMAT


def local_days(now: datetime | None = None, days: int = 1) -> tuple[str, str]:
    """[start, end) of the local day holding ``now`` and the days after it, as UTC stamps."""
    local = (now or datetime.now(UTC)).astimezone()
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    end = start + timedelta(days=days)
    return start.astimezone(UTC).strftime(STAMP_FORMAT), end.astimezone(UTC).strftime(STAMP_FORMAT)
