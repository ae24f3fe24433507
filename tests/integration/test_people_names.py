"""A technician's replica shows colleagues by their RT real names, asked once per login.

Before, only the signed-in user's own real name was known: the conversation read
"supervisor" where the reply was signed "Dana Whitfield", and the related
tickets' technicians read "bob" and "carol".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync.store import related as related_store
from sync.store import tickets as ticket_store
from sync.store.database import transaction
from sync.store.users import display_name, remember_users, to_ask
from tests.integration.helpers import Technician

pytestmark = pytest.mark.rt


def test_colleagues_are_named_once_and_an_idle_sync_asks_nothing(
    rt: RunningRT, tmp_path: Path
) -> None:
    alice = Technician(rt, "alice", tmp_path)
    assert alice.sync().ok
    db = alice.db

    assert display_name(db, "supervisor") == "Dana Whitfield"  # wrote in alice's visits
    assert display_name(db, "alice") == "Alice Moreau"
    printer = next(v for v in ticket_store.list_visits(db) if v.subject.startswith("Front-desk"))
    technicians = {
        r.owner for r in related_store.related_to(db, printer.id, printer.site, "2000-01-01")
    }
    assert {"Bob Okafor", "Carol Lindqvist"} <= technicians  # owners of earlier visits there
    assert to_ask(db, 1000, "2000-01-01T00:00:00Z") == []  # everyone asked about

    idle = alice.sync()
    assert idle.ok and idle.requests <= 2  # nobody new: nobody asked

    # A login the helpdesk does not know stays a login, and is asked about only once.
    with transaction(db):
        remember_users(db, ["left-the-company"])
    asked = alice.sync()
    assert asked.ok and asked.requests == idle.requests + 1
    assert display_name(db, "left-the-company") == "left-the-company"
    assert alice.sync().requests == idle.requests
