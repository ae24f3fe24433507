"""`fielddesk set N visit_start|visit_end|due` reads the time as `show` prints it.

`show` and `visits` print the laptop's time, but `set` read what was typed as UTC: on a
Berlin laptop `set 7 visit_end "... 12:00"` booked the end at 13:00, and a start moved
past the end was refused with the times in UTC beside a visit shown in local time.
"""

from __future__ import annotations

import pytest

from sync.profile import Profile
from sync.store import open_database
from sync.store import tickets as ticket_store
from tests.cli.runner import run
from tests.cli.test_local_times import in_berlin, visit_at_nine_utc

__all__ = ["in_berlin", "visit_at_nine_utc"]  # the fixtures


def stored(profile: Profile, ticket_id: int) -> ticket_store.Visit:
    db = open_database(profile.database_path)
    try:
        visit = ticket_store.get_visit(db, ticket_id)
    finally:
        db.close()
    assert visit is not None
    return visit


def visit_line(capsys: pytest.CaptureFixture[str], profile: Profile, ticket_id: int) -> str:
    code, out, _ = run(capsys, profile.root, "show", str(ticket_id))
    assert code == 0
    return next(line for line in out.splitlines() if line.startswith("Visit: "))


def test_a_time_typed_is_the_time_show_prints(
    in_berlin: None, profile: Profile, visit_at_nine_utc: int, capsys: pytest.CaptureFixture[str]
) -> None:
    ticket = str(visit_at_nine_utc)
    code, out, err = run(capsys, profile.root, "set", ticket, "visit_end", "2026-11-23 12:00")
    assert code == 0, err
    assert "Mon 23 Nov 10:00–12:00" in out  # the saved window, said back in local time
    assert stored(profile, visit_at_nine_utc).visit_end == "2026-11-23T11:00:00Z"
    assert visit_line(capsys, profile, visit_at_nine_utc).startswith(
        "Visit: Mon 23 Nov 10:00–12:00"
    )
    code, _, err = run(capsys, profile.root, "set", ticket, "due", "2026-11-24")
    assert code == 0, err
    assert stored(profile, visit_at_nine_utc).due == "2026-11-23T23:00:00Z"  # Berlin's midnight


def test_a_start_past_the_end_is_refused_in_local_time(
    in_berlin: None, profile: Profile, visit_at_nine_utc: int, capsys: pytest.CaptureFixture[str]
) -> None:
    ticket = str(visit_at_nine_utc)
    assert run(capsys, profile.root, "set", ticket, "visit_end", "2026-11-23 12:00")[0] == 0
    code, _, err = run(capsys, profile.root, "set", ticket, "visit_start", "2026-11-23 12:30")
    assert code != 0
    assert "start at Mon 23 Nov 12:30, at or after its end at Mon 23 Nov 12:00" in err
    assert "UTC" not in err
    assert stored(profile, visit_at_nine_utc).visit_start == "2026-11-23T09:00:00Z"


def test_a_zone_written_with_the_time_means_what_it_says(
    in_berlin: None, profile: Profile, visit_at_nine_utc: int, capsys: pytest.CaptureFixture[str]
) -> None:
    ticket = str(visit_at_nine_utc)
    assert run(capsys, profile.root, "set", ticket, "visit_end", "2026-11-23T12:00:00Z")[0] == 0
    assert stored(profile, visit_at_nine_utc).visit_end == "2026-11-23T12:00:00Z"
    assert run(capsys, profile.root, "set", ticket, "visit_end", "2026-11-23 12:00-05:00")[0] == 0
    assert stored(profile, visit_at_nine_utc).visit_end == "2026-11-23T17:00:00Z"


def test_a_time_the_clocks_skip_is_refused(
    in_berlin: None, profile: Profile, visit_at_nine_utc: int, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        capsys, profile.root, "set", str(visit_at_nine_utc), "due", "2026-03-29 02:30"
    )
    assert code != 0
    assert "does not exist" in err and "03:00" in err
    assert stored(profile, visit_at_nine_utc).due is None


def test_the_outbox_line_says_the_local_time(
    in_berlin: None, profile: Profile, visit_at_nine_utc: int, capsys: pytest.CaptureFixture[str]
) -> None:
    ticket = str(visit_at_nine_utc)
    assert run(capsys, profile.root, "set", ticket, "visit_end", "2026-11-23 12:00")[0] == 0
    code, out, _ = run(capsys, profile.root, "outbox")
    assert code == 0
    assert "visit_end → Mon 23 Nov 12:00" in out
    assert "T11:00:00Z" not in out


def test_set_help_says_times_are_local(
    capsys: pytest.CaptureFixture[str], profile: Profile
) -> None:
    with pytest.raises(SystemExit):
        run(capsys, profile.root, "set", "--help")
    out, _ = capsys.readouterr()
    assert "local time" in " ".join(out.split())
