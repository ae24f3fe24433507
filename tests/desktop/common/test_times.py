"""A visit's window reads as strftime would write it."""

from __future__ import annotations

from datetime import datetime

import pytest

from desktop.common.times import clock_text, local_time, window_text


@pytest.mark.parametrize(("hour", "minute"), [(0, 0), (9, 5), (12, 30), (23, 59)])
def test_a_clock_reads_as_strftime_writes_it(hour: int, minute: int) -> None:
    moment = datetime(2026, 11, 23, hour, minute, 7)
    assert clock_text(moment) == moment.strftime("%H:%M")


def test_a_window_on_one_day_and_over_two() -> None:
    begin = local_time("2026-11-23T09:00:00Z")
    same_day = local_time("2026-11-23T11:30:00Z")
    next_day = local_time("2026-11-24T12:05:00Z")
    assert window_text(begin, None) == f"{begin:%H:%M}"
    assert window_text(begin, "2026-11-23T11:30:00Z") == f"{begin:%H:%M}–{same_day:%H:%M}"
    assert window_text(begin, "2026-11-24T12:05:00Z") == (
        f"{begin:%a %d %b %H:%M} – {next_day:%a %d %b %H:%M}"
    )
