"""``fielddesk status ID resolved --note … [--tell-customer]``: the resolution goes to the
customer only when asked, and the command says who reads it.

A review found the CLI saying the customer reads the resolution note while it went to
RT as an internal comment.  Without --tell-customer the note is the team's ("Resolution:
…", a comment) and no words say otherwise; with it, the note is a reply, as written, to
the visit's requestors, whom the command names.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from sync.connectors.base import TicketWatchers
from sync.profile import Profile
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from sync.store.settings import set_setting
from tests.cli.runner import run
from tests.cli.test_status_rules import queued
from tests.sync.test_store import remote_ticket

WITH_CUSTOMER, NO_REQUESTOR = 3, 5
CUSTOMER = "julie.marsh@elmgrove.example"
OWNER = "owner@elmgrove.example"  # copied in on the ticket (Cc): RT mails the reply to her too
NOTE = "Replaced the pickup roller; test page prints clean."


@pytest.fixture
def laptop(tmp_path: Path) -> Path:
    profile = Profile(tmp_path / "profile").ensure()
    db = open_database(profile.database_path)
    with transaction(db):
        printer = remote_ticket(WITH_CUSTOMER, subject="Printer jams")
        ticket_store.apply_remote_ticket(
            db,
            dataclasses.replace(
                printer,
                requestors=[{"email": CUSTOMER}],
                watchers=TicketWatchers(ccs=(OWNER,), admin_ccs=("field-supervisors",)),
            ),
        )
        ticket_store.apply_remote_ticket(db, remote_ticket(NO_REQUESTOR, subject="Server room"))
    set_setting(db, "user", "alice")
    db.close()
    return profile.root


def test_without_the_flag_the_note_stays_internal_and_no_words_promise_otherwise(
    laptop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, laptop, "status", str(WITH_CUSTOMER), "resolved")
    assert code == 1
    assert "say how it was resolved: the next technician reads it;" in err
    assert "--tell-customer" in err, "the way to send it to the customer is named"
    code, out, err = run(capsys, laptop, "status", str(WITH_CUSTOMER), "resolved", "--note", NOTE)
    assert code == 0, err
    assert out.startswith(f"Resolved #{WITH_CUSTOMER} with its note;")
    note, _status = queued(laptop)
    assert (note.payload["content"], note.payload["public"]) == (f"Resolution: {NOTE}", False)


def test_tell_customer_sends_the_note_as_a_reply_to_the_requestors(
    laptop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys,
        laptop,
        "status",
        str(WITH_CUSTOMER),
        "resolved",
        "--note",
        NOTE,
        "--time",
        "25",
        "--tell-customer",
        "--json",
    )
    assert code == 0, err
    said = json.loads(out)
    assert (said["sent_to"], said["cc"], said["watchers_copied"]) == ([CUSTOMER], [OWNER], True)
    note, status = queued(laptop)
    assert (note.payload["content"], note.payload["public"], note.payload["time_taken"]) == (
        NOTE,
        True,
        25,
    )
    assert status.payload["changes"] == {"status": "resolved"}


def test_tell_customer_says_whom_it_goes_to(
    laptop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys, laptop, "status", str(WITH_CUSTOMER), "resolved", "--note", NOTE, "--tell-customer"
    )
    assert code == 0, err
    assert out.strip() == (
        f"Resolved #{WITH_CUSTOMER} with its reply to the customer ({CUSTOMER}, Cc {OWNER}"
        " and the helpdesk's watchers); it will be sent at the next sync."
    )


def test_tell_customer_on_a_visit_with_no_requestor_is_refused_and_queues_nothing(
    laptop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        capsys, laptop, "status", str(NO_REQUESTOR), "resolved", "--note", NOTE, "--tell-customer"
    )
    assert code == 1
    assert f"#{NO_REQUESTOR} has no requestor, so there is no customer to send" in err
    assert queued(laptop) == []


def test_tell_customer_goes_with_resolved_only(
    laptop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, laptop, "status", str(WITH_CUSTOMER), "stalled", "--tell-customer")
    assert code == 1 and "--tell-customer go with 'resolved'" in err
    assert queued(laptop) == []


def test_a_reply_says_whom_rt_mails_it_to(laptop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, laptop, "note", str(WITH_CUSTOMER), "On my way", "--public")
    assert code == 0, err
    assert out.strip() == (
        f"Reply saved on #{WITH_CUSTOMER}; it goes to {CUSTOMER}, Cc {OWNER} and the "
        "helpdesk's watchers at the next sync."
    )
    code, out, err = run(capsys, laptop, "note", str(NO_REQUESTOR), "On my way", "--public")
    assert code == 0, err
    assert "it goes to its requestor (none known here yet) at the next sync" in out
