"""`fielddesk outbox` after a sync that could not reach the helpdesk: the note never left,
so it is listed as pending (text and --json alike) and can be discarded; a note that may
be on the helpdesk is refused with the window's words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync import outbox, secrets
from sync.profile import Profile
from sync.session import Session
from tests.cli import test_commands
from tests.cli.test_commands import run

pytestmark = pytest.mark.rt
signed_in = test_commands.signed_in  # carol, signed in to the private RT


def listed(capsys: pytest.CaptureFixture[str], profile: Path) -> tuple[str, dict[str, object]]:
    """The one outbox row: its line in the list, and its --json record."""
    (line,) = run(capsys, profile, "outbox")[1].splitlines()
    (data,) = json.loads(run(capsys, profile, "outbox", "--json")[1])
    return line, data


def test_a_note_that_never_reached_the_helpdesk_is_pending_and_discarded(
    rt: RunningRT, signed_in: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, signed_in, "sync")[0] == 0
    gone = "http://127.0.0.1:9"  # nothing listens: the connection is refused
    secrets.store_secret(gone, "carol", rt.token("carol"))
    account = json.loads((signed_in / "account.json").read_text())
    (signed_in / "account.json").write_text(json.dumps({**account, "url": gone}))
    ticket = json.loads(run(capsys, signed_in, "visits", "--json")[1])[0]["id"]
    assert run(capsys, signed_in, "note", str(ticket), "Offline note", "--time", "5")[0] == 0
    assert run(capsys, signed_in, "sync")[0] == 1

    line, data = listed(capsys, signed_in)
    assert "pending" in line and "cannot reach the helpdesk" in line
    assert (data["state"], data["shown_as"], data["can_discard"]) == ("pending", "pending", True)

    code, out, err = run(capsys, signed_in, "outbox", "discard", str(data["seq"]), "--yes")
    assert code == 0, err
    assert "Discarded" in out
    assert run(capsys, signed_in, "outbox")[1].strip() == "Nothing waiting to be sent."


def test_a_note_in_doubt_is_refused_with_the_windows_words(
    signed_in: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, signed_in, "sync")[0] == 0
    ticket = json.loads(run(capsys, signed_in, "visits", "--json")[1])[0]["id"]
    assert run(capsys, signed_in, "note", str(ticket), "Sent, answer lost")[0] == 0
    session = Session(Profile(signed_in))
    try:  # as a sending whose answer was lost leaves it
        (row,) = outbox.rows(session.db)
        outbox.mark_in_flight(session.db, row)
        (sent,) = outbox.rows(session.db)
        said = outbox.why_not(sent, "discarded")
    finally:
        session.close()

    line, data = listed(capsys, signed_in)
    assert "sending" in line
    assert (data["state"], data["shown_as"], data["can_discard"]) == ("in_flight", "sending", False)
    code, _, err = run(capsys, signed_in, "outbox", "discard", str(sent.seq), "--yes")
    assert code == 1 and said in err and "may already be on the helpdesk" in said
