"""What a headless command works on and what it returns, without the helpdesk's stack.

Commands that only read the replica (``cli.listing_commands``) import this module
alone, so ``fielddesk visits`` does not load the HTTP stack, the keyring or the
sync engine; ``Context.session`` imports them when a command first asks for it.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sync.lost_laptop import (
    opening_standing,
    refuse_if_signed_out,
    refuse_if_wiped,
    require_unlocked,
)
from sync.profile import Profile
from sync.replica import read_profile_replica
from sync.store.reader import Reader
from sync.words import UPDATING_REPLICA

if TYPE_CHECKING:
    import argparse
    import sqlite3
    from collections.abc import Callable

    from sync.offline_limit import Standing
    from sync.session import Session


class CommandError(Exception):
    """A user-facing failure: printed as one line on stderr, exit status 1.  With --json
    also an object on stdout (cli.failure): ``cause`` the word a script tests, ``report``
    what the command did before it stopped (a sync's report), if anything."""

    exit_code = 1
    cause = "error"  # the code can tell it from no other: the line says what

    def __init__(self, message: str, *, cause: str | None = None, report: Any = None) -> None:
        super().__init__(message)
        if cause is not None:
            self.cause = cause
        self.report = report


class Interrupted(CommandError):
    """Ctrl-C stopped the command cleanly (a sync between two requests): its line on
    stderr, exit status 130 (128 + SIGINT), as a shell shows an interrupted program."""

    exit_code = 130
    cause = "interrupted"


def _no_profile(profile: Profile) -> CommandError:
    """A folder that is no profile: a mistyped --profile (or FIELDDESK_PROFILE) is told,
    never made a new, empty profile that reports nothing unsent."""
    from sync.profile import profiles_folder  # noqa: PLC0415 - platformdirs: this error only

    return CommandError(
        f"no FieldDesk profile at {profile.root} (nobody signed in there): check --profile "
        f"or FIELDDESK_PROFILE (this laptop's profiles are the folders in {profiles_folder()}), "
        f"or sign in to make one: fielddesk --profile {profile.root} login --url URL --user NAME"
        " --token-stdin",
        cause="no_profile",
    )


def _say_updating() -> None:
    """Why the first command after an update of FieldDesk waits: on stderr, so a script
    reading stdout (or --json) gets only the command's output."""
    if sys.stderr is not None:
        print(UPDATING_REPLICA.replace("\n", " "), file=sys.stderr, flush=True)


class Output:
    """What a command gives back: its data (``--json``), its text and its exit status.
    (A plain class: a dataclass would load ``dataclasses`` for ``fielddesk visits``.)"""

    __slots__ = ("data", "exit_code", "text")

    def __init__(self, data: Any, text: str, exit_code: int = 0) -> None:
        self.data, self.text, self.exit_code = data, text, exit_code


if TYPE_CHECKING:  # a command's handler (argparse is not loaded for `fielddesk visits`)
    Command = Callable[[argparse.Namespace, "Context"], Output]


class Context:
    """What a command works on: the profile, and its replica, opened on first use.

    Only a sign-in makes a profile (``login``, which does not open one here, and the
    window, which offers it); every other command needs one that exists."""

    def __init__(self, profile: Profile, *, locked_ok: bool = False) -> None:
        self.profile = profile
        # Past IT's offline limit only a sync or a sign-in may run (sync.lost_laptop).
        self.locked_ok = locked_ok
        self._session: Session | None = None
        self._replica: sqlite3.Connection | None = None

    @property
    def session(self) -> Session:
        """The replica with the helpdesk connection (a sync, a sign-in, a write)."""
        if self._session is None:
            from sync.logging_later import set_up_now  # noqa: PLC0415
            from sync.session import Session  # noqa: PLC0415 - the HTTP stack, on first use

            self.require_profile()
            set_up_now()  # the session and the engine log through logging
            self._session = Session(self.profile, updating=_say_updating)
            self._refuse_if_locked(self._session.standing)
        return self._session

    @property
    def replica(self) -> Reader:
        """The replica alone, opened as a session opens it, for commands that only read."""
        if self._session is not None:
            return self._session.db
        if self._replica is None:
            self.require_profile()
            self._replica = read_profile_replica(self.profile.ensure(), updating=_say_updating)
            standing = opening_standing(self.profile, self._replica)
            if standing is not None:  # None: synced lately, fine whatever IT's limits
                self._refuse_if_locked(standing)
        return self._replica

    def require_profile(self) -> None:
        """A profile exists here, and is not one that only its signed-out user may open."""
        refuse_if_wiped(self.profile)  # a profile IT wiped says so, not "no profile"
        if not self.profile.exists():
            raise _no_profile(self.profile)
        if not self.locked_ok:  # its user signed out: only their sign-in opens it
            refuse_if_signed_out(self.profile)

    def _refuse_if_locked(self, standing: Standing) -> None:
        if not self.locked_ok:
            require_unlocked(standing, datetime.now(UTC))

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None
        if self._replica is not None:
            self._replica.close()
            self._replica = None
