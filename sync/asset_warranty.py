"""Is a piece of equipment still under warranty, and for how long."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from sync.words import plural


@dataclass(frozen=True)
class Warranty:
    state: Literal["in", "out", "unknown"]
    ends: date | None
    days_left: int | None  # negative: days since it ended

    @property
    def label(self) -> str:
        if self.ends is None or self.days_left is None:
            return "warranty unknown"
        if self.state == "in":
            if self.days_left == 0:
                return f"in warranty, ends today ({self.ends.isoformat()})"
            return (
                f"in warranty, {plural(self.days_left, 'day', 'days')} left"
                f" (until {self.ends.isoformat()})"
            )
        return f"out of warranty since {self.ends.isoformat()}"


def warranty_state(ends: str | None, today: date | None = None) -> Warranty:
    """``ends``: the last day covered (YYYY-MM-DD, as RT's date field holds it)."""
    today = today or date.today()
    try:
        last_day = date.fromisoformat((ends or "")[:10])
    except ValueError:
        return Warranty("unknown", None, None)
    days = (last_day - today).days
    return Warranty("in" if days >= 0 else "out", last_day, days)
