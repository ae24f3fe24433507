"""Dates written as RT's parser reads them, round the DST changes of two zones.

RT reads "YYYY-MM-DD HH:MM:SS" as if it were UTC, then subtracts the zone's offset at
that (wrong) instant: the plain local time lands an hour off on the hours round a
change.  ``rt_reads`` is that arithmetic (checked against the real RT in
tests/integration/test_helpdesk_zone.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from sync.connectors.rt_zone import fixed_zone_name, rt_reads, rt_wall_time, rt_zone

CHANGES = [
    ("Europe/Berlin", "2026-03-29T01:00:00Z"),
    ("Europe/Berlin", "2026-10-25T01:00:00Z"),
    ("America/New_York", "2026-03-08T07:00:00Z"),
    ("America/New_York", "2026-11-01T06:00:00Z"),
]


def moments_round(change: str) -> list[datetime]:
    """Every five minutes from a day before the change to a day after."""
    at = datetime.fromisoformat(change)
    return [at + timedelta(minutes=m) for m in range(-24 * 60, 24 * 60, 5)]


@pytest.mark.parametrize(("zone_name", "change"), CHANGES)
def test_every_moment_round_a_change_lands_where_it_was_meant(zone_name: str, change: str) -> None:
    zone = rt_zone(zone_name)
    missed = [t for t in moments_round(change) if rt_reads(rt_wall_time(t, zone), zone) != t]
    local_missed = [
        t
        for t in moments_round(change)
        if rt_reads(t.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S"), zone) != t
    ]
    assert local_missed, "the plain local time is wrong somewhere round the change"
    # Only the repeated autumn hour that RT's arithmetic cannot reach: at most an hour.
    assert len(missed) <= 12
    assert all(abs(rt_reads(rt_wall_time(t, zone), zone) - t) <= timedelta(hours=1) for t in missed)


@pytest.mark.parametrize(("zone_name", "change"), CHANGES)
def test_a_searchs_since_is_never_after_the_moment_meant(zone_name: str, change: str) -> None:
    zone = rt_zone(zone_name)
    for moment in moments_round(change):
        assert rt_reads(rt_wall_time(moment, zone, at_most=True), zone) <= moment


def test_a_measured_offset_is_kept_and_read_back_as_a_fixed_zone() -> None:
    assert fixed_zone_name(timedelta(hours=-5)) == "UTC-05:00"
    assert fixed_zone_name(timedelta(hours=5, minutes=30)) == "UTC+05:30"
    assert rt_zone("UTC+05:30") == timezone(timedelta(hours=5, minutes=30))
    assert rt_zone("Not/AZone") is UTC
