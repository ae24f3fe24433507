"""A failed sync is in the profile log for support, without the secret or the customer's words."""

from __future__ import annotations

import pytest

from devrt.instance import RunningRT
from sync import outbox, secrets
from sync.profile import Profile
from sync.session import Session, sign_in
from sync.store import tickets as ticket_store

pytestmark = pytest.mark.rt


def test_a_refused_token_and_a_refused_note_are_logged_without_secrets(
    rt: RunningRT, profile: Profile
) -> None:
    sign_in(profile, rt.url, "carol", rt.token("carol"), "token")
    session = Session(profile)
    try:
        assert session.sync().ok
        visit = ticket_store.list_visits(session.db)[0]
        words = "Mrs Okafor's alarm code is 4711"
        outbox.add_note(session.db, visit.id, words, author="carol")
        outbox.set_fields(session.db, visit.id, {"owner": "nosuchtechnician"})
        wrong = "1-99-" + "0" * 32
        secrets.store_secret(rt.url, "carol", wrong)  # the token was revoked meanwhile
        refused = session.sync()
        secrets.store_secret(rt.url, "carol", rt.token("carol"))
        session.sync()
    finally:
        session.close()

    assert refused.auth_failed
    log = (profile.log_dir / "fielddesk.log").read_text()
    assert "sync stopped: AuthError (token_refused)" in log
    assert "refused: invalid, HTTP" in log  # the owner change RT would not take
    assert wrong not in log and rt.token("carol") not in log
    assert words not in log
