"""``fielddesk new --from-visit ID``: a ticket opened on site is linked to the visit it came
up at (RT's "Refers to"), and takes the visit's site, address and contact, as the window's
"New ticket at this site" does.

Before, the command line had no way to say where a new ticket came from: the helpdesk
saw an unrelated ticket.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync import outbox
from sync.profile import Profile
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from sync.store.settings import set_setting
from tests.cli import test_commands
from tests.cli.runner import run
from tests.faults.checks import unique
from tests.integration.ticket_links import links, on_helpdesk
from tests.sync.test_store import remote_ticket

signed_in = test_commands.signed_in  # carol, signed in to the private RT


@pytest.fixture
def laptop(profile: Profile, memory_keyring: object) -> Path:
    """Visit 7 at ACME Dental, and a ticket opened here that the helpdesk has not numbered."""
    db = open_database(profile.database_path)
    with transaction(db):
        ticket_store.apply_remote_ticket(
            db, remote_ticket(7, site="ACME Dental", address="1 High St", contact="Julie Marsh")
        )
    set_setting(db, "user", "alice")
    outbox.create_ticket(db, subject="Opened offline", content="", owner="alice")
    db.close()
    return profile.root


def queued(profile: Path, subject: str) -> dict[str, object]:
    db = open_database(Profile(profile).database_path)
    try:
        [row] = [r for r in outbox.rows(db) if r.payload.get("subject") == subject]
        return row.payload
    finally:
        db.close()


def test_it_refers_to_the_visit_and_takes_its_site(
    laptop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys, laptop, "new", "--subject", "Second printer", "--from-visit", "7",
        "--contact", "Tom at the desk", "--json",
    )  # fmt: skip

    assert code == 0, err
    assert json.loads(out)["refers_to"] == 7
    sent = queued(laptop, "Second printer")
    assert sent["refers_to"] == 7
    assert sent["fields"] == {
        "site": "ACME Dental", "address": "1 High St", "contact": "Tom at the desk",
    }  # fmt: skip


def test_a_visit_the_helpdesk_has_not_numbered_is_refused_saying_why(
    laptop: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, laptop, "new", "--subject", "Second", "--from-visit", "-1")

    assert code != 0 and out == ""
    assert "--from-visit" in err and "run 'fielddesk sync' first" in err
    code, _, err = run(capsys, laptop, "new", "--subject", "Second", "--from-visit", "404")
    assert code != 0 and "no visit #404" in err


@pytest.mark.rt
def test_the_helpdesk_links_the_new_ticket_to_the_visit(
    rt: RunningRT, signed_in: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, signed_in, "sync")[0] == 0
    _, out, _ = run(capsys, signed_in, "visits", "--json")
    visit = next(v["id"] for v in json.loads(out) if v["status"] == "open")
    subject = unique("Meeting-room projector flickers")

    code, out, err = run(capsys, signed_in, "new", "--subject", subject, "--from-visit", str(visit))
    assert code == 0, err
    assert f"refers to #{visit}" in out
    assert run(capsys, signed_in, "sync")[0] == 0

    [made] = on_helpdesk(rt, subject)
    assert links(rt, made, "refers-to") == [visit]
