"""Sign out, optionally wiping the profile's local data — after saying what would be lost."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.common.theme import hex_colour
from sync.words import plural


class SignOutChoice(Enum):
    CANCEL = "cancel"
    KEEP_DATA = "keep"
    WIPE = "wipe"


class SignOutDialog(QDialog):
    def __init__(
        self, account_label: str, unsynced: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.choice = SignOutChoice.CANCEL
        self.setWindowTitle(self.tr("Sign out"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Sign out of <b>{account}</b>?").format(account=account_label))
        layout.addWidget(intro)
        self.changes = QListWidget()
        self.changes.setAccessibleName(self.tr("Changes not yet sent"))
        self.confirm = QCheckBox()
        if unsynced:
            warning = QLabel(
                self.tr(
                    "<b style='color:{red}'>{changes} not reached the helpdesk yet.</b> "
                    "Wiping this laptop's data deletes them for good:"
                ).format(
                    changes=plural(len(unsynced), self.tr("change has"), self.tr("changes have")),
                    red=hex_colour("overdue"),
                )
            )
            warning.setWordWrap(True)
            layout.addWidget(warning)
            self.changes.addItems(unsynced)
            layout.addWidget(self.changes)
            self.confirm.setText(self.tr("I understand these changes will be &lost"))
            self.confirm.setAccessibleName(self.tr("Confirm losing unsent changes"))
            layout.addWidget(self.confirm)
        else:
            self.changes.hide()
            self.confirm.setChecked(True)
            self.confirm.hide()
            layout.addWidget(QLabel(self.tr("Every change has been sent to the helpdesk.")))
        buttons = QDialogButtonBox()
        self.keep_button = QPushButton(self.tr("Sign out, &keep data"))
        self.keep_button.setToolTip(
            self.tr("Forget the password; visits and unsent changes stay on this laptop")
        )
        self.wipe_button = QPushButton(self.tr("Sign out and &wipe data"))
        self.wipe_button.setToolTip(self.tr("Forget the password and delete this profile's data"))
        self.wipe_button.setEnabled(self.confirm.isChecked())
        self.confirm.toggled.connect(self.wipe_button.setEnabled)
        buttons.addButton(self.keep_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.wipe_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        self.keep_button.clicked.connect(self._keep)
        self.wipe_button.clicked.connect(self._wipe)
        layout.addWidget(buttons)

    @Slot()
    def _keep(self) -> None:
        self.choice = SignOutChoice.KEEP_DATA
        self.accept()

    @Slot()
    def _wipe(self) -> None:
        self.choice = SignOutChoice.WIPE
        self.accept()
