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
    write_private_text(profile.root / "account.json", json.dumps(account._asdict()))


def load_account(profile: Profile) -> Account:
    url, user, auth = read_account(profile)
    return Account(url=url, user=user, auth=auth)


def forget_account(profile: Profile) -> None:
    from sync import secrets  # noqa: PLC0415

    try:
        account = load_account(profile)
    except NotSignedIn:
        return
    secrets.forget_secret(account.url, account.user)
    (profile.root / "account.json").unlink(missing_ok=True)
