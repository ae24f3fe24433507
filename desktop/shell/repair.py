"""The damaged-replica dialog: says what is wrong and offers the salvage.

Shown before the window opens on a profile whose replica failed its checks
(``sync.replica.open_replica``).  The salvage runs on a worker thread behind a
busy indicator (``before_window``); what it kept is said in the new window's message strip.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.shell.before_window import wait_behind_progress
from sync.lock import SyncBusy
from sync.profile import Profile
from sync.replica import repair
from sync.store import ReplicaDamaged, StoreError
from sync.store.salvage import Salvaged


class RepairOffer(QMessageBox):
    """'This profile's local database is damaged' with Repair / Quit."""

    def __init__(self, damage: ReplicaDamaged, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle(self.tr("FieldDesk — local database damaged"))
        self.setText(self.tr("The local database of this profile is damaged."))
        self.setInformativeText(
            self.tr(
                "What is wrong: {problem}.\n\n"
                "FieldDesk can repair it: it recovers first the changes not yet sent "
                "that can still be read, and tells you if some cannot (those are to be "
                "entered again); everything else is fetched again from the helpdesk at the "
                "next sync, and the damaged file is kept in the profile folder for support."
            ).format(problem=damage.problem)
        )
        self.repair_button = self.addButton(self.tr("Repair"), QMessageBox.ButtonRole.AcceptRole)
        self.quit_button = self.addButton(self.tr("Quit"), QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.repair_button)


def offer_repair(
    profile: Profile, damage: ReplicaDamaged, parent: QWidget | None = None
) -> tuple[bool, str]:
    """Ask, then salvage: (repaired, what to tell the user)."""
    offer = RepairOffer(damage, parent)
    offer.exec()
    if offer.clickedButton() is not offer.repair_button:
        return False, ""
    try:
        result = _repair_with_progress(profile, parent)
    except (StoreError, SyncBusy, OSError) as failure:
        return False, f"{damage}; it could not be repaired: {failure}"
    return True, f"Local database repaired: {result.summary()}. The next sync fetches the rest."


def _repair_with_progress(profile: Profile, parent: QWidget | None) -> Salvaged:
    return wait_behind_progress(
        "Repairing the local database: recovering unsent changes…",
        lambda: repair(profile),
        parent,
    )
