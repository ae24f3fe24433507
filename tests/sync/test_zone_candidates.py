"""Which zone names the daily zone check tries: the one learned before first.

A laptop flown from Berlin to New York still reports to a helpdesk in Berlin; only
the zone learned before can say so by name (tests/integration/test_zone_kept_abroad.py
shows it against a real RT)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from sync.connectors.rt.zone_probe import zone_candidates


@pytest.fixture(autouse=True)
def laptop_in_new_york(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_the_zone_learned_before_is_tried_before_the_laptops() -> None:
    assert zone_candidates("Europe/Berlin") == ["Europe/Berlin", "America/New_York"]


def test_a_measured_offset_or_utc_is_no_name_to_try() -> None:
    for known in ("UTC+01:00", "UTC", "Etc/UTC", "Not/AZone"):
        assert zone_candidates(known) == ["America/New_York"]
