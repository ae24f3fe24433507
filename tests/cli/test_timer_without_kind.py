"""``fielddesk timer pause N`` / ``timer stop N`` with no ``--kind`` act on the timer that
runs, as the README's ``timer start 42 --kind travel ; timer pause 42 ; timer stop 42`` reads.

Before, both meant the on-site timer: after starting travel, ``timer pause`` printed
"Paused: #N On site: 0:00 (stopped)" while the travel timer kept counting."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sync.profile import Profile
from sync.stamps import STAMP_FORMAT
from sync.store import open_database, outbox, timers
from tests.cli.runner import run
from tests.cli.test_status_rules import LAPTOP, PRINTER, laptop

__all__ = ["laptop"]  # the fixture, used by name


def started_ago(laptop: Path, kind: str, minutes: int) -> None:
    """The visit's ``kind`` timer started ``minutes`` ago (pausing any other, as start does)."""
    db = open_database(Profile(laptop).database_path)
    try:
        timers.start(db, LAPTOP, kind)
        when = datetime.now(UTC) - timedelta(minutes=minutes)
        db.execute(
            "UPDATE visit_timers SET running_since = ? WHERE running_since IS NOT NULL",
            [when.strftime(STAMP_FORMAT)],
        )
    finally:
        db.close()


def running_kinds(laptop: Path) -> list[str]:
    db = open_database(Profile(laptop).database_path)
    try:
        return [t.kind for t in timers.timers(db, LAPTOP).values() if t.running]
    finally:
        db.close()


def test_pause_then_stop_without_kind_stop_and_log_the_travel_timer(
    laptop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    started_ago(laptop, "travel", 25)
    code, out, err = run(capsys, laptop, "timer", "pause", str(LAPTOP))
    assert code == 0, err
    assert out.startswith(f"Paused: #{LAPTOP} Travel: 25:0")
    assert running_kinds(laptop) == [], "the travel timer no longer counts"

    code, out, err = run(capsys, laptop, "timer", "stop", str(LAPTOP))
    assert code == 0, err
    assert out.strip() == f"Logged 25 min travel on #{LAPTOP}; sent at the next sync."
    db = open_database(Profile(laptop).database_path)
    try:
        (entry,) = outbox.rows(db)
    finally:
        db.close()
    assert (entry.kind, entry.payload["time_taken"]) == ("time_entry", 25)


def test_stop_without_kind_stops_the_running_timer(
    laptop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    started_ago(laptop, "travel", 12)
    code, out, err = run(capsys, laptop, "timer", "stop", str(LAPTOP), "--discard")
    assert code == 0, err
    assert out.strip() == f"Stopped #{LAPTOP} Travel; nothing logged."
    assert running_kinds(laptop) == []


def test_with_no_timer_running_pause_and_stop_say_so(
    laptop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, laptop, "timer", "pause", str(LAPTOP))
    assert (code, out.strip()) == (0, f"No timer is running on #{LAPTOP}; nothing paused.")
    code, out, _ = run(capsys, laptop, "timer", "pause", str(LAPTOP), "--kind", "on_site")
    assert out.strip() == f"The on-site timer is not running on #{LAPTOP}; nothing paused."
    code, out, _ = run(capsys, laptop, "timer", "stop", str(LAPTOP))
    assert (code, out.strip()) == (0, f"No timer is running on #{LAPTOP}; nothing logged.")
    code, out, _ = run(capsys, laptop, "timer", "pause", str(PRINTER), "--json")
    assert json.loads(out) is None


def test_two_timers_holding_time_ask_which(
    laptop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for kind in ("travel", "on_site"):
        started_ago(laptop, kind, 10)
        assert run(capsys, laptop, "timer", "pause", str(LAPTOP))[0] == 0
    code, _, err = run(capsys, laptop, "timer", "stop", str(LAPTOP))
    assert code == 1
    assert f"both timers of #{LAPTOP} hold time not logged yet" in err
    assert "--kind travel or --kind on_site" in err
    code, out, _ = run(capsys, laptop, "timer", "stop", str(LAPTOP), "--kind", "on_site")
    assert code == 0 and f"Logged 10 min on site on #{LAPTOP}" in out
