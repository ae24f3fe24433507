"""A login typed in another case ("Alice") is kept as RT spells the name ("alice").

RT finds its user "alice" for "Alice", with a token and with a password; its
replies name her "alice".  FieldDesk compares owners and authors with the
signed-in name, so a name kept as typed made a missing right read "ticket #N is
no longer yours: it is assigned to alice", and her own writes look like someone
else's.
"""

from __future__ import annotations

import uuid

import pytest

from devrt.instance import SAMPLE_PASSWORD, RunningRT
from sync import outbox, secrets
from sync.account import Account, AuthKind, load_account, save_account
from sync.errors import Cause
from sync.profile import Profile
from sync.session import Session, sign_in
from sync.store import tickets as ticket_store
from tests.integration import rt_admin
from tests.integration.helpers import comments_with

pytestmark = pytest.mark.rt


def an_open_visit(session: Session) -> int:
    visits = ticket_store.list_visits(session.db)
    return next(v.id for v in visits if v.id > 0 and v.status in ("new", "open"))


@pytest.mark.parametrize("auth", ["token", "password"])
def test_the_account_keeps_the_name_as_rt_spells_it(
    rt: RunningRT, profile: Profile, auth: AuthKind
) -> None:
    secret = rt.token("alice") if auth == "token" else SAMPLE_PASSWORD

    result = sign_in(profile, rt.url, "Alice", secret, auth)

    assert result.user == "alice"
    assert load_account(profile).user == "alice"
    assert secrets.load_secret(rt.url, "alice") == secret
    session = Session(profile)
    try:
        assert session.user == "alice"
        assert session.connector().http.user == "alice"
    finally:
        session.close()


def test_a_missing_right_is_told_as_such_to_alice_signed_in_as_capital_alice(
    rt: RunningRT, profile: Profile
) -> None:
    sign_in(profile, rt.url, "Alice", rt.token("alice"), "token")
    session = Session(profile)
    try:
        assert session.sync().ok
        ticket = an_open_visit(session)
        text = f"Replaced the patch lead in bay 3. {uuid.uuid4().hex[:8]}"
        outbox.add_note(session.db, ticket, text, author=session.user, minutes=10)
        seq = outbox.rows(session.db)[-1].seq
        # RT lets ModifyTicket comment too: an admin who means "no notes" takes both.
        rt_admin.revoke_owner_rights(rt, "CommentOnTicket", "ModifyTicket")
        try:
            report = session.sync()
        finally:
            rt_admin.grant_owner_rights(rt, "CommentOnTicket", "ModifyTicket")
        row = outbox.get_row(session.db, seq)
        assert row is not None and row.state == "rejected", row
        error = row.last_error or ""
        assert row.error_cause == Cause.NO_RIGHT, error
        assert "CommentOnTicket" in error and "RT administrator" in error
        assert "no longer" not in error and "assigned to" not in error
        assert report.rejected and "CommentOnTicket" in report.rejected[0]

        outbox.retry(session.db, seq)  # the admin granted it back
        assert session.sync().pushed == 1
    finally:
        session.close()
    assert len(comments_with(rt, ticket, text)) == 1


def test_a_profile_an_older_version_kept_as_typed_goes_on_working(
    rt: RunningRT, profile: Profile
) -> None:
    """Its secret stays where it was (keyed by "Alice"); RT's spelling is what is sent."""
    token = rt.token("alice")
    sign_in(profile, rt.url, "alice", token, "token")  # the replica learns RT's spelling
    # What an older FieldDesk kept after "Alice" was typed: the account and keyring entry.
    save_account(profile, Account(url=rt.url, user="Alice", auth="token"), token)
    secrets.forget_secret(rt.url, "alice")

    session = Session(profile)
    try:
        connector = session.connector()
        assert connector.http.user == "alice"
        assert connector.http.credentials.token == token
        assert session.sync().ok
    finally:
        session.close()
    assert load_account(profile).user == "Alice"
    assert secrets.load_secret(rt.url, "Alice") == token
