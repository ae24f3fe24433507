"""A visit that came in unowned and was then given to a technician: its history names
the owners, "Nobody → Alice Moreau", in ``fielddesk show`` and in the window's
conversation -- not RT's user ids ("6 → 41"), which RT gives for an owner change.

The sample visits are made owned, so they never showed it: a ticket born of a mail
is owned by Nobody until the supervisor assigns it.
"""

from __future__ import annotations

import html
import re
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from desktop.visit.conversation import conversation_html
from desktop.visit.snapshot import VisitSnapshot, read_visit
from devrt.instance import RunningRT
from sync.connectors.base import NewTicketRequest
from sync.profile import Profile
from sync.session import Session
from sync.store import tickets as ticket_store
from tests.cli.runner import log_in, run
from tests.integration.helpers import (
    Technician,
    connector,
    past_this_second,
    supervisor_update,
)

pytestmark = pytest.mark.rt


def a_mail_born_visit_given_to_alice(rt: RunningRT) -> int:
    """A ticket owned by Nobody, as the supervisor finds a mail in the queue, then given
    to alice."""
    boss = connector(rt, "supervisor")
    ticket = boss.create_ticket(
        NewTicketRequest(
            client_ticket_id=str(uuid.uuid4()),
            subject="Scanner jams on every page",
            content="Our scanner jams, please come.",
            owner="Nobody",
            requestor="reception@acme-dental.example",
            fields={},
        )
    )
    supervisor_update(rt, ticket, {"owner": "alice"})
    return ticket


def test_an_assigned_mail_reads_whom_it_was_given_to(
    rt: RunningRT,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ticket = a_mail_born_visit_given_to_alice(rt)
    profile = tmp_path / "profile"
    log_in(capsys, monkeypatch, profile, rt, "alice")
    assert run(capsys, profile, "sync")[0] == 0

    code, shown, _ = run(capsys, profile, "show", str(ticket))

    assert code == 0
    assert re.search(r"Owner: Nobody → Alice Moreau$", shown, re.MULTILINE), shown
    assert not re.search(r"Owner: \d", shown), shown

    session = Session(Profile(profile))  # as the window reads the visit
    try:
        snapshot = read_visit(session.db, ticket)
    finally:
        session.close()
    assert snapshot is not None
    page = conversation_text(snapshot)
    assert "Owner Nobody → Alice Moreau" in page, page
    assert not re.search(r"Owner[^—]*\d", page), page


def conversation_text(snapshot: VisitSnapshot) -> str:
    """The window's conversation of the visit, as the technician reads it."""
    page = conversation_html(snapshot.history, snapshot.names, snapshot.files)
    return html.unescape(re.sub(r"<[^>]+>", "", page.split("</style>")[-1]))


def test_whom_an_id_numbers_is_asked_once_whatever_the_tickets(
    rt: RunningRT, tmp_path: Path
) -> None:
    alice = Technician(rt, "alice", tmp_path)
    asked = user_lookups(alice)
    a_mail_born_visit_given_to_alice(rt)

    assert alice.sync().ok
    assert sorted(asked) == ["41", "6"]  # Nobody and alice, once, not once per ticket

    second = a_mail_born_visit_given_to_alice(rt)
    past_this_second()  # else the next sync reads it again (``reflected_etag``)
    assert alice.sync().ok
    idle = alice.sync()

    assert sorted(asked) == ["41", "6"]
    assert idle.ok and idle.requests <= 2  # the idle floor (bench/sync_requests.py)
    owners = [
        (e.old_value, e.new_value)
        for e in ticket_store.history(alice.db, second)
        if e.field == "Owner"
    ]
    assert owners == [("Nobody", "alice")] * 2  # RT's Set and its SetWatcher twin


def user_lookups(laptop: Technician) -> list[str]:
    """The ids of the users the laptop asks RT about by number, from now on."""
    http = laptop.connector.http
    send = http.session.request
    asked: list[str] = []

    def recorded(method: str, url: str, **kwargs: Any) -> Any:
        found = re.search(r"/REST/2\.0/user/(\d+)$", urlsplit(url).path)
        if found:
            asked.append(found.group(1))
        return send(method, url, **kwargs)

    http.session.request = recorded  # type: ignore[method-assign]
    return asked
