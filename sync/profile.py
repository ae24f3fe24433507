"""Where a FieldDesk profile keeps its data and logs."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "FieldDesk"


def default_profile_dir() -> Path:
    """The default profile lives in the platform's per-user data directory.

    Linux: ~/.local/share/FieldDesk/default, Windows: %LOCALAPPDATA%\\FieldDesk\\default,
    macOS: ~/Library/Application Support/FieldDesk/default.  FIELDDESK_PROFILE
    overrides it (deployment scripts, support).
    """
    override = os.environ.get("FIELDDESK_PROFILE")
    if override:
        return Path(override).expanduser()
    return profiles_folder() / "default"


def profiles_folder() -> Path:
    """The platform's folder where FieldDesk keeps its profiles side by side."""
    import platformdirs  # noqa: PLC0415 - only without --profile or FIELDDESK_PROFILE

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


class Profile:
    """One technician's local data: database, attachments and logs."""

    def __init__(self, root: Path) -> None:
        self.root = root.expanduser().resolve()

    @property
    def database_path(self) -> Path:
        return self.root / "fielddesk.db"

    @property
    def account_path(self) -> Path:
        """Who signed in, and where (``sync.account``); the token is in the keyring."""
        return self.root / "account.json"

    @property
    def attachments_dir(self) -> Path:
        return self.root / "attachments"

    @property
    def log_dir(self) -> Path:
        return self.root / "logs"

    @property
    def former_accounts_path(self) -> Path:
        """Who signed out keeping the profile's data (``sync.account``), never a secret."""
        return self.root / "signed-out.json"

    @property
    def kept_for_signed_out_user(self) -> bool:
        """Signed out with its data kept (``sync.account.signed_out_owner`` says whose): two
        file checks, so a listing or the window's start reads no account file for it."""
        return not self.account_path.exists() and self.former_accounts_path.exists()

    @property
    def sync_lock_path(self) -> Path:
        """Held by a sync or a sign-in (``sync.lock.ProfileLock``): one at a time."""
        return self.root / "sync.lock"

    @property
    def window_lock_path(self) -> Path:
        """Held by the window open on the profile, for as long as it is open."""
        return self.root / "window.lock"

    @property
    def wipe_notice_path(self) -> Path:
        """The note an IT wipe leaves in the emptied profile (``sync.wipe``)."""
        return self.root / "wiped.json"

    def exists(self) -> bool:
        """Whether the folder is a FieldDesk profile: someone signed in there, or it holds a
        replica (a profile signed out with its data kept).  Two stats: a command given a
        mistyped folder says so instead of making it a new, empty profile."""
        return self.account_path.exists() or self.database_path.exists()

    def ensure(self) -> Profile:
        """The profile's folders, each readable by this user only (see sync.private_files)."""
        from sync.private_files import private_dir  # noqa: PLC0415 - keeps this module tiny

        for directory in (self.root, self.attachments_dir, self.log_dir):
            private_dir(directory)
        return self
