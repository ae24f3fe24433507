"""Known errors a user can act on, told apart from bugs.

``describe`` turns an exception the user can fix (offline, wrong password,
disk full, a change the helpdesk refused, a file too big) into one clear
sentence; it returns None for anything else, which is a bug and goes to the
crash dialog.  ``attempt`` runs a user action with that rule.
"""

from __future__ import annotations

import errno
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from desktop.common.messages import MessageBridge

T = TypeVar("T")


@functools.cache
def known_errors() -> tuple[type[BaseException], ...]:
    """The errors a user can act on.  Imported at the first error, not with the window:
    their modules bring the write paths (the outbox, the attachments' encryption) that
    the first paint does not need.  ``except known_errors()`` evaluates only then."""
    from sync.account import NotSignedIn  # noqa: PLC0415
    from sync.attachments import AttachmentTooLarge  # noqa: PLC0415
    from sync.errors import SecretStoreUnavailable, SyncError  # noqa: PLC0415
    from sync.lock import SyncBusy  # noqa: PLC0415
    from sync.outbox import InvalidChange  # noqa: PLC0415
    from sync.profile_key import KeyMissing  # noqa: PLC0415
    from sync.store import StoreError  # noqa: PLC0415

    return (
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
    from sync.replica import REOPEN_TO_REPAIR  # noqa: PLC0415 - see known_errors
    from sync.store import ReplicaDamaged  # noqa: PLC0415

    if isinstance(error, ReplicaDamaged):
        return f"{error}. {REOPEN_TO_REPAIR}"
    if isinstance(error, known_errors()):
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
    except known_errors() as error:
        messages.error(describe(error) or type(error).__name__)
        return None
    if saved:
        messages.info(saved)
    return result
