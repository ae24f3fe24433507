"""Every refusal from the real RT is told with its real cause and what fixes it.

RT answers most of them with a bare "Permission Denied"; the technician must
not be told "no longer assigned to you or deleted" when the truth is a missing
right, nor "sign in again" when a token was revoked.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from devrt.instance import SAMPLE_PASSWORD, RunningRT
from sync import outbox
from sync.connectors.rt import RTConnector
from sync.connectors.rt_http import Credentials, RTHttp
from sync.engine import SyncEngine, SyncReport
from sync.errors import Cause
from sync.store import tickets as ticket_store
from tests.faults.proxy import FaultProxy
from tests.integration import rt_admin
from tests.integration.helpers import Technician, comments_with, supervisor_update

pytestmark = pytest.mark.rt


@pytest.fixture
def alice(rt: RunningRT, tmp_path: Path) -> Iterator[Technician]:
    laptop = Technician(rt, "alice", tmp_path)
    assert laptop.sync().ok
    yield laptop
    laptop.db.close()


def an_open_visit(laptop: Technician, index: int = 0) -> int:
    visits = [v.id for v in ticket_store.list_visits(laptop.db) if v.status in ("new", "open")]
    return visits[index]


def refused(laptop: Technician, seq: int) -> outbox.OutboxRow:
    row = outbox.get_row(laptop.db, seq)
    assert row is not None and row.state == "rejected", row
    return row


def note(laptop: Technician, ticket_id: int) -> tuple[int, str]:
    text = f"Replaced the patch lead in bay 3. {uuid.uuid4().hex[:8]}"
    outbox.add_note(laptop.db, ticket_id, text, author="alice", minutes=10)
    return outbox.rows(laptop.db)[-1].seq, text


def test_a_missing_right_names_the_right_to_ask_for(rt: RunningRT, alice: Technician) -> None:
    ticket = an_open_visit(alice)
    seq, text = note(alice, ticket)
    # RT lets ModifyTicket comment too: an admin who means "no notes" takes both.
    rt_admin.revoke_owner_rights(rt, "CommentOnTicket", "ModifyTicket")
    try:
        report = alice.sync()
    finally:
        rt_admin.grant_owner_rights(rt, "CommentOnTicket", "ModifyTicket")

    row = refused(alice, seq)
    assert row.error_cause == Cause.NO_RIGHT
    assert "CommentOnTicket" in (row.last_error or "")
    assert "RT administrator" in (row.last_error or "")
    assert "no longer" not in (row.last_error or "")
    assert report.rejected and "CommentOnTicket" in report.rejected[0]

    outbox.retry(alice.db, seq)  # the admin granted it back
    assert alice.sync().pushed == 1
    assert len(comments_with(rt, ticket, text)) == 1


def test_a_ticket_given_to_someone_else_says_to_whom(rt: RunningRT, alice: Technician) -> None:
    ticket = an_open_visit(alice, 1)
    seq, _ = note(alice, ticket)
    supervisor_update(rt, ticket, {"owner": "bob"})

    alice.sync()

    row = refused(alice, seq)
    assert row.error_cause == Cause.REASSIGNED
    assert "assigned to bob" in (row.last_error or "")


def test_a_ticket_removed_from_rt_says_it_was_deleted(rt: RunningRT, alice: Technician) -> None:
    ticket = an_open_visit(alice, 2)
    seq, _ = note(alice, ticket)
    rt_admin.shred_ticket(rt, ticket)

    alice.sync()

    row = refused(alice, seq)
    assert row.error_cause == Cause.DELETED
    assert "deleted" in (row.last_error or "")


def test_a_value_rt_does_not_accept_asks_for_an_edit(rt: RunningRT, alice: Technician) -> None:
    ticket = an_open_visit(alice, 3)
    outbox.set_fields(alice.db, ticket, {"owner": "nosuchtechnician"})
    seq = outbox.rows(alice.db)[-1].seq

    alice.sync()

    row = refused(alice, seq)
    assert row.error_cause == Cause.INVALID
    assert "does not exist" in (row.last_error or "")
    assert "Edit it" in (row.last_error or "")


def sync_with(rt: RunningRT, laptop: Technician, credentials: Credentials) -> SyncReport:
    return SyncEngine(laptop.db, RTConnector(RTHttp(rt.url, credentials))).run()


def test_a_revoked_token_says_so_and_keeps_the_work(rt: RunningRT, alice: Technician) -> None:
    token = rt_admin.create_token(rt, "alice")
    ticket = an_open_visit(alice)
    seq, text = note(alice, ticket)
    rt_admin.revoke_token(rt, token)

    report = sync_with(rt, alice, Credentials("alice", token=token))

    assert report.auth_failed and not report.rejected
    assert "token" in (report.error or "") and "revoked" in (report.error or "")
    assert outbox.get_row(alice.db, seq).state in outbox.OPEN_STATES  # type: ignore[union-attr]
    assert comments_with(rt, ticket, text) == []


@pytest.mark.parametrize("kind", ["token", "password"])
def test_a_disabled_account_is_named(rt: RunningRT, alice: Technician, kind: str) -> None:
    credentials = (
        Credentials("alice", token=rt.token("alice"))
        if kind == "token"
        else Credentials("alice", password=SAMPLE_PASSWORD)
    )
    ticket = an_open_visit(alice)
    seq, text = note(alice, ticket)
    rt_admin.set_user_disabled(rt, "alice", True)
    try:
        report = sync_with(rt, alice, credentials)
    finally:
        rt_admin.set_user_disabled(rt, "alice", False)

    # RT answers a disabled account exactly like a wrong secret: both are named.
    assert report.auth_failed and not report.rejected
    assert "disabled" in (report.error or "") and kind in (report.error or "")
    assert outbox.get_row(alice.db, seq).state in outbox.OPEN_STATES  # type: ignore[union-attr]

    after = sync_with(rt, alice, credentials)  # the admin enabled the account again
    assert after.ok and after.pushed == 1
    assert len(comments_with(rt, ticket, text)) == 1


def test_forgery_protection_refusal_says_what_to_ask_the_admin(
    rt: RunningRT, alice: Technician
) -> None:
    """Another name for RT, and a password changed on the server while the session lives:
    RT refuses the session's changes as possible forgeries and the old password too."""
    ticket = an_open_visit(alice)
    with FaultProxy(rt.url) as alias:
        connection = RTConnector(RTHttp(alias.url, Credentials("alice", password=SAMPLE_PASSWORD)))
        assert SyncEngine(alice.db, connection).run().ok  # signed in: a live session
        seq, text = note(alice, ticket)
        rt_admin.set_password(rt, "alice", "changed-by-the-admin")
        try:
            report = SyncEngine(alice.db, connection).run()
        finally:
            rt_admin.set_password(rt, "alice", SAMPLE_PASSWORD)
        connection.http.close()

    assert report.auth_failed and not report.rejected
    error = report.error or ""
    assert "forgery" in error and "@ReferrerWhitelist" in error and "token" in error
    assert outbox.get_row(alice.db, seq).state in outbox.OPEN_STATES  # type: ignore[union-attr]
    assert comments_with(rt, ticket, text) == []
