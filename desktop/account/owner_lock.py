"""A profile signed out with its data kept opens for its user alone.

On a pooled laptop "Sign out, keep data" used to leave the profile open to the next
person: the window showed Alice's visits, customers' numbers and her running timer,
and a note typed there went out as whoever signed in next.  Now such a profile shows
nothing until its user signs in again: the sign-in dialog, prefilled with that user,
comes before the window (another user's sign-in there is refused by the helpdesk
side, ``sync.profile_owner``).
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from desktop.common.background import BackgroundTasks
from sync.account import signed_out_owner
from sync.profile import Profile


def opens_for(profile: Profile, parent: QObject) -> bool:
    """Whether the profile may open now: it is not kept for a signed-out user, or that
    user has just signed in again (False: the dialog was cancelled)."""
    if signed_out_owner(profile) is None:
        return True
    from desktop.account.sign_in import SignInDialog  # noqa: PLC0415 - the HTTP stack

    tasks = BackgroundTasks(parent)
    dialog = SignInDialog(profile, tasks)
    try:
        return dialog.exec() == SignInDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()
        tasks.deleteLater()
