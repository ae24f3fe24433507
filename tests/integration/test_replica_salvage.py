"""A corrupt replica holding unsent work: salvaged, then one sync delivers each change once.

Against the private RT, through the ``fielddesk`` command as a technician uses it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync.connectors.base import NoteRequest
from sync.profile import Profile
from sync.replica import open_replica
from sync.store.kb import article_count
from sync.store.outbox import mark_in_flight, rows
from tests.cli.test_commands import run, signed_in  # noqa: F401 - a fixture
from tests.integration.helpers import comments_with, connector, server_ticket
from tests.replica_faults import checkpoint, corrupt_table

pytestmark = pytest.mark.rt


@pytest.fixture
def synced(signed_in: Path, capsys: pytest.CaptureFixture[str]) -> Path:  # noqa: F811
    """carol's profile after sign-in and a first sync."""
    assert run(capsys, signed_in, "sync")[0] == 0
    return signed_in


def test_a_corrupt_replica_is_salvaged_and_one_sync_sends_each_change_exactly_once(
    rt: RunningRT, synced: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = synced
    visits = json.loads(run(capsys, root, "visits", "--json")[1])
    ticket = next(v["id"] for v in visits if v["status"] == "open")
    notes = [f"Salvage check {i}: swapped the patch lead." for i in range(3)]
    for text in notes:
        assert run(capsys, root, "note", str(ticket), text, "--time", "5")[0] == 0
    resolve = ["status", str(ticket), "resolved", "--note", "Link is up again."]
    assert run(capsys, root, *resolve)[0] == 0

    # The first note went out, but its reply was lost: in RT, and in flight here.
    profile = Profile(root)
    db = open_replica(profile)
    try:
        first = rows(db)[0]
        mark_in_flight(db, first)
        connector(rt, "carol").add_note(NoteRequest(ticket, first.uuid, notes[0], time_taken=5))
        articles = article_count(db)
    finally:
        db.close()
    checkpoint(profile.database_path)
    assert corrupt_table(profile.database_path, "history", every=1) > 0

    code, out, err = run(capsys, root, "show", str(ticket))
    assert code == 1 and "Traceback" not in err
    assert "is damaged" in err and "5 unsent changes recovered" in err
    assert "damaged-" in err and list(root.glob("damaged-*/fielddesk.db"))
    code, out, _ = run(capsys, root, "outbox")
    assert code == 0 and "sending" in out and notes[2] in out and "status → resolved" in out

    code, out, err = run(capsys, root, "sync")
    assert code == 0, err

    for text in notes:
        assert len(comments_with(rt, ticket, text)) == 1, text
    assert server_ticket(rt, ticket).fields["status"] == "resolved"
    rebuilt = json.loads(run(capsys, root, "visits", "--json")[1])
    assert {v["id"] for v in rebuilt} == {v["id"] for v in visits}
    code, out, _ = run(capsys, root, "show", str(ticket))
    assert code == 0 and all(text in out for text in notes)
    db = open_replica(profile)
    try:
        assert article_count(db) == articles  # the knowledge base came back too
    finally:
        db.close()
    assert run(capsys, root, "outbox")[1].strip() == "Nothing waiting to be sent."
    code, out, _ = run(capsys, root, "sync")
    assert code == 0 and "Sent 0 changes" in out


def test_an_emptied_replica_is_said_and_one_sync_rebuilds_it(
    synced: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = synced
    visits = json.loads(run(capsys, root, "visits", "--json")[1])
    (root / "fielddesk.db").write_bytes(b"")  # a disk tool "repaired" it

    code, out, err = run(capsys, root, "visits")
    assert code == 1 and out == ""
    assert "is empty (0 bytes) although carol was signed in on this profile" in err

    assert run(capsys, root, "sync")[0] == 0
    rebuilt = json.loads(run(capsys, root, "visits", "--json")[1])
    assert {v["id"] for v in rebuilt} == {v["id"] for v in visits}
