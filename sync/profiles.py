"""Several profiles on one laptop: list, create, remember the last one, wipe.

A profile is a directory (database, attachments, logs, account.json).
They live side by side under the platform's data directory; the
``default`` one is where a single-profile user's data has always been.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from sync.account import Account, NotSignedIn, forget_account, load_account
from sync.open_copies import process_copies
from sync.private_files import write_private_text
from sync.profile import Profile, default_profile_dir
from sync.profile_key import forget_key
from sync.store import (
    open_database,
    outbox,  # rows only: the change kinds load with a write
)

LAST_USED_FILE = "last-profile"


@dataclass(frozen=True)
class ProfileSummary:
    name: str
    profile: Profile
    account: Account | None

    @property
    def label(self) -> str:
        if self.account is None:
            return f"{self.name} (not signed in)"
        return f"{self.account.user} at {self.account.url}"


def profiles_home() -> Path:
    return default_profile_dir().parent


def _summary(root: Path) -> ProfileSummary:
    profile = Profile(root)
    try:
        account: Account | None = load_account(profile)
    except NotSignedIn:
        account = None
    return ProfileSummary(root.name, profile, account)


def list_profiles(home: Path) -> list[ProfileSummary]:
    if not home.is_dir():
        return []
    roots = sorted(
        p
        for p in home.iterdir()
        if p.is_dir() and ((p / "account.json").exists() or (p / "fielddesk.db").exists())
    )
    return [_summary(root) for root in roots]


def sharing_account(profile: Profile) -> list[Profile]:
    """The laptop's other profiles signed in to the same helpdesk account.  They share its
    token in the keyring (``sync.secrets``), so IT's wipe of the account is theirs too."""
    try:
        mine = load_account(profile)
    except NotSignedIn:
        return []
    account = (mine.url.rstrip("/"), mine.user)
    found: dict[Path, Profile] = {}
    for home in (profile.root.parent, profiles_home()):
        for summary in list_profiles(home):
            other = summary.account
            root = summary.profile.root.resolve()
            if other and (other.url.rstrip("/"), other.user) == account:
                found.setdefault(root, summary.profile)
    found.pop(profile.root.resolve(), None)
    return list(found.values())


def new_profile(home: Path, hint: str) -> Profile:
    """A fresh profile directory named after hint ("alice@helpdesk.example")."""
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", hint).strip("-.") or "profile"
    candidate, n = home / base, 2
    while candidate.exists():
        candidate, n = home / f"{base}-{n}", n + 1
    return Profile(candidate).ensure()


def remember_last_used(home: Path, profile: Profile) -> None:
    home.mkdir(parents=True, exist_ok=True)
    # Only a path, but it names the profile (often the customer's or the user's name).
    write_private_text(home / LAST_USED_FILE, str(profile.root))


def last_used(home: Path) -> Profile | None:
    try:
        root = Path((home / LAST_USED_FILE).read_text(encoding="utf-8").strip())
    except OSError:
        return None
    return Profile(root) if root.is_dir() else None


def unsynced_changes(profile: Profile) -> list[str]:
    """What signing out with a wipe would lose, one line per change."""
    if not profile.database_path.exists():
        return []
    db = open_database(profile.database_path)
    try:
        return [row.describe() for row in outbox.rows(db)]
    finally:
        db.close()


def sign_out(profile: Profile, *, wipe: bool) -> None:
    """Forget the secret (keyring) and, with wipe, every local file of the profile."""
    forget_account(profile)
    if wipe:
        forget_key(profile.root)  # first: whatever the deletion misses stays unreadable
        process_copies().remove()  # decrypted copies of its files opened in other programs
        if profile.root.exists():
            shutil.rmtree(profile.root)
