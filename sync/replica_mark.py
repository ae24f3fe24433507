"""The mark in ``account.json`` that a signed-in profile has had a replica (a flag, not a secret).

With it, a replica that is missing later is damage to report (``sync.replica``), not a
new profile; it is cleared when the replica is set aside on purpose
(``sync.locked_replica``).
"""

from __future__ import annotations

import json

from sync.account_file import NotSignedIn, read_account
from sync.private_files import write_private_text
from sync.profile import Profile

KEPT_MARK = "replica_kept"


def signed_in(profile: Profile) -> tuple[str | None, bool]:
    """The signed-in user (None: not signed in), and whether the profile has had a replica."""
    try:
        _url, user, _auth = read_account(profile)
        kept = json.loads(profile.account_path.read_text(encoding="utf-8")).get(KEPT_MARK)
    except (NotSignedIn, OSError, ValueError, AttributeError):
        return None, False
    return user, bool(kept)


def forget_replica(profile: Profile) -> None:
    """Clear the mark: the profile's next replica is a new one (its old one was set aside)."""
    _set_kept_mark(profile, kept=False)


def remember_replica(profile: Profile) -> None:
    """Mark the signed-in profile as having a replica (not a secret: a flag)."""
    _set_kept_mark(profile, kept=True)


def _set_kept_mark(profile: Profile, *, kept: bool) -> None:
    path = profile.account_path
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or bool(data.get(KEPT_MARK)) == kept:
            return
        if kept:
            data[KEPT_MARK] = True
        else:
            data.pop(KEPT_MARK, None)
        temporary = path.with_name(path.name + ".tmp")
        try:
            write_private_text(temporary, json.dumps(data))
            temporary.replace(path)
        finally:
            temporary.unlink(missing_ok=True)
    except (OSError, ValueError):
        return  # not signed in yet, or a full disk: marked at a later open
