"""`fielddesk show --json` gives, with the visit's requestors, whom else a reply goes to:
its Ccs and its AdminCcs (the helpdesk's watchers); null while the replica has not read
them yet."""

from __future__ import annotations

import dataclasses
import json

import pytest

from sync.connectors.base import TicketWatchers
from sync.profile import Profile
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from tests.cli.runner import run
from tests.sync.test_store import remote_ticket

CUSTOMER = "sophie.hart@cafe-lumiere.example"
OWNER = "owner@cafe-lumiere.example"


def shown(capsys: pytest.CaptureFixture[str], profile: Profile) -> dict[str, object]:
    code, out, err = run(capsys, profile.root, "show", "7", "--json")
    assert code == 0, err
    visit: dict[str, object] = json.loads(out)["visit"]
    return visit


def test_show_gives_the_ccs_with_the_requestors(
    profile: Profile, memory_keyring: object, capsys: pytest.CaptureFixture[str]
) -> None:
    db = open_database(profile.database_path)
    with transaction(db):
        ticket_store.apply_remote_ticket(
            db,
            dataclasses.replace(
                remote_ticket(7),
                requestors=[{"email": CUSTOMER}],
                watchers=TicketWatchers(ccs=(OWNER,), admin_ccs=("group #41",)),
            ),
        )
    db.close()
    visit = shown(capsys, profile)
    assert visit["requestors"] == [CUSTOMER]
    assert visit["watchers"] == {"ccs": [OWNER], "admin_ccs": ["group #41"]}


def test_show_says_null_while_they_are_not_known(
    profile: Profile, memory_keyring: object, capsys: pytest.CaptureFixture[str]
) -> None:
    db = open_database(profile.database_path)
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket(7))
        db.execute("UPDATE tickets SET ccs = NULL, admin_ccs = NULL")  # as an update leaves it
    db.close()
    assert shown(capsys, profile)["watchers"] is None
