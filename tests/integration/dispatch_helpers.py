"""Supervisor profiles for dispatch tests: one real sync per module, a copy per test."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import keyring

from devrt.instance import RunningRT
from sync.account import Account, save_account
from sync.profile import Profile
from sync.session import Session, sign_in
from sync.store import dispatch as board_store
from tests.keyring_double import TestKeyring, copy_key


def synced_template(rt: RunningRT, user: str, root: Path) -> Profile:
    """user's profile after sign-in and one full sync (copy it with ``copy_profile``)."""
    previous = keyring.get_keyring()
    keyring.set_keyring(TestKeyring())
    try:
        template = Profile(root / user).ensure()
        sign_in(template, rt.url, user, rt.token(user), "token")
        session = Session(template)
        try:
            report = session.sync()
        finally:
            session.close()
        assert report.ok, report.error
    finally:
        keyring.set_keyring(previous)
    return template


def copy_profile(template: Profile, root: Path, rt: RunningRT, user: str) -> Profile:
    """A private copy of a synced profile, signed in (token in the current keyring)."""
    profile = Profile(root)
    shutil.copytree(template.root, profile.root, dirs_exist_ok=True)
    copy_key(template.root, profile.root)
    save_account(profile, Account(url=rt.url, user=user, auth="token"), rt.token(user))
    return profile


def tomorrow_at(hour: float, days: int = 1) -> datetime:
    midnight = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight + timedelta(days=days, hours=hour)


def ticket_with_subject(session: Session, subject: str) -> board_store.DispatchTicket:
    found = [
        t
        for t in board_store.to_dispatch(session.db)
        + board_store.scheduled_between(session.db, "0000", "9999")
        if t.subject == subject
    ]
    assert found, f"no ticket {subject!r} in the supervisor's replica"
    return found[0]
