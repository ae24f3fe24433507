"""The FieldDesk main window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow

from sync import __version__
from sync.account import NotSignedIn, load_account
from sync.profile import Profile


class MainWindow(QMainWindow):
    def __init__(self, profile: Profile) -> None:
        super().__init__()
        self.profile = profile
        self.setWindowTitle(self.tr("FieldDesk"))
        self.resize(1200, 780)
        placeholder = QLabel(
            self.tr("FieldDesk {version}\n\nProfile: {path}").format(
                version=__version__, path=profile.root
            )
        )
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        placeholder.setAccessibleName(self.tr("Welcome"))
        self.setCentralWidget(placeholder)
        self.statusBar().showMessage(self._account_summary())

    def _account_summary(self) -> str:
        try:
            account = load_account(self.profile)
        except NotSignedIn as reason:
            return self.tr("Not signed in: {reason}").format(reason=reason)
        return self.tr("Signed in as {user} at {url}").format(user=account.user, url=account.url)
