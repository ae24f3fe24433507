"""The helpdesk account a profile is signed in to (no secrets in here)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Literal

from sync.private_files import write_private_text
from sync.profile import Profile

if TYPE_CHECKING:
    from sync.connectors.rt_http import Credentials

# keyring and the HTTP stack are imported where they are used: the first
# window only needs to know *who* is signed in, which is in a small JSON file.

AuthKind = Literal["token", "password"]


class NotSignedIn(RuntimeError):
    """The profile has no account, or its secret is no longer in the keyring."""


@dataclass(frozen=True)
class Account:
    url: str
    user: str
    auth: AuthKind

    def credentials(self) -> Credentials:
        from sync import secrets  # noqa: PLC0415
        from sync.connectors.rt_http import Credentials  # noqa: PLC0415

        secret = secrets.load_secret(self.url, self.user)
        if secret is None:
            raise NotSignedIn(f"no saved {self.auth} for {self.user}; please sign in again")
        if self.auth == "token":
            return Credentials(self.user, token=secret)
        return Credentials(self.user, password=secret)


def _account_file(profile: Profile) -> str:
    return str(profile.root / "account.json")


def save_account(profile: Profile, account: Account, secret: str) -> None:
    """Keep the secret in the OS keyring and the rest in the profile."""
    from sync import secrets  # noqa: PLC0415

    secrets.store_secret(account.url, account.user, secret)
    profile.ensure()
    write_private_text(profile.root / "account.json", json.dumps(asdict(account)))


def load_account(profile: Profile) -> Account:
    try:
        with open(_account_file(profile), encoding="utf-8") as handle:
            data = json.load(handle)
        account = Account(url=str(data["url"]), user=str(data["user"]), auth=data["auth"])
    except FileNotFoundError:
        raise NotSignedIn("this profile is not signed in to a helpdesk yet") from None
    except (ValueError, KeyError, TypeError):
        raise NotSignedIn(
            "the profile's account settings are damaged; please sign in again"
        ) from None
    if account.auth not in ("token", "password"):
        raise NotSignedIn("the profile's account settings are damaged; please sign in again")
    return account


def forget_account(profile: Profile) -> None:
    from sync import secrets  # noqa: PLC0415

    try:
        account = load_account(profile)
    except NotSignedIn:
        return
    secrets.forget_secret(account.url, account.user)
    (profile.root / "account.json").unlink(missing_ok=True)
