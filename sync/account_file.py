"""The profile's ``account.json``, read: who is signed in, to which helpdesk, how.

Apart from ``sync.account`` (the ``Account`` it makes, saving, the secret) so that
opening a replica, which asks who is signed in, defines no dataclass.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from sync.profile import Profile

AuthKind = Literal["token", "password"]


class NotSignedIn(RuntimeError):
    """The profile has no account, or its secret is no longer in the keyring."""


def read_account(profile: Profile) -> tuple[str, str, AuthKind]:
    """The account's url, user and auth kind; NotSignedIn when there is none or it is damaged."""
    try:
        with open(profile.account_path, encoding="utf-8") as handle:
            data = json.load(handle)
        url, user, auth = str(data["url"]), str(data["user"]), data["auth"]
    except FileNotFoundError:
        raise NotSignedIn("this profile is not signed in to a helpdesk yet") from None
    except (ValueError, KeyError, TypeError):
        raise NotSignedIn(
            "the profile's account settings are damaged; please sign in again"
        ) from None
    if auth not in ("token", "password"):
        raise NotSignedIn("the profile's account settings are damaged; please sign in again")
    return url, user, auth
