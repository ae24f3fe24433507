"""A technician signed in with a password sends changes to today's patched RT.

Debian's RT 5.0.3+dfsg-3~deb12u7 (CVE-2026-108277) refuses a change made with
the web session cookie unless its Origin names RT itself.  FieldDesk sends the
Origin, and where RT knows itself by another name than the laptop uses (here:
the same RT behind a proxy on another port) the password goes with each change.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from devrt.instance import SAMPLE_PASSWORD, RTInstance, RunningRT
from sync import outbox
from sync.connectors.base import NoteRequest
from sync.connectors.rt import RTConnector, ticket_sql_quote
from sync.connectors.rt_http import Credentials, RTHttp
from sync.profile import Profile
from sync.session import Session, sign_in
from sync.store import tickets as ticket_store
from tests.faults.proxy import FaultProxy
from tests.integration.helpers import comments_with, connector, rt_with_setting, server_ticket

pytestmark = pytest.mark.rt

WHITELIST_HINT = "@ReferrerWhitelist"


def open_visit(session: Session) -> ticket_store.Visit:
    visits = ticket_store.list_visits(session.db)
    return next(v for v in visits if v.id > 0 and v.status == "open")


def tickets_titled(rt: RunningRT, subject: str) -> list[object]:
    return connector(rt, "supervisor").search_tickets(
        f"Subject = {ticket_sql_quote(subject)}", "id"
    )


def offline_day_reaches_rt_once(rt: RunningRT, profile: Profile, url: str) -> list[str]:
    """Sign in at url with a password, make an offline note, status change and new
    ticket, sync twice; returns the sign-in warnings."""
    signed_in = sign_in(profile, url, "alice", SAMPLE_PASSWORD, "password")
    session = Session(profile)
    try:
        assert session.sync().ok
        visit = open_visit(session)
        note = f"Fuser unit replaced; test page clean. {uuid.uuid4().hex[:8]}"
        subject = f"Waiting-room screen flickers {uuid.uuid4().hex[:8]}"
        outbox.add_note(session.db, visit.id, note, author="alice", minutes=75)
        outbox.set_fields(session.db, visit.id, {"status": "resolved"})
        outbox.create_ticket(
            session.db,
            subject=subject,
            content="Seen while on site.",
            owner="alice",
            fields={"site": visit.site},
        )
        report = session.sync()
        again = session.sync()
    finally:
        session.close()

    assert report.ok, report
    assert report.rejected == []
    assert report.pushed == 3
    assert len(comments_with(rt, visit.id, note)) == 1
    assert server_ticket(rt, visit.id).fields["status"] == "resolved"
    assert len(tickets_titled(rt, subject)) == 1
    assert again.ok and again.pushed == 0
    return signed_in.warnings


@pytest.mark.parametrize("address", ["RT's own name", "another name for RT"])
def test_offline_note_status_and_new_ticket_reach_rt_once(
    rt: RunningRT, profile: Profile, address: str
) -> None:
    with FaultProxy(rt.url) as alias:
        url = rt.url if address == "RT's own name" else alias.url
        warnings = offline_day_reaches_rt_once(rt, profile, url)
    # Told at sign-in, before any work is queued, what the admin can change.
    assert any(WHITELIST_HINT in w for w in warnings) == (url == alias.url)


@pytest.fixture
def rt_without_forgery_check(rt_instance: RTInstance, rt: RunningRT) -> Iterator[RunningRT]:
    """The same RT with REST2's forgery check off, as RT was before 5.0.3+dfsg-3~deb12u7."""
    with rt_with_setting(
        rt_instance, rt, "rest2-forgery-check-off", "Set($RestrictReferrer, 0);"
    ) as unchecked:
        yield unchecked


def test_password_changes_reach_rt_without_the_forgery_check_too(
    rt_without_forgery_check: RunningRT, profile: Profile
) -> None:
    rt = rt_without_forgery_check
    with FaultProxy(rt.url) as alias:  # another name: RT does not mind here
        warnings = offline_day_reaches_rt_once(rt, profile, alias.url)
    assert not any(WHITELIST_HINT in w for w in warnings)


def test_an_expired_session_is_renewed_without_asking_to_sign_in(rt: RunningRT) -> None:
    http = RTHttp(rt.url, Credentials("alice", password=SAMPLE_PASSWORD))
    alice = RTConnector(http)
    visit_id = min(alice.owned_ticket_ids())  # signs in: RT hands out a session cookie
    for cookie in http.session.cookies:
        if cookie.name.startswith("RT_SID"):
            cookie.value = "0" * 32  # the server forgot it: RT answers 302 /, not 401
    text = f"Checked the UPS self-test log. {uuid.uuid4().hex[:8]}"

    alice.add_note(NoteRequest(visit_id, str(uuid.uuid4()), text))

    assert len(comments_with(rt, visit_id, text)) == 1
    http.close()
