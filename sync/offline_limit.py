"""The offline limit: a laptop that has not synced for IT's number of days locks its
visits, and later erases FieldDesk's data (``[security]`` in ``fielddesk.ini``).

A lost laptop cannot be wiped from the helpdesk if it never connects again; the
limit makes it wipe itself.  Only a *successful* sync counts: a helpdesk that
refuses the technician (a disabled account, 401) moves nothing, so a disabled
technician's laptop locks and wipes on the same schedule.  The technician is
told ahead (``WARN_BEFORE``) when their laptop will lock, and while locked when
it will be wiped.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Literal, NamedTuple

# The last sync's clock is read in sync.last_sync (no standings); re-exported.
from sync.last_sync import LAST_SYNC_SETTING as LAST_SYNC_SETTING  # noqa: PLC0414
from sync.last_sync import SHORTEST_LIMIT as SHORTEST_LIMIT  # noqa: PLC0414
from sync.last_sync import last_sync_time as last_sync_time  # noqa: PLC0414

if TYPE_CHECKING:
    from sync.data_policy import DataPolicy
    from sync.store.reader import Reader

WARN_BEFORE = timedelta(days=2)

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
    return standing(last_sync_time(db), policy, now or datetime.now(UTC))


def standing(last_sync: datetime | None, policy: DataPolicy, now: datetime) -> Standing:
    """The laptop's standing; ``last_sync`` is the last successful sync (None: never).

    A profile that never synced has nothing of a customer's yet: it is fine.  A
    clock set back before the last sync counts as no time offline.
    """
    if last_sync is None:
        return Standing("fine")
    lock_at = last_sync + timedelta(days=policy.lock_after_days) if policy.lock_after_days else None
    wipe_at = last_sync + timedelta(days=policy.wipe_after_days) if policy.wipe_after_days else None
    if wipe_at is not None and now >= wipe_at:
        return Standing("wipe", last_sync, lock_at, wipe_at)
    if lock_at is not None and now >= lock_at:
        return Standing("locked", last_sync, lock_at, wipe_at)
    first_deadline = lock_at or wipe_at
    if first_deadline is not None and now >= first_deadline - WARN_BEFORE:
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
