"""Known errors a user can act on, told apart from bugs.

``describe`` turns an exception the user can fix (offline, wrong password,
disk full, a change the helpdesk refused, a file too big) into one clear
sentence; it returns None for anything else, which is a bug and goes to the
crash dialog.  ``attempt`` runs a user action with that rule.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from typing import TypeVar

from desktop.common.messages import MessageBridge
from sync.account import NotSignedIn
from sync.attachments import AttachmentTooLarge
from sync.errors import SecretStoreUnavailable, SyncError
from sync.lock import SyncBusy
from sync.outbox import InvalidChange
from sync.profile_key import KeyMissing
from sync.replica import REOPEN_TO_REPAIR
from sync.store import ReplicaDamaged, StoreError

T = TypeVar("T")

KNOWN_ERRORS: tuple[type[BaseException], ...] = (
    InvalidChange,
    AttachmentTooLarge,
    NotSignedIn,
    SyncError,
    SyncBusy,
    SecretStoreUnavailable,
    KeyMissing,  # a stored file's key left the keyring (a wipe) while the window was open
    StoreError,
    OSError,
)


def describe(error: BaseException) -> str | None:
    """A sentence for the user, or None when the error is a bug."""
    if isinstance(error, OSError):
        if error.errno == errno.ENOSPC:
            return "The disk is full: free some space, then try again. Nothing was saved."
        if error.errno in (errno.EACCES, errno.EPERM):
            name = error.filename or "the file"
            return f"FieldDesk may not read or write {name}: {error.strerror}."
        if error.filename:
            return f"{error.filename}: {error.strerror}"
        return str(error) or None
    if isinstance(error, ReplicaDamaged):
        return f"{error}. {REOPEN_TO_REPAIR}"
    if isinstance(error, KNOWN_ERRORS):
        return str(error)
    return None


def attempt(
    messages: MessageBridge, action: Callable[[], T], *, saved: str | None = None
) -> T | None:
    """Run a user action; a known error becomes a message, a bug propagates.

    ``saved`` is said only after the action returned, i.e. after its local
    transaction committed: the UI never claims a save that did not happen.
    """
    try:
        result = action()
    except KNOWN_ERRORS as error:
        messages.error(describe(error) or type(error).__name__)
        return None
    if saved:
        messages.info(saved)
    return result
