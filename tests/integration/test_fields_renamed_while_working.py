"""A ticket field renamed on the helpdesk while the technician works offline.

RT then sends nothing for it, not even empty: the field is not known to be empty.
A new ticket keeps the address typed for it, and the technician is told; a status
change merged against the helpdesk's ticket finds no "cleared" visit window; a
change of the field itself is refused for what it is, with who can fix it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync import outbox
from sync.errors import Cause
from sync.store import tickets as ticket_store
from tests.cli.runner import log_in, run
from tests.faults.checks import unique
from tests.integration.helpers import Technician, server_ticket, supervisor_update
from tests.integration.test_ticket_field_renamed import ticket_field_renamed

pytestmark = pytest.mark.rt

WINDOW_RENAMED = {"Visit Start": "Visit Begin", "Visit End": "Visit Finish"}


@pytest.fixture
def alice(rt: RunningRT, tmp_path: Path) -> Iterator[Technician]:
    laptop = Technician(rt, "alice", tmp_path)
    assert laptop.sync().ok
    yield laptop
    laptop.db.close()


@pytest.fixture
def signed_in(
    rt: RunningRT,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Path:
    """alice's profile as `fielddesk` uses it, signed in and synced."""
    profile = tmp_path / "profile"
    log_in(capsys, monkeypatch, profile, rt, "alice")
    assert run(capsys, profile, "sync")[0] == 0
    return profile


def a_visit_with_a_window(laptop: Technician) -> ticket_store.Visit:
    return next(
        v
        for v in ticket_store.list_visits(laptop.db)
        if v.visit_start and v.visit_end and v.status in ("new", "open")
    )


def test_a_new_ticket_keeps_its_address_and_says_the_helpdesk_does_not_show_it(
    rt: RunningRT, signed_in: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    subject = unique("Badge reader dead at the side door")
    new = ("new", "--subject", subject, "--address", "1 Rtvar Road")
    assert run(capsys, signed_in, *new)[0] == 0

    with ticket_field_renamed(rt, "Address", "Site Address"):
        code, out, err = run(capsys, signed_in, "sync")

    assert code == 1 and "sync incomplete: " in err and "'Address'" in err, err
    said = re.search(r"note: new ticket #(\d+) \(" + re.escape(subject) + r"\): (.*)", out)
    assert said is not None, out
    assert "does not show you its Address '1 Rtvar Road'" in said[2]
    assert "kept here, as a change that waits in the outbox; ask the RT administrator" in said[2]
    ticket = said[1]
    assert not server_ticket(rt, int(ticket)).fields.get("address")  # RT did not take it
    code, shown, _ = run(capsys, signed_in, "show", ticket)
    assert code == 0 and "Address: 1 Rtvar Road" in shown, shown

    # The administrator names the field back: the address reaches RT once it is retried.
    code, listed, _ = run(capsys, signed_in, "outbox", "--json")
    waiting = [r for r in json.loads(listed) if "1 Rtvar Road" in json.dumps(r)]
    assert len(waiting) == 1, listed
    if waiting[0]["state"] == "rejected":
        assert run(capsys, signed_in, "outbox", "retry", str(waiting[0]["seq"]))[0] == 0
    code, out, err = run(capsys, signed_in, "sync")
    assert code == 0, (out, err)
    assert server_ticket(rt, int(ticket)).fields.get("address") == "1 Rtvar Road"
    assert json.loads(run(capsys, signed_in, "outbox", "--json")[1]) == []


def test_a_status_change_merged_finds_the_unsent_window_unchanged(
    rt: RunningRT, alice: Technician
) -> None:
    visit = a_visit_with_a_window(alice)
    supervisor_update(rt, visit.id, {"priority": "41"})  # its version moves: the push merges
    outbox.set_fields(alice.db, visit.id, {"status": "stalled"})

    with ExitStack() as renamed:
        for name, new_name in WINDOW_RENAMED.items():
            renamed.enter_context(ticket_field_renamed(rt, name, new_name))
        report = alice.sync()

    assert report.pushed == 1 and report.conflicts == 0 and not report.rejected, report
    after = ticket_store.get_visit(alice.db, visit.id)
    assert after is not None and after.status == "stalled"
    assert (after.visit_start, after.visit_end) == (visit.visit_start, visit.visit_end)
    on_rt = server_ticket(rt, visit.id).fields
    assert on_rt["status"] == "stalled"
    assert (on_rt["visit_start"], on_rt["visit_end"]) == (visit.visit_start, visit.visit_end)


def test_a_field_the_helpdesk_no_longer_shows_is_refused_for_the_administrator(
    rt: RunningRT, signed_in: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ticket = str(json.loads(run(capsys, signed_in, "visits", "--json")[1])[0]["id"])
    part = unique("PSU-123")
    assert run(capsys, signed_in, "set", ticket, "parts_used", part)[0] == 0
    assert run(capsys, signed_in, "set", ticket, "priority", "42")[0] == 0  # held behind it

    with ticket_field_renamed(rt, "Parts Used", "Parts Fitted"):
        code, out, _ = run(capsys, signed_in, "sync")

    assert code == 3, out
    assert "'Parts used'" in out and "ask the RT administrator" in out, out
    code, listed, _ = run(capsys, signed_in, "outbox", "--json")
    refused, held = (r for r in json.loads(listed) if r["ticket_ref"] == int(ticket))
    assert refused["state"] == "rejected" and refused["error_cause"] == Cause.NO_RIGHT
    words = refused["last_error"]
    assert "the helpdesk no longer shows you 'Parts used'" in words
    assert "ask the RT administrator, then retry this change" in words
    assert "Edit it" not in words
    assert held["shown_as"] == "held" and held["waits_for"] == refused["seq"]
    code, shown, _ = run(capsys, signed_in, "outbox")
    assert f"waits for refused change {refused['seq']}" in shown, shown

    # The administrator named it back: the technician retries, and both go, in order.
    assert run(capsys, signed_in, "outbox", "retry", str(refused["seq"]))[0] == 0
    code, out, _ = run(capsys, signed_in, "sync")
    assert code == 0, out
    on_rt = server_ticket(rt, int(ticket)).fields
    assert on_rt["parts_used"] == part and on_rt["priority"] == "42"
