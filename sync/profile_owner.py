"""Whose a profile is: one helpdesk user's, for as long as it holds their data.

Pooled laptops change hands.  Had Bob signed in where Alice worked, he would have been
shown her visits, and her unsent notes, new tickets and timers would have gone to the
helpdesk as his.  So another user's sign-in is refused while the profile holds any of
the former user's visits or unsent work; an empty profile changes hands, and forgets
its former user (their secret, and the name IT's remote wipe of them looks for).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sync.account import (
    Account,
    NotSignedIn,
    forget_former_accounts,
    former_accounts,
    load_account,
)
from sync.errors import SyncError
from sync.profiles import same_helpdesk_user
from sync.store import outbox
from sync.store.settings import get_setting
from sync.words import plural

if TYPE_CHECKING:
    import sqlite_utils

    from sync.profile import Profile


class ProfileOfAnotherUser(SyncError):
    """Sign-in refused: the profile holds another helpdesk user's visits or work."""


def refuse_another_users_data(
    profile: Profile, db: sqlite_utils.Database, account: Account
) -> None:
    """Before ``account`` is kept: refused (ProfileOfAnotherUser) if another user's data is
    in the profile; an empty profile of another user's is handed over."""
    others = [
        user
        for url, user in _owners(profile, db, account.url)
        if not same_helpdesk_user(url, user, account.url, account.user)
    ]
    if not others:
        return
    held = _held(db)
    if held:
        former = others[-1]
        raise ProfileOfAnotherUser(
            f"this profile holds {former}'s data ({', '.join(held)}): sign in as {former}, "
            f"or give {account.user} a profile of their own (Switch profile… → New profile… "
            "in the window, or fielddesk --profile DIR login)"
        )
    _hand_over(profile, db, account)


def _owners(profile: Profile, db: sqlite_utils.Database, url: str) -> list[tuple[str, str]]:
    """(helpdesk, user) of everyone the profile was signed in as, most recent last; the
    replica's own user (kept since the first sign-in) is taken to be of ``url``'s helpdesk."""
    owners = former_accounts(profile)
    replica_user = get_setting(db, "user")
    if replica_user:
        owners.append((url, replica_user))
    try:
        current = load_account(profile)
    except NotSignedIn:
        return owners
    return [*owners, (current.url, current.user)]


def _held(db: sqlite_utils.Database) -> list[str]:
    """The former user's data in words ("12 visits", "3 unsent changes"); [] for none."""
    visits = int(db.execute("SELECT count(*) FROM tickets").fetchone()[0])
    unsent = outbox.open_count(db)
    said = [plural(visits, "visit", "visits")] if visits else []
    return said + ([plural(unsent, "unsent change", "unsent changes")] if unsent else [])


def _hand_over(profile: Profile, db: sqlite_utils.Database, account: Account) -> None:
    """The profile, empty of the former user's work, becomes ``account``'s: the user
    signed in before is signed out (their secret forgotten unless another profile uses
    it) and no longer named in it, and what was read with their rights (other tickets
    at their sites, equipment, people, the KB, of another helpdesk perhaps) goes too."""
    import shutil  # noqa: PLC0415 - only at a hand-over

    from sync.profiles import sign_out  # noqa: PLC0415 - keyring: only at a hand-over
    from sync.store.emptying import empty_replica  # noqa: PLC0415

    try:
        current = load_account(profile)
    except NotSignedIn:
        current = None
    if current is not None and not same_helpdesk_user(
        current.url, current.user, account.url, account.user
    ):
        sign_out(profile, wipe=False)
    forget_former_accounts(profile)
    empty_replica(db)
    shutil.rmtree(profile.attachments_dir, ignore_errors=True)  # their files, encrypted
    profile.ensure()
