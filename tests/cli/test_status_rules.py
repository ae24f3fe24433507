"""``fielddesk status`` keeps the window's rules (``sync.workflow``), on a replica written here.

What a sync would send is what the outbox holds: a refused status leaves it empty, and
resolving queues the checklists, the resolution note and the status, in that order.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sync.changes.checklist import STATE_FIELD
from sync.connectors.base import RemoteArticle
from sync.profile import Profile
from sync.store import checklists, open_database, outbox, transaction
from sync.store import tickets as ticket_store
from sync.store.settings import set_setting
from tests.cli.runner import run
from tests.sync.test_store import remote_ticket

PRINTER, LAPTOP = 3, 5  # the printer visit has a checklist with required items
TEMPLATE = """Page count [value: pages] [required]
Inspect the rollers [required]
Clean the paper path
"""


@pytest.fixture
def laptop(tmp_path: Path) -> Path:
    profile = Profile(tmp_path / "profile").ensure()
    db = open_database(profile.database_path)
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket(PRINTER, subject="Printer jams"))
        ticket_store.apply_remote_ticket(db, remote_ticket(LAPTOP, subject="Laptop will not boot"))
        checklists.apply_remote_templates(
            db, [RemoteArticle(40, "Printer check", "", TEMPLATE, "2026-11-20T08:00:00Z", False)]
        )
        checklists.remember_visit_types(db, PRINTER, ("printer check",))
    checklists.ensure_all_checklists(db)
    set_setting(db, "user", "alice")
    db.close()
    return profile.root


def queued(laptop: Path) -> list[outbox.OutboxRow]:
    db = open_database(Profile(laptop).database_path)
    try:
        return outbox.rows(db)
    finally:
        db.close()


def status_of(laptop: Path, ticket_id: int) -> str:
    db = open_database(Profile(laptop).database_path)
    try:
        visit = ticket_store.get_visit(db, ticket_id)
        assert visit is not None
        return visit.status
    finally:
        db.close()


def test_rejecting_is_the_supervisors_decision(
    laptop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, laptop, "status", str(LAPTOP), "rejected")
    assert code == 1
    assert "supervisor's decision" in err and "Escalate" in err
    code, _, err = run(capsys, laptop, "status", str(LAPTOP), "new")
    assert code == 1 and "never goes back to new" in err
    assert queued(laptop) == [] and status_of(laptop, LAPTOP) == "open"


def test_resolving_asks_for_the_note_then_the_reason_and_sends_the_checklist(
    laptop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, laptop, "status", str(PRINTER), "resolved")
    assert code == 1
    assert "say how it was resolved" in err and f"status {PRINTER} resolved --note" in err

    code, _, err = run(
        capsys, laptop, "status", str(PRINTER), "resolved", "--note", "Replaced the roller"
    )
    assert code == 1
    assert "required items not done: 1 Page count; 2 Inspect the rollers" in err
    assert "--reason" in err
    assert queued(laptop) == [] and status_of(laptop, PRINTER) == "open"

    code, out, err = run(
        capsys,
        laptop,
        "status",
        str(PRINTER),
        "resolved",
        "--note",
        "Replaced the roller",
        "--time",
        "40",
        "--reason",
        "counter unreadable",
    )
    assert code == 0, err
    assert out.startswith(f"Resolved #{PRINTER} with its note")
    checklist, note, status = queued(laptop)
    assert checklist.kind == "checklist"
    assert checklist.payload["ticket_fields"] == {STATE_FIELD: "incomplete"}
    assert "counter unreadable" in checklist.payload["content"]
    assert (note.payload["content"], note.payload["time_taken"]) == (
        "Resolution: Replaced the roller",
        40,
    )
    assert status.payload["changes"] == {"status": "resolved"}
    assert status_of(laptop, PRINTER) == "resolved"


def test_resolving_without_a_checklist_needs_only_the_note(
    laptop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        capsys, laptop, "status", str(LAPTOP), "resolved", "--note", "Reseated the RAM"
    )
    assert code == 0, err
    assert [row.kind for row in queued(laptop)] == ["note", "set_fields"]


def test_open_and_stalled_are_set_as_before_and_take_no_resolution_options(
    laptop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, laptop, "status", str(LAPTOP), "stalled", "--note", "parts")
    assert code == 1 and "go with 'resolved'" in err and f"fielddesk note {LAPTOP}" in err
    code, out, err = run(capsys, laptop, "status", str(LAPTOP), "stalled")
    assert code == 0, err
    assert out.startswith(f"Status of #{LAPTOP} set to stalled")
    assert status_of(laptop, LAPTOP) == "stalled"
    code, out, _ = run(capsys, laptop, "status", str(LAPTOP), "stalled")  # a script, again
    assert code == 0 and "stalled already; nothing to change" in out
    assert len(queued(laptop)) == 1


def test_set_status_is_held_to_the_same_rules(
    laptop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, laptop, "set", str(LAPTOP), "status", "rejected")
    assert code == 1 and "supervisor's decision" in err
    code, _, err = run(capsys, laptop, "set", str(PRINTER), "status", "resolved")
    assert code == 1 and f"status {PRINTER} resolved --note" in err
    assert queued(laptop) == []
