"""The offline limit: a laptop that has not synced for IT's number of days locks its
visits, and later erases FieldDesk's data (``[security]`` in ``fielddesk.ini``).

A lost laptop cannot be wiped from the helpdesk if it never connects again; the
limit makes it wipe itself.  Only a *successful* sync counts: a helpdesk that
refuses the technician (a disabled account, 401) moves nothing, so a disabled
technician's laptop locks and wipes on the same schedule.  The technician is
told ahead (``WARN_BEFORE``) when their laptop will lock, and while locked when
it will be wiped.

The laptop's clock is all there is offline, and it can be wrong, so:

- The count starts at the last successful sync by the helpdesk's clock or by the
  laptop's at that moment, whichever is later (``sync.last_sync``): a clock that
  was behind when the laptop synced, then put right, adds no time offline.
- A clock set back does not unlock: from the first time the laptop is found
  locked (at an opening, ``sync.lost_laptop.check_opening``) until the next
  successful sync it is reckoned at that moment at least (``LOCKED_SEEN_SETTING``).
- A wipe needs the laptop to have been found locked ``SEEN_LOCKED_BEFORE_WIPE``
  (a day) earlier by its own clock: a clock that jumps a month ahead (a date typed
  wrong) locks the visits -- a sync unlocks them -- but one jump cannot erase the
  data, unsent changes with it, at the next opening.  A laptop lost for good was
  found locked long before its wipe day and is wiped on it; one first opened past
  it is wiped at an opening a day later (the lock screen shows nothing meanwhile).

A wipe erases the unsent changes too (the wipe's note counts them): IT chooses its
days accordingly.  A thief who sets the clock back before FieldDesk ever found the
laptop locked delays the lock as before; nothing without the helpdesk's clock can
tell that from time not yet spent.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Literal, NamedTuple

# The last sync's clock is read in sync.last_sync (no standings); re-exported.
from sync.last_sync import LAST_SYNC_SETTING as LAST_SYNC_SETTING  # noqa: PLC0414
from sync.last_sync import LOCKED_SEEN_SETTING as LOCKED_SEEN_SETTING  # noqa: PLC0414
from sync.last_sync import SHORTEST_LIMIT as SHORTEST_LIMIT  # noqa: PLC0414
from sync.last_sync import last_sync_time as last_sync_time  # noqa: PLC0414
from sync.last_sync import offline_clock

if TYPE_CHECKING:
    from sync.data_policy import DataPolicy
    from sync.store.reader import Reader

WARN_BEFORE = timedelta(days=2)
# A wipe comes no sooner than this after the laptop was first found locked, by its clock.
SEEN_LOCKED_BEFORE_WIPE = timedelta(days=1)

State = Literal["fine", "warned", "locked", "wipe"]


class Standing(NamedTuple):
    """Where the laptop stands against the offline limit at one moment."""

    state: State
    last_sync: datetime | None = None
    lock_at: datetime | None = None
    wipe_at: datetime | None = None

    @property
    def locked(self) -> bool:
        """Visits may not be shown: only a sync or a sign-in is allowed."""
        return self.state in ("locked", "wipe")

    def message(self, now: datetime) -> str | None:
        """One line for the banner, the status line or the command line; None when fine."""
        if self.state == "warned" and self.lock_at is not None:
            return (
                f"Sync before {deadline_words(self.lock_at, now)} or this laptop locks its visits"
            )
        if self.state == "warned" and self.wipe_at is not None:  # a wipe with no lock first
            return (
                f"Sync before {deadline_words(self.wipe_at, now)} or FieldDesk erases its data "
                "on this laptop"
            )
        if self.state == "locked":
            since = deadline_words(self.last_sync, now) if self.last_sync else "it was set up"
            text = f"Visits locked: this laptop has not synced since {since}. Sync to unlock them"
            if self.wipe_at is not None:
                text += (
                    f"; without a sync before {deadline_words(self.wipe_at, now)} "
                    "FieldDesk erases its data here"
                )
            return text
        if self.state == "wipe":
            return "This laptop was offline longer than IT allows: FieldDesk erases its data here"
        return None


def replica_standing(db: Reader, policy: DataPolicy, now: datetime | None = None) -> Standing:
    """The standing of the laptop whose replica this is (its last successful sync)."""
    clock = offline_clock(db)
    return standing(clock.last_sync, policy, now or datetime.now(UTC), clock.locked_seen)


def standing(
    last_sync: datetime | None,
    policy: DataPolicy,
    now: datetime,
    locked_seen: datetime | None = None,
) -> Standing:
    """The laptop's standing; ``last_sync`` is the last successful sync (None: never),
    ``locked_seen`` when the laptop was first found locked since (None: not yet).

    A profile that never synced has nothing of a customer's yet: it is fine.  A
    clock set back before the last sync counts as no time offline, unless the
    laptop was found locked since: then it is reckoned at that moment at least.
    Past the wipe limit the standing is "wipe" only once the laptop was found
    locked ``SEEN_LOCKED_BEFORE_WIPE`` before ``now``; until then it is locked,
    and ``wipe_at`` says when the wipe can come.
    """
    if last_sync is None:
        return Standing("fine")
    moment = now if locked_seen is None else max(now, locked_seen)
    lock_at = last_sync + timedelta(days=policy.lock_after_days) if policy.lock_after_days else None
    wipe_at = last_sync + timedelta(days=policy.wipe_after_days) if policy.wipe_after_days else None
    if wipe_at is not None and moment >= wipe_at:
        seen_long_enough = (locked_seen or moment) + SEEN_LOCKED_BEFORE_WIPE
        if locked_seen is not None and now >= seen_long_enough:
            return Standing("wipe", last_sync, lock_at, wipe_at)
        return Standing("locked", last_sync, lock_at, max(wipe_at, seen_long_enough))
    if lock_at is not None and moment >= lock_at:
        return Standing("locked", last_sync, lock_at, wipe_at)
    first_deadline = lock_at or wipe_at
    if first_deadline is not None and moment >= first_deadline - WARN_BEFORE:
        return Standing("warned", last_sync, lock_at, wipe_at)
    return Standing("fine", last_sync, lock_at, wipe_at)


def deadline_words(moment: datetime, now: datetime) -> str:
    """'today 14:00', 'tomorrow 08:15', 'Thursday 14:00' (this week), else '3 Dec 14:00'."""
    local, today = moment.astimezone(), now.astimezone().date()
    days = (local.date() - today).days
    if days == 0:
        return f"today {local:%H:%M}"
    if days == 1:
        return f"tomorrow {local:%H:%M}"
    if days == -1:
        return f"yesterday {local:%H:%M}"
    if -7 < days < 7:
        return f"{local:%A %H:%M}"
    return f"{local.day} {local:%b %H:%M}"
