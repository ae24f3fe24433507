"""A replica whose key the keyring lost: said plainly, and set aside for a fresh one.

Without its key (``sync.profile_key``) the encrypted replica is unreadable for good:
nothing in it can be recovered, and it is not damaged either.  The technician is
told so in plain words and offered to sign in again; sign-in then moves the
unreadable files into ``<profile>/locked-<time>/`` and the first sync fills a new
replica from the helpdesk.  Changes that were waiting in the old one are lost.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sync.lock import ProfileLock
from sync.profile import Profile
from sync.replica_mark import forget_replica

KEY_GONE = "the key that unlocks this laptop's copy is gone from the keyring"
WHAT_IS_LOST = "changes made on this laptop and not yet sent are lost with it"
SIDE_FILES = ("", "-wal", "-shm", ".suspect")


def key_gone_message(*, how_to_sign_in: str) -> str:
    """The one paragraph said wherever the locked replica is met (CLI, window)."""
    return (
        f"{KEY_GONE[0].upper()}{KEY_GONE[1:]}, so the visits and knowledge base kept on it "
        f"cannot be read (the data is not damaged: it stays locked). {how_to_sign_in} to start "
        f"a fresh copy and sync it again from the helpdesk; {WHAT_IS_LOST}"
    )


def set_aside(profile: Profile) -> Path:
    """Move the unreadable replica out of the way (SyncBusy while a sync has it); where to."""
    import shutil  # noqa: PLC0415 - only to set a replica aside

    path = profile.database_path
    aside = profile.root / f"locked-{datetime.now().strftime('%Y%m%d-%H%M%S')}"
    with ProfileLock(profile.sync_lock_path):
        aside.mkdir(parents=True, exist_ok=True)
        for suffix in SIDE_FILES:
            source = path.with_name(path.name + suffix)
            if source.exists():
                shutil.move(source, aside / source.name)
        forget_replica(profile)  # a missing replica is now expected, not damage
    (aside / "README.txt").write_text(
        f"FieldDesk set this replica aside on {datetime.now().isoformat(timespec='seconds')}: "
        "the key that unlocks it was gone from the OS keyring, so it cannot be read.\n",
        encoding="utf-8",
    )
    return aside
