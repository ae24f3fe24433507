"""``fielddesk dispatch``: a supervisor plans from a terminal, against real RT."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync import dispatch, outbox
from sync.profile import Profile
from sync.session import Session, sign_in
from sync.stamps import parse_stamp
from tests.cli.runner import run
from tests.integration.dispatch_helpers import copy_profile, synced_template, tomorrow_at
from tests.integration.helpers import server_ticket

pytestmark = pytest.mark.rt


@pytest.fixture(scope="module")
def template(rt: RunningRT, tmp_path_factory: pytest.TempPathFactory) -> Profile:
    return synced_template(rt, "supervisor", tmp_path_factory.mktemp("cli"))


@pytest.fixture
def desk(template: Profile, rt: RunningRT, tmp_path: Path) -> Path:
    return copy_profile(template, tmp_path / "desk", rt, "supervisor").root


def test_list_assign_with_warnings_then_sync(
    rt: RunningRT, desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, desk, "dispatch", "list", "--json")
    board = json.loads(out)
    assert code == 0
    assert [t["name"] for t in board["technicians"]] == ["alice", "bob", "carol"]
    waiting = {t["subject"]: t["id"] for t in board["to_dispatch"]}
    ticket = waiting["Weak Wi-Fi in rooms 214 and 216"]
    busy = next(t for t in board["scheduled"] if t["owner"] == "bob")

    # Bob's slot is taken: the command says so and writes nothing.
    start = parse_stamp(busy["visit_start"]).strftime("%Y-%m-%d %H:%M")
    code, _, err = run(
        capsys, desk, "dispatch", "assign", str(ticket), "bob", "--start", start, "--end", "23:30"
    )
    assert code == 1 and "#" + str(busy["id"]) in err and "--force" in err
    assert "outside working hours" in err
    assert "Nothing waiting" in run(capsys, desk, "outbox")[1]

    when = tomorrow_at(9, days=2)
    code, out, err = run(
        capsys,
        desk,
        "dispatch",
        "assign",
        str(ticket),
        "carol",
        "--start",
        when.strftime("%Y-%m-%d %H:%M"),
        "--end",
        "10:30",
        "--force",  # a weekend or an SLA may be in the way, depending on today
    )
    assert code == 0, err
    assert "next sync" in out
    code, out, _ = run(capsys, desk, "dispatch", "list")
    assert "[unsent]" in out and "Carol Lindqvist (carol):" in out
    assert not re.search(r" P\d+ ", out), "priorities read as the board's words"
    assert run(capsys, desk, "sync")[0] == 0
    remote = server_ticket(rt, ticket).fields
    assert (remote["owner"], remote["visit_start"], remote["visit_end"]) == (
        "carol",
        dispatch.iso(when),
        dispatch.iso(tomorrow_at(10.5, days=2)),
    )


def test_working_hours_setting(desk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, desk, "dispatch", "hours")
    assert code == 0 and "08:00-18:00 mon,tue,wed,thu,fri" in out
    code, out, _ = run(
        capsys, desk, "dispatch", "hours", "--hours", "07:00-16:00", "--days", "mon-sat"
    )
    assert code == 0 and "07:00-16:00 mon,tue,wed,thu,fri,sat" in out
    code, _, err = run(capsys, desk, "dispatch", "hours", "--hours", "late")
    assert code == 1 and "08:00-18:00" in err
    code, _, err = run(capsys, desk, "dispatch", "hours", "--timezone", "Mars/Olympus")
    assert code == 1 and "unknown time zone" in err


def test_a_technician_is_told_dispatch_needs_supervisor_rights(
    rt: RunningRT, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = Profile(tmp_path / "alice")
    sign_in(profile, rt.url, "alice", rt.token("alice"), "token")
    code, _, err = run(capsys, profile.root, "dispatch", "list")
    assert code == 1 and "supervisor rights" in err
    with pytest.raises(SystemExit) as usage:
        run(capsys, profile.root, "dispatch")  # an action is required
    assert usage.value.code == 2


def test_a_visit_held_outside_the_team_is_listed_and_a_stranger_is_named_first(
    desk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    board = json.loads(run(capsys, desk, "dispatch", "list", "--json")[1])
    held, booked = (t["id"] for t in board["to_dispatch"][:2])
    window: dict[str, str | None] = {
        "visit_start": dispatch.iso(tomorrow_at(10)),
        "visit_end": dispatch.iso(tomorrow_at(11)),
    }
    session = Session(Profile(desk))
    try:
        outbox.set_fields(session.db, held, {"owner": "supervisor", **window})
        outbox.set_fields(session.db, booked, window)  # a window kept, no technician yet
    finally:
        session.close()
    code, out, _ = run(capsys, desk, "dispatch", "list")
    assert code == 0
    holder = out.split("(supervisor), not a technician:\n", 1)
    assert len(holder) == 2 and f"#{held} " in holder[1].split("\n", 1)[0]
    waiting_line = next(line for line in out.splitlines() if line.startswith(f"  #{booked} "))
    assert "(booked " in waiting_line

    # A name outside the group is the first thing said, not the SLA or the hours.
    code, _, err = run(
        capsys, desk, "dispatch", "assign", str(booked), "zed", "--start", "2020-01-01 03:00",
        "--end", "04:00",
    )  # fmt: skip
    assert code != 0
    assert "'zed' is not in the technicians group" in err
    assert "--force" not in err
