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
        """In a sentence, for the record, tooltips and the command line."""
        if self.ends is None or self.days_left is None:
            return "warranty unknown"
        if self.state == "out":
            return f"out of warranty: ended {day_text(self.ends)}"
        if self.days_left == 0:
            return "in warranty, ends today"
        left = plural(self.days_left, "day", "days")
        return f"in warranty until {day_text(self.ends)} · {left} left"

    @property
    def short(self) -> str:
        """To fit a list's column: 'until 31 Mar 2027', 'ended 30 Sep 2025'."""
        if self.ends is None or self.days_left is None:
            return "unknown"
        if self.state == "out":
            return f"ended {day_text(self.ends)}"
        return "ends today" if self.days_left == 0 else f"until {day_text(self.ends)}"


def day_text(day: date) -> str:
    """ "31 Mar 2027", "4 Dec 2026": one way on every screen, which no reader takes
    for the other order of day and month (03/04 vs 04/03)."""
    return f"{day.day} {day:%b %Y}"


def warranty_state(ends: str | None, today: date | None = None) -> Warranty:
    """``ends``: the last day covered (YYYY-MM-DD, as RT's date field holds it)."""
    today = today or date.today()
    try:
        last_day = date.fromisoformat((ends or "")[:10])
    except ValueError:
        return Warranty("unknown", None, None)
    days = (last_day - today).days
    return Warranty("in" if days >= 0 else "out", last_day, days)
