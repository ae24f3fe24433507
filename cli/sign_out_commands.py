"""``fielddesk logout``: the window's Sign out, on the command line.

Signing out keeps the profile's data, locked until the same user signs in again
(``sync.lost_laptop``); ``--wipe`` deletes it, and is refused while work has not
reached the helpdesk unless ``--discard-unsent`` says that loss is meant.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from cli.context import CommandError, Context, Output
from sync.account import Account, NotSignedIn, load_account
from sync.lock import SYNCING, ProfileLock
from sync.profile import Profile
from sync.profile_key import KeyMissing, forget_key
from sync.profiles import sign_out, unsynced_changes
from sync.store import StoreError
from sync.store.driver import sqlite3
from sync.words import plural

WINDOW_OPEN = (
    "FieldDesk's window is open on this profile: sign out there (File → Sign out…), "
    "or close it first"
)
# Unsent work named in the refusal's line; --json's report has all of it.
NAMED_IN_THE_LINE = 5


def cmd_logout(args: argparse.Namespace, ctx: Context) -> Output:
    profile = ctx.profile
    if args.discard_unsent and not args.wipe:
        raise CommandError("--discard-unsent goes with --wipe: signing out keeps unsent work")
    ctx.require_profile()
    try:
        account = load_account(profile)
    except NotSignedIn:
        if not args.wipe:
            raise CommandError(
                "this profile is not signed in; to delete its data: fielddesk "
                f"--profile {profile.root} logout --wipe",
                cause="not_signed_in",
            ) from None
        account = None
    with _profile_to_ourselves(profile):
        unsent = _unsent(profile, needed=not args.discard_unsent)
        if args.wipe:
            if not args.discard_unsent:
                _refuse_losing(unsent)
            forget_key(profile.root)  # first: whatever the deletion misses stays unreadable
        else:
            sign_out(profile, wipe=False)
    if args.wipe:  # after the locks: Windows deletes no file that is held open
        sign_out(profile, wipe=True)
    data = {
        "user": account.user if account else None,
        "url": account.url if account else None,
        "wiped": args.wipe,
        "unsent": unsent,
    }
    return Output(data, _said(profile, account, unsent, wiped=args.wipe))


@contextmanager
def _profile_to_ourselves(profile: Profile) -> Iterator[None]:
    """No window open on the profile (it would go on as the user signed out) and no
    sync under way (it would send as them after the sign-out)."""
    with (
        ProfileLock(profile.window_lock_path, busy=WINDOW_OPEN),
        ProfileLock(profile.sync_lock_path, busy=SYNCING),
    ):
        yield


def _unsent(profile: Profile, *, needed: bool) -> list[str]:
    """The work not sent yet, one line each.  When its loss is accepted anyway
    (--discard-unsent), a replica that cannot be read is no reason to keep it."""
    try:
        return unsynced_changes(profile)
    except (StoreError, KeyMissing, sqlite3.DatabaseError, OSError):
        if needed:
            raise
        return []


def _refuse_losing(unsent: list[str]) -> None:
    if not unsent:
        return
    named = "; ".join(unsent[:NAMED_IN_THE_LINE])
    more = len(unsent) - NAMED_IN_THE_LINE
    if more > 0:
        named += f"; and {more} more"
    raise CommandError(
        f"{plural(len(unsent), 'change has', 'changes have')} not reached the helpdesk, and "
        f"wiping would delete them for good ({named}). Send them first (fielddesk sync), "
        "export the notes (fielddesk outbox export --all DIR), or add --discard-unsent",
        cause="unsent_work",
        report={"unsent": unsent},
    )


def _said(profile: Profile, account: Account | None, unsent: list[str], *, wiped: bool) -> str:
    who = f"{account.user} at {account.url}" if account else ""
    if wiped:
        lost = f"; {plural(len(unsent), 'unsent change', 'unsent changes')} lost" if unsent else ""
        signed_out = f"Signed out of {who} and deleted" if account else "Deleted"
        return f"{signed_out} this profile's data ({profile.root}){lost}."
    assert account is not None  # a profile nobody is signed in to is only wiped
    line = (
        f"Signed out of {who}. This profile's data stays on this laptop, locked until "
        f"{account.user} signs in again (fielddesk --profile {profile.root} login)."
    )
    if unsent:
        line += (
            f" {plural(len(unsent), 'change not sent yet goes', 'changes not sent yet go')} "
            "at the first sync after that sign-in."
        )
    return line
