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

from sync.account import (
    Account,
    NotSignedIn,
    forget_account,
    former_accounts,
    load_account,
    signed_out_owner,
)
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
    kept_for: str | None = None  # the user who signed out keeping the data

    @property
    def label(self) -> str:
        if self.kept_for is not None:
            return f"{self.name} ({self.kept_for}'s, signed out: opens for {self.kept_for})"
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
        owner = signed_out_owner(profile)
        return ProfileSummary(root.name, profile, None, owner[1] if owner else None)
    return ProfileSummary(root.name, profile, account)


def list_profiles(home: Path) -> list[ProfileSummary]:
    if not home.is_dir():
        return []
    roots = sorted(p for p in home.iterdir() if p.is_dir() and Profile(p).exists())
    return [_summary(root) for root in roots]


def _other_profiles(profile: Profile) -> list[ProfileSummary]:
    """The laptop's other profiles: beside this one, and in the platform's folder."""
    found: dict[Path, ProfileSummary] = {}
    for home in (profile.root.parent, profiles_home()):
        for summary in list_profiles(home):
            found.setdefault(summary.profile.root.resolve(), summary)
    found.pop(profile.root.resolve(), None)
    return list(found.values())


def same_helpdesk_user(url: str, user: str, other_url: str, other_user: str) -> bool:
    """One helpdesk user, however a FieldDesk of before spelt the name ("Alice", "alice")."""
    return (url.rstrip("/"), user.casefold()) == (other_url.rstrip("/"), other_user.casefold())


def sharing_account(profile: Profile) -> list[Profile]:
    """The laptop's other profiles holding data of this profile's helpdesk user: signed in
    to the account, or signed out of it with their data kept.  IT's wipe of the user
    is theirs too."""
    try:
        mine = load_account(profile)
    except NotSignedIn:
        return []

    def holds_mine(summary: ProfileSummary) -> bool:
        owners = former_accounts(summary.profile)
        if summary.account:
            owners.append((summary.account.url, summary.account.user))
        return any(same_helpdesk_user(mine.url, mine.user, url, user) for url, user in owners)

    return [summary.profile for summary in _other_profiles(profile) if holds_mine(summary)]


def _secret_used_elsewhere(profile: Profile, account: Account) -> bool:
    """Another profile is signed in with the same keyring entry (``secrets.account_key``)."""
    from sync.secrets import account_key  # noqa: PLC0415 - it imports keyring: only to sign out

    key = account_key(account.url, account.user)
    return any(
        summary.account and account_key(summary.account.url, summary.account.user) == key
        for summary in _other_profiles(profile)
    )


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
    """What signing out with a wipe would lose: one line per change, then a line per visit
    with other unsent work (time on a timer, checklist work not queued, a conflict)."""
    from sync.retention import work_besides_the_outbox  # noqa: PLC0415 - sign-out only

    if not profile.database_path.exists():
        return []
    db = open_database(profile.database_path)
    try:
        return [row.describe() for row in outbox.rows(db)] + work_besides_the_outbox(db)
    finally:
        db.close()


def sign_out(profile: Profile, *, wipe: bool) -> None:
    """Forget the secret (keyring) unless another profile signed in as the same user uses
    it and, with wipe, every local file of the profile."""
    try:
        shared = _secret_used_elsewhere(profile, load_account(profile))
    except NotSignedIn:
        shared = False
    forget_account(profile, keep_secret=shared)
    # Decrypted copies of its files opened in other programs go at any sign-out: the next
    # person at the laptop is not to find them.
    process_copies().remove()
    if wipe:
        forget_key(profile.root)  # first: whatever the deletion misses stays unreadable
        if profile.root.exists():
            shutil.rmtree(profile.root)
