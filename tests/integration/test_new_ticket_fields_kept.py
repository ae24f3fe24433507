"""A ticket opened offline whose fields RT made it without says so.

RT takes a create whatever it does with each field: without the right to set
custom fields (the admin took ModifyCustomField from the queue's owners) the
ticket is made with no Site, and the visit showed it empty from the next sync
without a word.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync import outbox
from tests.faults.checks import unique
from tests.integration import rt_admin
from tests.integration.helpers import Technician, server_ticket

pytestmark = pytest.mark.rt

RIGHT = "ModifyCustomField"


@pytest.fixture
def owners_cannot_set_fields(rt: RunningRT) -> Iterator[None]:
    rt_admin.revoke_owner_rights(rt, RIGHT)
    try:
        yield
    finally:
        rt_admin.grant_owner_rights(rt, RIGHT)


def test_a_site_rt_did_not_keep_is_said_after_the_sync(
    rt: RunningRT, tmp_path: Path, owners_cannot_set_fields: None
) -> None:
    laptop = Technician(rt, "alice", tmp_path)
    assert laptop.sync().ok
    subject = unique("Card reader offline")
    outbox.create_ticket(
        laptop.db, subject=subject, content="Card reader offline since Monday.",
        owner="alice", fields={"site": "Quayside Print & Copy"},
    )  # fmt: skip
    report = laptop.sync()

    [said] = [n for n in report.notices if subject in n]
    assert "the helpdesk did not keep its Site 'Quayside Print & Copy'" in said
    assert "set it on the visit again, or ask the RT administrator" in said
    ticket = int(said.split("#", 1)[1].split(" ", 1)[0])
    assert not server_ticket(rt, ticket).fields.get("site")


def test_fields_rt_kept_are_not_mentioned(rt: RunningRT, tmp_path: Path) -> None:
    laptop = Technician(rt, "alice", tmp_path)
    assert laptop.sync().ok
    subject = unique("Scanner jams")
    outbox.create_ticket(
        laptop.db, subject=subject, content="Feeder jams on every third page.",
        owner="alice", fields={"site": "Quayside Print & Copy", "parts_used": "1 x feed roller"},
    )  # fmt: skip
    report = laptop.sync()
    assert report.ok and [n for n in report.notices if subject in n] == []
