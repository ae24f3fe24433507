"""``fielddesk checklist`` and ``fielddesk timer`` from a terminal, against the real RT."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync.profile import Profile
from sync.session import Session
from sync.store import timers
from tests.cli.runner import run
from tests.integration.dispatch_helpers import copy_profile, synced_template
from tests.integration.helpers import connector, server_ticket

pytestmark = pytest.mark.rt

PC_VISIT = "New starter laptop setup, BitLocker recovery prompt"


@pytest.fixture(scope="module")
def template(rt: RunningRT, tmp_path_factory: pytest.TempPathFactory) -> Profile:
    return synced_template(rt, "alice", tmp_path_factory.mktemp("cli"))


@pytest.fixture
def laptop(template: Profile, rt: RunningRT, tmp_path: Path) -> Path:
    return copy_profile(template, tmp_path / "laptop", rt, "alice").root


def visit_named(capsys: pytest.CaptureFixture[str], laptop: Path, subject: str) -> int:
    code, out, _ = run(capsys, laptop, "visits", "--json")
    assert code == 0
    return int(next(v["id"] for v in json.loads(out) if v["subject"] == subject))


def test_a_checklist_from_the_command_line(
    rt: RunningRT, laptop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ticket = visit_named(capsys, laptop, PC_VISIT)
    code, out, _ = run(capsys, laptop, "checklist", "show", str(ticket))
    assert code == 0
    assert out.startswith("PC install: 0/13 done")
    assert "    3 [ ] Unbox, inspect for transit damage and record the serial number" in out

    assert run(capsys, laptop, "checklist", "value", str(ticket), "3", "PF4KX9Z1")[0] == 0
    code, _, err = run(capsys, laptop, "checklist", "value", str(ticket), "8", "maybe")
    assert code == 1 and "item 8 takes one of: yes, not applicable" in err
    assert run(capsys, laptop, "checklist", "tick", str(ticket), "1", "2", "5", "6")[0] == 0
    code, _, err = run(capsys, laptop, "checklist", "tick", str(ticket), "99")
    assert code == 1 and f"visit #{ticket} has no checklist item 99" in err

    code, _, err = run(capsys, laptop, "checklist", "done", str(ticket))
    assert code == 1 and "required items not done: 4 Fit the asset tag" in err
    code, out, _ = run(
        capsys, laptop, "checklist", "done", str(ticket), "--reason", "asset tags out of stock"
    )
    assert code == 0 and "1 checklist of" in out
    assert run(capsys, laptop, "sync")[0] == 0

    notes = [
        t.body or ""
        for t in connector(rt, "supervisor").fetch_history(ticket, 0)
        if (t.body or "").startswith("Checklist: PC install")
    ]
    assert len(notes) == 1
    assert (
        "| 3 | Unbox, inspect for transit damage and record the serial number | done |"
        in (notes[0])
    )
    assert "PF4KX9Z1" in notes[0]
    assert "NOT DONE (required): asset tags out of stock" in notes[0]


def test_undoing_a_required_item_on_a_resolved_visit_needs_a_reason_and_sends_it(
    rt: RunningRT, laptop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It was kept unsent, the status bar saying 'all sent': the window asks why, the
    command line now does too, and sends the correction with its reason."""
    ticket = visit_named(capsys, laptop, PC_VISIT)
    items = [str(n) for n in range(1, 14)]
    assert run(capsys, laptop, "checklist", "tick", str(ticket), *items)[0] == 0
    code, _, err = run(capsys, laptop, "status", str(ticket), "resolved", "--note", "Set up")
    assert code == 0, err
    code, out, _ = run(capsys, laptop, "sync")
    if code != 0:  # after the test above: its laptop (another copy of alice's) sent first
        assert "another device sent this checklist" in out
        _, out, _ = run(capsys, laptop, "outbox", "--json")
        (refused,) = [r for r in json.loads(out) if r["state"] == "rejected"]
        assert run(capsys, laptop, "outbox", "retry", str(refused["seq"]))[0] == 0
        assert run(capsys, laptop, "sync")[0] == 0

    code, _, err = run(capsys, laptop, "checklist", "tick", str(ticket), "4", "--undo")
    assert code == 1
    assert "undoing required item 4 needs a reason for the helpdesk" in err
    code, out, _ = run(capsys, laptop, "checklist", "show", str(ticket))
    assert "    4 [x] Fit the asset tag" in out  # nothing was changed
    code, _, err = run(capsys, laptop, "checklist", "tick", str(ticket), "4", "--reason", "x")
    assert code == 1 and "--reason is for undoing a required item" in err

    code, out, _ = run(
        capsys, laptop, "checklist", "tick", str(ticket), "4", "--undo",
        "--reason", "tag fell off: a new one is ordered",
    )  # fmt: skip
    assert code == 0 and "sent at the next sync" in out
    assert run(capsys, laptop, "sync")[0] == 0
    notes = [
        t.body or ""
        for t in connector(rt, "supervisor").fetch_history(ticket, 0)
        if (t.body or "").startswith("Checklist: PC install")
    ]
    said = "NOT DONE (required): tag fell off: a new one is ordered"
    assert [said in note for note in notes][-2:] == [False, True]  # the correction, once


def test_timer_stop_logs_travel_time_once(
    rt: RunningRT, laptop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ticket = visit_named(capsys, laptop, PC_VISIT)
    worked = server_ticket(rt, ticket).time_worked
    assert run(capsys, laptop, "timer", "start", str(ticket), "--kind", "travel")[0] == 0
    # 25 minutes on the road: move the stored start back, as a clock would.
    session = Session(Profile(laptop))
    try:
        session.db.execute(
            "UPDATE visit_timers SET running_since = strftime('%Y-%m-%dT%H:%M:%SZ',"
            " 'now', '-25 minutes')"
        )
    finally:
        session.close()
    code, out, _ = run(capsys, laptop, "timer", "status", "--json")
    assert json.loads(out)["elapsed_s"] // 60 == 25

    code, out, _ = run(capsys, laptop, "timer", "stop", str(ticket), "--kind", "travel")
    assert code == 0 and "Logged 25 min travel" in out
    assert run(capsys, laptop, "sync")[0] == 0
    assert run(capsys, laptop, "sync")[0] == 0
    assert server_ticket(rt, ticket).time_worked == worked + 25
    boss = connector(rt, "supervisor")
    txns = boss.fetch_history(ticket, 0)
    (entry,) = [t for t in txns if (t.body or "").startswith("Travel to site: 25 min")]
    fields = boss.http.get(f"transaction/{entry.id}").body.get("CustomFields", [])
    assert {"name": "Time Type", "values": ["Travel"]} in [
        {"name": f.get("name"), "values": f.get("values")} for f in fields
    ]
    assert timers.minutes_to_log(25 * 60 + 29) == 25
