"""``fielddesk status N resolved`` logs the visit's timers as the window does, and
``fielddesk timer status`` says when the laptop's clock jumped under a running timer.

Before, resolving left the running timer out of the visit's time with one line of
advice, and a clock jump seen by the window was added to the timer unsaid."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sync.profile import Profile
from sync.stamps import STAMP_FORMAT
from sync.store import open_database, timers
from tests.cli.runner import run
from tests.cli.test_status_rules import LAPTOP, laptop, queued

__all__ = ["laptop"]  # the fixture, used by name


def started_ago(profile_root: Path, kind: str, minutes: int) -> None:
    """The timer started ``minutes`` ago (by another process: nothing watched it here)."""
    db = open_database(Profile(profile_root).database_path)
    try:
        timers.start(db, LAPTOP, kind)
        when = datetime.now(UTC) - timedelta(minutes=minutes)
        db.execute("UPDATE visit_timers SET running_since = ?", [when.strftime(STAMP_FORMAT)])
    finally:
        db.close()


def test_resolving_stops_and_logs_the_running_timer_first(
    laptop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    started_ago(laptop, "on_site", 98)
    code, out, err = run(
        capsys, laptop, "status", str(LAPTOP), "resolved", "--note", "Reseated the RAM"
    )
    assert code == 0, err
    assert out.strip() == (
        f"Resolved #{LAPTOP} with its note and 98 min from the on-site timer;"
        " it will be sent at the next sync."
    )
    entry, note, status = queued(laptop)
    assert (entry.kind, entry.payload["time_taken"]) == ("time_entry", 98)
    assert (note.kind, status.kind) == ("note", "set_fields")
    code, out, _ = run(capsys, laptop, "timer", "status")
    assert out.strip() == "No timer running."


def test_keep_timers_leaves_the_timer_running_and_says_so(
    laptop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    started_ago(laptop, "on_site", 98)
    code, out, err = run(
        capsys,
        laptop,
        "status",
        str(LAPTOP),
        "resolved",
        "--note",
        "Reseated the RAM",
        "--keep-timers",
    )
    assert code == 0, err
    lines = out.strip().splitlines()
    assert lines[0] == f"Resolved #{LAPTOP} with its note; it will be sent at the next sync."
    assert lines[1].startswith("The on-site timer is still running on this visit (1:38:")
    assert lines[1].endswith(f"'fielddesk timer stop {LAPTOP} --kind on_site').")
    assert [row.kind for row in queued(laptop)] == ["note", "set_fields"]


def test_timer_status_says_the_clock_jump_the_window_saw(
    laptop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = open_database(Profile(laptop).database_path)
    try:
        timers.start(db, LAPTOP, "on_site")
        running = timers.running(db, now=datetime.now(UTC) + timedelta(hours=3))
        assert running is not None and running.elapsed_s < 60
    finally:
        db.close()
    code, out, _ = run(capsys, laptop, "timer", "status")
    assert code == 0
    first, jump = out.strip().splitlines()
    assert first.startswith(f"#{LAPTOP} On site: 0:")
    assert jump.startswith("The laptop's clock jumped 3 h 00 min ahead ")
    assert jump.endswith(
        f"while the on-site timer of visit #{LAPTOP} ran: the timer counted only the time"
        " that really passed."
    ), "ahead, then back at the real time: this read"
