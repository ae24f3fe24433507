"""The helpdesk account a profile is signed in to (no secrets in here)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, NamedTuple

# What the account file holds is read in sync.account_file (no dataclass); re-exported.
from sync.account_file import AuthKind as AuthKind  # noqa: PLC0414 - explicit re-export
from sync.account_file import NotSignedIn as NotSignedIn  # noqa: PLC0414
from sync.account_file import read_account
from sync.private_files import write_private_text
from sync.profile import Profile

if TYPE_CHECKING:
    from sync.connectors.rt_http import Credentials

# keyring and the HTTP stack are imported where they are used: the first
# window only needs to know *who* is signed in, which is in a small JSON file.


class Account(NamedTuple):
    url: str
    user: str
    auth: AuthKind

    def credentials(self, rt_name: str | None = None) -> Credentials:
        """The secret from the keyring, for the user as RT spells the name.

        The keyring keys the secret by ``user`` as the account keeps it; an older
        FieldDesk kept it as typed ("Alice"), so ``rt_name``, RT's spelling learned
        at sign-in ("alice"), is the name sent and compared when it is the same name
        in another case.
        """
        from sync import secrets  # noqa: PLC0415
        from sync.connectors.rt_http import Credentials  # noqa: PLC0415

        secret = secrets.load_secret(self.url, self.user)
        if secret is None:
            raise NotSignedIn(f"no saved {self.auth} for {self.user}; please sign in again")
        name = rt_name if rt_name and rt_name.casefold() == self.user.casefold() else self.user
        if self.auth == "token":
            return Credentials(name, token=secret)
        return Credentials(name, password=secret)


def save_account(profile: Profile, account: Account, secret: str) -> None:
    """Keep the secret in the OS keyring and the rest in the profile."""
    from sync import secrets  # noqa: PLC0415

    secrets.store_secret(account.url, account.user, secret)
    profile.ensure()
    write_private_text(profile.account_path, json.dumps(account._asdict()))


def load_account(profile: Profile) -> Account:
    url, user, auth = read_account(profile)
    return Account(url=url, user=user, auth=auth)


# Who a profile signed out of while keeping its data (``Profile.former_accounts_path``):
# the url and user, never a secret.  IT's wipe of that user finds the data by it
# (``sync.profiles.sharing_account``).


def helpdesk_url(profile: Profile) -> str | None:
    """The address of the helpdesk the profile is signed in to (None: signed out)."""
    try:
        return load_account(profile).url
    except NotSignedIn:
        return None


def forget_account(profile: Profile, *, keep_secret: bool = False) -> None:
    """Sign the profile out; keep_secret when another profile signed in as the same user
    still uses the secret (the keyring holds one per user and helpdesk)."""
    from sync import secrets  # noqa: PLC0415

    try:
        account = load_account(profile)
    except NotSignedIn:
        return
    if not keep_secret:
        secrets.forget_secret(account.url, account.user)
    _remember_former_account(profile, account)
    (profile.account_path).unlink(missing_ok=True)


def former_accounts(profile: Profile) -> list[tuple[str, str]]:
    """The (url, user) of each account the profile was signed out of with its data kept."""
    try:
        data = json.loads((profile.former_accounts_path).read_text(encoding="utf-8"))
        return [(str(entry["url"]), str(entry["user"])) for entry in data]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def signed_out_owner(profile: Profile) -> tuple[str, str] | None:
    """The (url, user) whose data the profile kept when they signed out, until they sign
    in again (None: signed in, or nobody's data kept)."""
    if profile.account_path.exists():
        return None
    former = former_accounts(profile)
    return former[-1] if former else None


def forget_former_accounts(profile: Profile) -> None:
    """The profile holds no data of the accounts it was signed out of (it changed hands)."""
    (profile.former_accounts_path).unlink(missing_ok=True)


def _remember_former_account(profile: Profile, account: Account) -> None:
    """Written before account.json goes: a profile whose data stays never loses its owner.
    A list: a user signing in after another keeps the first one's replica too."""
    known = former_accounts(profile)
    if (account.url, account.user) not in known:
        known.append((account.url, account.user))
        entries = [{"url": url, "user": user} for url, user in known]
        write_private_text(profile.former_accounts_path, json.dumps(entries))
