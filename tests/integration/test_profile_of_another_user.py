"""A pooled laptop: Bob cannot sign in where Alice's work is, and her work is never sent
as his.  An emptied profile changes hands and forgets Alice.

Before, Bob's sign-in on Alice's profile (after her "Sign out, keep data", or over her
account) took her visits, outbox and timers: at his sync her new ticket was created in
RT with Bob as its creator.
"""

from __future__ import annotations

import uuid

import pytest
import sqlite_utils

from devrt.instance import RunningRT
from sync import outbox, secrets
from sync.account import former_accounts, load_account
from sync.profile import Profile
from sync.profile_owner import ProfileOfAnotherUser
from sync.profiles import sign_out
from sync.retention import purge_resolved
from sync.session import Session, sign_in
from sync.store import tickets as ticket_store
from tests.integration.helpers import comments_with

pytestmark = pytest.mark.rt


def _alice_with_an_unsent_note(rt: RunningRT, profile: Profile, note: str) -> int:
    sign_in(profile, rt.url, "alice", rt.token("alice"), "token")
    session = Session(profile)
    try:
        assert session.sync().ok
        visit = ticket_store.list_visits(session.db)[0].id
        outbox.add_note(session.db, visit, note, author="alice", minutes=15)
    finally:
        session.close()
    return visit


def _unsent(profile: Profile) -> list[str]:
    session = Session(profile)
    try:
        return [row.describe() for row in outbox.rows(session.db)]
    finally:
        session.close()


@pytest.mark.parametrize("alice_signed_out_first", [True, False])
def test_bob_is_refused_where_alices_work_waits_and_nothing_of_hers_goes_as_his(
    rt: RunningRT, profile: Profile, alice_signed_out_first: bool
) -> None:
    note = f"Alice: replaced the fuser; customer to call back. {uuid.uuid4().hex[:8]}"
    visit = _alice_with_an_unsent_note(rt, profile, note)
    if alice_signed_out_first:
        sign_out(profile, wipe=False)  # File → Sign out → keep the data

    with pytest.raises(ProfileOfAnotherUser) as refused:
        sign_in(profile, rt.url, "bob", rt.token("bob"), "token")

    said = str(refused.value)
    assert "alice's data" in said and "1 unsent change" in said and "profile of their own" in said
    if not alice_signed_out_first:
        assert load_account(profile).user == "alice", "still Alice's"
    assert secrets.load_secret(rt.url, "bob") is None, "Bob's token was not kept"
    assert len(_unsent(profile)) == 1, "Alice's note waits for her"
    assert not comments_with(rt, visit, note)

    # Alice, back, signs in again and her note goes out as hers.
    sign_in(profile, rt.url, "alice", rt.token("alice"), "token")
    session = Session(profile)
    try:
        assert session.sync().ok
    finally:
        session.close()
    sent = comments_with(rt, visit, note)
    assert [entry.creator for entry in sent] == ["alice"]


def test_an_emptied_profile_changes_hands_and_forgets_its_former_user(
    rt: RunningRT, profile: Profile
) -> None:
    sign_in(profile, rt.url, "carol", rt.token("carol"), "token")  # and never synced
    sign_out(profile, wipe=False)

    sign_in(profile, rt.url, "bob", rt.token("bob"), "token")

    assert load_account(profile).user == "bob"
    assert secrets.load_secret(rt.url, "carol") is None, "Carol's token is not left behind"
    assert former_accounts(profile) == [], "IT's wipe of Carol no longer reaches Bob's profile"
    session = Session(profile)
    try:
        assert session.sync().ok
        assert session.user == "bob"
        assert ticket_store.list_visits(session.db), "Bob's own visits"
    finally:
        session.close()


def test_nothing_read_with_the_former_users_rights_is_left_for_the_next(
    rt: RunningRT, profile: Profile
) -> None:
    """Carol's visits all resolved and forgotten (IT's retention), nothing unsent: the
    profile changes hands, but the other tickets at her sites, the equipment, the people
    and the KB she synced were read with her rights (perhaps on another helpdesk)."""
    sign_in(profile, rt.url, "carol", rt.token("carol"), "token")
    session = Session(profile)
    try:
        assert session.sync().ok
        session.db.execute("UPDATE tickets SET status = 'resolved'")
        session.db.conn.commit()
        purge_resolved(session.db, profile.attachments_dir, 0)
        assert _rows(session.db, READ_WITH_HER_RIGHTS) > 0, "the data set gives her some"
    finally:
        session.close()
    sign_out(profile, wipe=False)

    sign_in(profile, rt.url, "bob", rt.token("bob"), "token")

    session = Session(profile)
    try:
        assert _rows(session.db, READ_WITH_HER_RIGHTS) == 0
        assert (
            session.db.execute("SELECT count(*) FROM users WHERE name = 'carol'").fetchone()[0] == 0
        )
        assert session.sync().ok
        assert session.user == "bob" and ticket_store.list_visits(session.db), "Bob's own"
    finally:
        session.close()


READ_WITH_HER_RIGHTS = ("related_tickets", "assets", "articles", "cursors")


def _rows(db: sqlite_utils.Database, tables: tuple[str, ...]) -> int:
    return sum(int(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in tables)
