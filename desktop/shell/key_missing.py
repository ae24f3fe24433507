"""The locked-replica dialog: the keyring lost the key, offer to sign in again.

Shown before the window opens on a profile whose encrypted replica cannot be
unlocked (``sync.profile_key.KeyMissing``).  It is not damage and there is
nothing to repair: "Sign in again" sets the unreadable copy aside
(``sync.locked_replica``) and opens the window on a fresh one, with the
sign-in dialog; the first sync fills it from the helpdesk.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from sync.lock import SyncBusy
from sync.locked_replica import KEY_GONE, WHAT_IS_LOST, set_aside
from sync.profile import Profile


class KeyMissingOffer(QMessageBox):
    """'The key that unlocks this laptop's copy is gone' with Sign in again / Quit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(self.tr("FieldDesk — this laptop's copy is locked"))
        self.setText(self.tr("The key that unlocks this laptop's copy is gone from the keyring."))
        self.setInformativeText(
            self.tr(
                "FieldDesk keeps your visits and the knowledge base encrypted, and the key "
                "was removed from this computer's keyring, so they cannot be read here. "
                "Nothing is damaged.\n\n"
                "Sign in again and FieldDesk starts a fresh copy and syncs it from the "
                "helpdesk. Changes made on this laptop and not yet sent are lost with the "
                "old copy (it is kept, locked, in the profile folder)."
            )
        )
        self.sign_in_button = self.addButton(
            self.tr("Sign in again"), QMessageBox.ButtonRole.AcceptRole
        )
        self.quit_button = self.addButton(self.tr("Quit"), QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.sign_in_button)


def offer_fresh_start(profile: Profile, parent: QWidget | None = None) -> tuple[bool, str]:
    """Ask, then set the locked copy aside: (start afresh, what to tell the user)."""
    offer = KeyMissingOffer(parent)
    offer.exec()
    if offer.clickedButton() is not offer.sign_in_button:
        return False, ""
    try:
        aside = set_aside(profile)
    except (SyncBusy, OSError) as failure:
        return False, f"{KEY_GONE}; the locked copy could not be set aside: {failure}"
    return True, (
        f"A fresh copy was started: sign in and sync. The locked copy is in {aside}; "
        f"{WHAT_IS_LOST}."
    )
