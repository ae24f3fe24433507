"""The lost-laptop controls at every opening of a profile: the offline limit and a wipe.

``check_opening`` runs when the window or a command opens a profile's replica:
past IT's wipe limit it erases the profile (``sync.wipe``); a profile wiped
earlier says so instead of opening empty.  ``require_unlocked`` is asked by
whatever would show visit data (the command line's listings, the window's
screens): past the lock limit only a sync or a sign-in is allowed.

A listing opens a profile that synced lately and was never wiped, most of the
time: it then reads the last sync's time and looks for the wipe's note, and loads
neither the limit's standings nor the wipe (``sync.offline_limit``, ``sync.wipe``).
A laptop found locked before is always looked at: a clock set back since does not
unlock it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from sync.errors import SyncError
from sync.last_sync import SHORTEST_LIMIT, offline_clock, remember_locked_seen
from sync.store.reader import Reader

if TYPE_CHECKING:
    from sync.data_policy import DataPolicy
    from sync.offline_limit import Standing
    from sync.profile import Profile


class OpenReplica(Reader, Protocol):
    def close(self) -> None: ...


class VisitsLocked(SyncError):
    """Past the offline limit: visit data is not shown until a sync succeeds."""


def deployed_policy() -> DataPolicy:
    from sync.deployment import load_deployment  # noqa: PLC0415 - HTTP address checks

    return load_deployment().policy


class KeptForItsUser(SyncError):
    """Signed out with its data kept: nothing of it is shown or written until that user
    signs in again (a pooled laptop's next user is not its owner)."""


def refuse_if_signed_out(profile: Profile) -> None:
    if not profile.kept_for_signed_out_user:
        return  # signed in, or nobody's data kept: a listing loads no sync.account
    from sync.account import signed_out_owner  # noqa: PLC0415

    owner = signed_out_owner(profile)
    if owner is not None:
        url, user = owner
        raise KeptForItsUser(
            f"this profile is signed out: {user}'s visits and unsent work are kept here, "
            f"locked until {user} signs in again (fielddesk --profile {profile.root} login "
            f"--url {url} --user {user} --token-stdin)"
        )


def refuse_if_wiped(profile: Profile) -> None:
    """A profile IT wiped (and nobody signed in to since) says so."""
    if not profile.wipe_notice_path.exists():
        return  # never wiped: sync.wipe is not needed
    from sync.account_file import NotSignedIn, read_account  # noqa: PLC0415
    from sync.wipe import ProfileWiped, wipe_notice  # noqa: PLC0415

    notice = wipe_notice(profile)
    if notice is None:
        return
    try:
        read_account(profile)
    except NotSignedIn:
        raise ProfileWiped(notice) from None


def opening_standing(
    profile: Profile, db: OpenReplica, now: datetime | None = None
) -> Standing | None:
    """``check_opening`` with IT's deployed policy, read only when it can matter: a laptop
    that synced within the shortest limit (a day) is fine whatever the policy (None: a
    listing then starts without reading the deployed settings or building a standing)."""
    moment = now or datetime.now(UTC)
    clock = offline_clock(db)
    # By the laptop's own clock (never later than the limit's origin): a clock a little
    # behind the helpdesk's still takes the short way.
    last = clock.laptop or clock.last_sync
    if clock.locked_seen is None and (
        last is None or timedelta(0) <= moment - last < SHORTEST_LIMIT
    ):
        return None
    return check_opening(profile, db, deployed_policy(), moment)


def check_opening(
    profile: Profile, db: OpenReplica, policy: DataPolicy, now: datetime | None = None
) -> Standing:
    """The profile's standing; past the wipe limit it is wiped (ProfileWiped).

    A laptop found locked here for the first time since its last sync keeps that
    moment: from then on a clock set back does not unlock it, and the wipe may
    come a day later at the soonest (``sync.offline_limit``), so that one wrong
    clock reading cannot erase the profile.

    ``db`` is closed before the wipe: the caller must not use it afterwards.
    """
    from sync.offline_limit import replica_standing  # noqa: PLC0415 - see the module
    from sync.wipe import ProfileWiped, wipe_profile  # noqa: PLC0415

    moment = now or datetime.now(UTC)
    found = replica_standing(db, policy, moment)
    if found.locked:
        remember_locked_seen(db, moment)
    if found.state != "wipe":
        return found
    unsent = db.execute("SELECT COUNT(*) FROM outbox WHERE state != 'done'").fetchone()[0]
    db.close()
    raise ProfileWiped(wipe_profile(profile, "offline", unsent_lost=int(unsent)))


def require_unlocked(standing: Standing, now: datetime) -> None:
    if standing.locked:
        raise VisitsLocked(str(standing.message(now)))
