"""What a command that failed tells a script with ``--json``: one object on stdout.

stderr's line is English for a person; a script (``fielddesk sync --json | jq``) reads
``cause``, a word that stays the same whatever the wording, and ``exit``.  Imported only
once a command failed (``cli.__main__``): the happy path never loads these classes.
"""

from __future__ import annotations

from typing import Any

from cli.context import CommandError
from sync.account import NotSignedIn
from sync.errors import (
    AuthError,
    OfflineError,
    RejectedError,
    SecretStoreUnavailable,
    SyncError,
    UntrustedConnection,
    WaitRequested,
)
from sync.lock import SyncBusy
from sync.lost_laptop import KeptForItsUser, VisitsLocked
from sync.outbox import InvalidChange
from sync.profile_key import KeyMissing
from sync.profile_owner import ProfileOfAnotherUser
from sync.store import StoreError
from sync.store.driver import sqlite3
from sync.wipe import ProfileWiped

# The errors a command reports in one line, each with its cause.  The first class an
# error is an instance of names it, so a class comes before the one it is made from.
# A sync that ran and stopped raises a CommandError carrying the cause its report
# tells (cli.commands._why_not_complete): the same words as these.
CAUSES: tuple[tuple[type[BaseException], str], ...] = (
    (CommandError, "error"),  # its own ``cause``
    (NotSignedIn, "not_signed_in"),
    (ProfileWiped, "wiped"),  # IT wiped the profile
    (VisitsLocked, "locked"),  # past IT's offline limit
    (KeptForItsUser, "signed_out"),  # signed out with its data kept for its user
    (ProfileOfAnotherUser, "another_users_profile"),  # a sign-in where another's data is
    (AuthError, "sign_in_needed"),  # the helpdesk refused the credentials
    (WaitRequested, "helpdesk_busy"),  # it asked to wait longer than a run waits
    (OfflineError, "offline"),  # unreachable, or not answering
    (UntrustedConnection, "untrusted"),  # certificate, redirect, plain http
    (RejectedError, "refused"),  # the helpdesk refused what was asked
    (SyncError, "helpdesk_error"),  # any other failure of the helpdesk's (5xx, a bad reply)
    (InvalidChange, "invalid_change"),
    (SyncBusy, "profile_busy"),  # another FieldDesk works on this profile
    (SecretStoreUnavailable, "keyring_unavailable"),
    (KeyMissing, "key_missing"),  # the keyring lost the replica's key (sync.replica tells)
    (StoreError, "replica"),
    (sqlite3.DatabaseError, "replica"),  # mid-query: the replica's file or disk
    (OSError, "file"),  # a file or the disk (read-only, full, not ours)
)


def cause_of(error: BaseException) -> str:
    if isinstance(error, CommandError):
        return error.cause
    return next(cause for kind, cause in CAUSES if isinstance(error, kind))


def failure_data(message: str, cause: str, exit_code: int, report: Any = None) -> dict[str, Any]:
    """``--json``'s object for a failure: the line stderr says (without "fielddesk: "), its
    cause and exit status, and what the command did before it stopped (a sync's report,
    as a run that went well prints it) when there is anything."""
    data: dict[str, Any] = {"ok": False, "error": message, "cause": cause, "exit": exit_code}
    if report is not None:
        data["report"] = report
    return data
