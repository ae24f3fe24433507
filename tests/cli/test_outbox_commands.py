"""``fielddesk outbox as-comment | to-new-ticket | export`` against the real RT."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from devrt.instance import RunningRT
from tests.cli import test_commands
from tests.cli.test_commands import run
from tests.integration.helpers import comments_with, connector, supervisor_update

pytestmark = pytest.mark.rt
signed_in = test_commands.signed_in  # carol, signed in to the private RT


def test_a_note_on_a_ticket_given_away_is_exported_then_moved_to_a_new_ticket(
    rt: RunningRT, signed_in: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys, signed_in, "sync")[0] == 0
    _, out, _ = run(capsys, signed_in, "visits", "--json")
    ticket = next(v["id"] for v in json.loads(out) if v["status"] == "open")
    text = "Cable tester says bay 7 is dead; new patch lead fitted."
    assert run(capsys, signed_in, "note", str(ticket), text, "--time", "20")[0] == 0
    supervisor_update(rt, ticket, {"owner": "bob"})
    code, out, _ = run(capsys, signed_in, "sync", "--json")
    assert code == 3
    [refused] = json.loads(out)["attention"]["refused"]
    seq = str(refused["seq"])

    code, _, err = run(capsys, signed_in, "outbox", "to-new-ticket", seq)
    assert code == 1 and "--yes" in err  # nothing moved without confirmation
    code, _, err = run(capsys, signed_in, "outbox", "export", "999999", str(tmp_path / "x.md"))
    assert code == 1 and "no unsent change 999999" in err

    target = tmp_path / "exports" / "note.md"
    code, out, err = run(capsys, signed_in, "outbox", "export", seq, str(target))
    assert code == 0, err
    assert "stays in the outbox" in out
    written = target.read_text(encoding="utf-8")
    assert text in written and f"#{ticket}" in written and "20 min" in written
    assert "carol" in written and "assigned to bob" in written
    code, _, err = run(capsys, signed_in, "outbox", "export", seq, str(target))
    assert code == 1 and "exists" in err

    code, out, err = run(capsys, signed_in, "outbox", "to-new-ticket", seq, "--yes", "--json")
    assert code == 0, err
    assert json.loads(out)["refers_to"] == ticket
    assert run(capsys, signed_in, "sync")[0] == 0
    assert run(capsys, signed_in, "sync")[0] == 0  # nothing left, nothing sent twice

    found = connector(rt, "supervisor").search_tickets(
        f"Subject LIKE 'Follow-up of #{ticket}:'", "Subject,Owner,TimeWorked"
    )
    assert [(t["Owner"]["id"], t["TimeWorked"]) for t in found] == [("carol", "20")]
    assert comments_with(rt, ticket, text) == []
    code, out, _ = run(capsys, signed_in, "outbox")
    assert out.strip() == "Nothing waiting to be sent."


def test_only_a_note_refused_for_its_ticket_can_take_another_way(
    signed_in: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, signed_in, "sync")[0] == 0
    _, out, _ = run(capsys, signed_in, "visits", "--json")
    ticket = json.loads(out)[0]["id"]
    assert run(capsys, signed_in, "note", str(ticket), "Pending note.")[0] == 0
    _, out, _ = run(capsys, signed_in, "outbox", "--json")
    seq = str(json.loads(out)[-1]["seq"])

    code, _, err = run(capsys, signed_in, "outbox", "as-comment", seq, "--yes")

    assert code == 1
    assert "only a note refused because its ticket is no longer yours" in err
