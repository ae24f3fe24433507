"""The lost-laptop controls at every opening of a profile: the offline limit and a wipe.

``check_opening`` runs when the window or a command opens a profile's replica:
past IT's wipe limit it erases the profile (``sync.wipe``); a profile wiped
earlier says so instead of opening empty.  ``require_unlocked`` is asked by
whatever would show visit data (the command line's listings, the window's
screens): past the lock limit only a sync or a sign-in is allowed.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol

from sync.account import NotSignedIn, load_account
from sync.data_policy import DataPolicy
from sync.errors import SyncError
from sync.offline_limit import SHORTEST_LIMIT, Standing, last_sync_time, replica_standing
from sync.profile import Profile
from sync.store.reader import Reader
from sync.wipe import ProfileWiped, wipe_notice, wipe_profile


class OpenReplica(Reader, Protocol):
    def close(self) -> None: ...


class VisitsLocked(SyncError):
    """Past the offline limit: visit data is not shown until a sync succeeds."""


def deployed_policy() -> DataPolicy:
    from sync.deployment import load_deployment  # noqa: PLC0415 - HTTP address checks

    return load_deployment().policy


def refuse_if_wiped(profile: Profile) -> None:
    """A profile IT wiped (and nobody signed in to since) says so."""
    notice = wipe_notice(profile)
    if notice is None:
        return
    try:
        load_account(profile)
    except NotSignedIn:
        raise ProfileWiped(notice) from None


def opening_standing(profile: Profile, db: OpenReplica, now: datetime | None = None) -> Standing:
    """``check_opening`` with IT's deployed policy, read only when it can matter: a laptop
    that synced within the shortest limit (a day) is fine whatever the policy, and a
    listing then starts without reading the deployed settings."""
    moment = now or datetime.now(UTC)
    last = last_sync_time(db)
    if last is None or timedelta(0) <= moment - last < SHORTEST_LIMIT:
        return Standing("fine", last)
    return check_opening(profile, db, deployed_policy(), moment)


def check_opening(
    profile: Profile, db: OpenReplica, policy: DataPolicy, now: datetime | None = None
) -> Standing:
    """The profile's standing; past the wipe limit it is wiped (ProfileWiped).

    ``db`` is closed before the wipe: the caller must not use it afterwards.
    """
    found = replica_standing(db, policy, now)
    if found.state != "wipe":
        return found
    unsent = db.execute("SELECT COUNT(*) FROM outbox WHERE state != 'done'").fetchone()[0]
    db.close()
    raise ProfileWiped(wipe_profile(profile, "offline", unsent_lost=int(unsent)))


def require_unlocked(standing: Standing, now: datetime) -> None:
    if standing.locked:
        raise VisitsLocked(str(standing.message(now)))
