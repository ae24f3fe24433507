"""The board reads and shows times in the laptop's zone, as every other screen does.

It used the RT user's zone, which RT gives as "UTC" to a user who never chose one:
on a Berlin laptop the board showed a visit at 10:00 that My visits showed at 11:00,
and a time typed in the assign dialog landed an hour off.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path

import pytest
import sqlite_utils

from sync import dispatch
from sync.laptop_zone import LaptopRules, laptop_zone
from sync.store import open_database
from sync.store.settings import set_setting

WINTER = datetime(2026, 1, 15, 10, 0, tzinfo=UTC)
SUMMER = datetime(2026, 7, 15, 10, 0, tzinfo=UTC)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    database = open_database(tmp_path / "fd.db")
    yield database
    database.close()


def hours_ahead(zone: tzinfo, moment: datetime) -> float:
    offset = moment.astimezone(zone).utcoffset()
    assert offset is not None
    return offset / timedelta(hours=1)


def test_the_board_keeps_the_laptops_zone_not_the_rt_users_utc(
    laptop_in: Callable[[str], None], db: sqlite_utils.Database
) -> None:
    laptop_in("Europe/Berlin")
    set_setting(db, "timezone", "UTC")  # what RT says of a user who never chose a zone
    zone = dispatch.zone_of(db)
    assert hours_ahead(zone, WINTER) == 1
    assert hours_ahead(zone, SUMMER) == 2  # summer time, on a week not reached yet
    assert SUMMER.astimezone(zone).strftime("%H:%M") == SUMMER.astimezone().strftime("%H:%M")


def test_a_zone_the_supervisor_chose_wins(
    laptop_in: Callable[[str], None], db: sqlite_utils.Database
) -> None:
    laptop_in("Europe/Berlin")
    set_setting(db, dispatch.ZONE_SETTING, "America/New_York")
    assert hours_ahead(dispatch.zone_of(db), WINTER) == -5


def test_a_zone_without_a_name_keeps_its_summer_time(laptop_in: Callable[[str], None]) -> None:
    laptop_in("CET-1CEST,M3.5.0,M10.5.0/3")  # POSIX rules, no name
    zone = laptop_zone()
    assert isinstance(zone, LaptopRules)
    assert hours_ahead(zone, WINTER) == 1
    assert hours_ahead(zone, SUMMER) == 2
    assert SUMMER.astimezone(zone).tzname() == "CEST"
