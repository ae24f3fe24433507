"""Choose which profile (helpdesk account and its local data) to open."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sync.profile import Profile
from sync.profiles import list_profiles, new_profile, profiles_home

PROFILE_ROLE = Qt.ItemDataRole.UserRole + 1


class ProfilePicker(QDialog):
    def __init__(self, current: Profile | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chosen: Profile | None = None
        self.home = profiles_home()
        self.setWindowTitle(self.tr("Profiles"))
        self.setMinimumSize(480, 320)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Profiles on this laptop"))
        for summary in list_profiles(self.home):
            item = QListWidgetItem(summary.label)
            item.setData(PROFILE_ROLE, str(summary.profile.root))
            item.setToolTip(str(summary.profile.root))
            self.list.addItem(item)
            if current is not None and summary.profile.root == current.root:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)
        self.list.itemActivated.connect(self._open_selected)
        buttons = QDialogButtonBox()
        self.open_button = QPushButton(self.tr("&Open"))
        self.open_button.setDefault(True)
        self.open_button.setEnabled(self.list.count() > 0)
        self.new_button = QPushButton(self.tr("&New profile…"))
        self.new_button.setToolTip(self.tr("Sign in to another helpdesk or as another user"))
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.new_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        self.open_button.clicked.connect(self._open_selected)
        self.new_button.clicked.connect(self._new)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Each profile keeps its own visits, outbox and sign-in.")))
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)

    @Slot()
    def _open_selected(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.chosen = Profile(Path(item.data(PROFILE_ROLE)))
        self.accept()

    @Slot()
    def _new(self) -> None:
        self.chosen = new_profile(self.home, "profile")
        self.accept()
