"""Which parts of a visit the schedule draws, and in which lane: no Qt, no pixels.

The schedule shows some hours of some days.  A visit is cut at each midnight into
its days; of a day's part, what falls in the hours shown is drawn where it is, and a
part wholly outside them is only a stub at that day's edge (the early or the late
one), so that it is never drawn in a time it does not occupy, such as the next
morning's first hour.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Literal

EARLY, LATE = "◂", "▸"  # a stub's marker: before or after the hours shown


@dataclass(frozen=True)
class Part:
    """What one day shows of a visit: hours (0-24, that day's clock) to draw between."""

    day: int  # index in the days shown
    start_hour: float
    end_hour: float
    stub: Literal["", "early", "late"] = ""  # "": drawn at its hours; else at that day's edge
    label: str = ""  # a stub's marker and time: "◂ 06:00", "22:00 ▸"
    continued_before: bool = False  # the visit began earlier than this part shows
    continued_after: bool = False  # ... and goes on after it


def visit_parts(
    start: datetime,
    end: datetime,
    days: list[date],
    zone: tzinfo,
    *,
    first_hour: int,
    last_hour: int,
) -> list[Part]:
    """The parts of a visit from start to end (aware) on the days shown, each day's
    hours shown being first_hour to last_hour of its own clock."""
    parts = []
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    for index, day in enumerate(days):
        midnight = _at(day, 0, zone)
        next_midnight = _at(day + timedelta(days=1), 0, zone)
        part_start, part_end = max(start, midnight), min(end, next_midnight)
        if part_start >= part_end:
            continue
        shown_from, shown_to = _at(day, first_hour, zone), _at(day, last_hour, zone)
        drawn_start, drawn_end = max(part_start, shown_from), min(part_end, shown_to)
        if drawn_start < drawn_end:
            parts.append(
                Part(
                    index,
                    _hour_of(drawn_start, day, zone),
                    _hour_of(drawn_end, day, zone),
                    continued_before=drawn_start > start,
                    continued_after=drawn_end < end,
                )
            )
        elif part_end <= shown_from:  # all of it before the hours shown
            # the time it starts, or, going on from the day before, "until" its end
            shown = _clock(start, zone) if part_start == start else f"–{_clock(part_end, zone)}"
            hour = float(first_hour)
            parts.append(Part(index, hour, hour, "early", f"{EARLY} {shown}", part_start > start))
        else:  # all of it after them: it starts that evening
            hour = float(last_hour)
            label = f"{_clock(part_start, zone)} {LATE}"
            parts.append(Part(index, hour, hour, "late", label, False, part_end < end))
    return parts


def lanes(spans: list[tuple[float, float]]) -> list[tuple[int, int]]:
    """For spans (left, right) of one row: each one's lane and how many lanes share its
    stretch, so that spans which overlap lie side by side and none hides another.
    A stretch of overlapping spans gets as many lanes as most of them at once."""
    order = sorted(range(len(spans)), key=lambda i: spans[i])
    found: list[tuple[int, int]] = [(0, 1)] * len(spans)
    group: list[int] = []  # the stretch being laid out
    lane_ends: list[float] = []  # where each of its lanes is free again
    reach = float("-inf")  # where the stretch ends

    def close_group() -> None:
        for i in group:
            found[i] = (found[i][0], len(lane_ends))

    for i in order:
        left, right = spans[i]
        if left >= reach:  # overlaps nothing before it: a new stretch
            close_group()
            group, lane_ends, reach = [], [], left
        lane = next((n for n, free in enumerate(lane_ends) if free <= left), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(right)
        lane_ends[lane] = right
        found[i] = (lane, 0)
        group.append(i)
        reach = max(reach, right)
    close_group()
    return found


def _at(day: date, hour: int, zone: tzinfo) -> datetime:
    """hour o'clock of day on the zone's clock (24: the next midnight), in UTC."""
    return (datetime.combine(day, time(0), zone) + timedelta(hours=hour)).astimezone(UTC)


def _hour_of(moment: datetime, day: date, zone: tzinfo) -> float:
    """moment as hours on day's clock; the next midnight is 24."""
    local = moment.astimezone(zone)
    if local.date() > day:
        return 24.0
    return local.hour + local.minute / 60


def _clock(moment: datetime, zone: tzinfo) -> str:
    return f"{moment.astimezone(zone):%H:%M}"
