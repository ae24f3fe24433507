"""Erasing a profile's data on IT's word: a remote wipe from RT, or the offline limit.

The key goes first (``forget_key``): whatever the deletion misses stays unreadable.
Then the helpdesk secret, then every file of the profile.  The emptied folder keeps
one small note (``wiped.json``: why and when, nothing of a customer's) so that the
window and the command line can say plainly that IT wiped this laptop, instead
of showing an empty, signed-out profile with no word.
"""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, datetime
from typing import Literal, NamedTuple

from sync.account import forget_account
from sync.errors import SyncError
from sync.next_try import clock_words
from sync.private_files import write_private_text
from sync.profile import Profile
from sync.words import plural

KEPT_WHILE_SYNCING = "sync.lock"  # held by the wiping process itself (Windows cannot delete it)

Reason = Literal["remote", "offline"]


class ProfileWiped(SyncError):
    """This profile's data was erased on IT's word; its message says why, in plain words."""

    def __init__(self, notice: WipeNotice) -> None:
        super().__init__(notice.message())
        self.notice = notice


class WipePending(SyncError):
    """Sign-in refused: the helpdesk still asks for this user's data to be wiped."""


class WipeNotice(NamedTuple):
    reason: Reason
    at: datetime
    unsent_lost: int = 0

    def message(self, now: datetime | None = None) -> str:
        why = (
            "IT asked for it from the helpdesk"
            if self.reason == "remote"
            else "it had not synced for longer than IT allows"
        )
        text = (
            f"IT wiped FieldDesk's data on this laptop ({clock_words(self.at, now or self.at)}): "
            f"{why}"
        )
        if self.unsent_lost:
            text += f"; {plural(self.unsent_lost, 'change', 'changes')} could not be sent first"
        return text + ". Sign in again to start afresh"


def wipe_profile(profile: Profile, reason: Reason, *, unsent_lost: int = 0) -> WipeNotice:
    """Destroy the key, the secret and the data (close the replica first)."""
    import shutil  # noqa: PLC0415 - only to wipe

    from sync.open_copies import process_copies, remove_leftovers  # noqa: PLC0415 - only to wipe
    from sync.profile_key import forget_key  # noqa: PLC0415 - the keyring, only to wipe

    forget_key(profile.root)  # first: the rest may fail half way, the data is unreadable already
    # Files opened in other programs are plaintext copies: this process's, and those a
    # FieldDesk that crashed left (they went only when the app exited, or at its next start).
    process_copies().remove()
    with contextlib.suppress(OSError):
        remove_leftovers()
    with contextlib.suppress(OSError):
        forget_account(profile)
    if profile.root.is_dir():
        for child in profile.root.iterdir():
            if child.name == KEPT_WHILE_SYNCING:
                continue
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child, ignore_errors=True)
            else:  # a file another window holds open (Windows) stays, unreadable: no key
                with contextlib.suppress(OSError):
                    child.unlink(missing_ok=True)
    notice = WipeNotice(reason, datetime.now(UTC).replace(microsecond=0), unsent_lost)
    profile.ensure()
    write_private_text(profile.wipe_notice_path, json.dumps(_as_json(notice)))
    return notice


def wipe_notice(profile: Profile) -> WipeNotice | None:
    """Why this profile was wiped, if it was (and nobody signed in since)."""
    try:
        data = json.loads(profile.wipe_notice_path.read_text(encoding="utf-8"))
        return WipeNotice(
            "remote" if data["reason"] == "remote" else "offline",
            datetime.fromisoformat(data["at"]),
            int(data.get("unsent_lost", 0)),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def clear_wipe_notice(profile: Profile) -> None:
    """A new sign-in: the profile is in use again."""
    profile.wipe_notice_path.unlink(missing_ok=True)


def _as_json(notice: WipeNotice) -> dict[str, object]:
    return {"reason": notice.reason, "at": notice.at.isoformat(), "unsent_lost": notice.unsent_lost}
