"""A laptop zone with no name (Windows, a POSIX TZ string) in the hours summer time
repeats and skips: the board shows and reads them as a named zone would."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

import pytest

from sync.laptop_zone import LaptopRules, laptop_zone

BERLIN_RULES = "CET-1CEST,M3.5.0,M10.5.0/3"
NEW_YORK_RULES = "EST5EDT,M3.2.0,M11.1.0"


@pytest.fixture
def laptop_with(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], LaptopRules]]:
    """The laptop's zone set as a POSIX rule string: no name to load, the C library's."""

    def set_rules(rules: str) -> LaptopRules:
        monkeypatch.setenv("TZ", rules)
        time.tzset()
        zone = laptop_zone()
        assert isinstance(zone, LaptopRules)
        return zone

    yield set_rules
    monkeypatch.undo()
    time.tzset()


def test_the_repeated_autumn_hour_is_shown_twice_not_skipped(
    laptop_with: Callable[[str], LaptopRules],
) -> None:
    zone = laptop_with(BERLIN_RULES)
    night = [datetime(2026, 10, 25, 0, 0, tzinfo=UTC) + timedelta(minutes=30 * n) for n in range(6)]

    shown = [f"{m.astimezone(zone):%H:%M %Z}" for m in night]

    assert shown == ["02:00 CEST", "02:30 CEST", "02:00 CET", "02:30 CET", "03:00 CET", "03:30 CET"]
    assert [m.astimezone(zone).astimezone(UTC) for m in night] == night  # read back unchanged


@pytest.mark.parametrize(
    ("rules", "named", "days"),
    [
        (BERLIN_RULES, "Europe/Berlin", (date(2026, 3, 29), date(2026, 10, 25))),
        (NEW_YORK_RULES, "America/New_York", (date(2026, 3, 8), date(2026, 11, 1))),
    ],
)
def test_every_hour_around_the_changes_is_what_the_named_zone_says(
    laptop_with: Callable[[str], LaptopRules],
    rules: str,
    named: str,
    days: tuple[date, date],
) -> None:
    zone, real = laptop_with(rules), ZoneInfo(named)
    for day in days:
        start = datetime.combine(day - timedelta(days=1), clock(18), UTC)
        for step in range(0, 36 * 60, 15):
            moment = start + timedelta(minutes=step)
            ours, theirs = moment.astimezone(zone), moment.astimezone(real)
            assert (ours.replace(tzinfo=None), ours.utcoffset(), ours.fold) == (
                theirs.replace(tzinfo=None),
                theirs.utcoffset(),
                theirs.fold,
            ), moment
        for hour in range(24):  # a time typed on the board, read in the zone
            typed = datetime.combine(day, clock(hour, 30))
            assert typed.replace(tzinfo=zone).astimezone(UTC) == typed.replace(
                tzinfo=real
            ).astimezone(UTC), typed
