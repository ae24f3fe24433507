"""When the helpdesk asked us to call again (its Retry-After), in a technician's words.

The engine ends a run when a busy helpdesk asks for a longer wait than a run
may hold (``SyncReport.next_try_in_s``); the command line and the window then
say how long and until when: "wait 1 h", "next try at 19:32".
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def wait_words(seconds: float) -> str:
    """'40 s', '12 min', '1 h', '1 h 30 min', '2 days'."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h" + (f" {minutes} min" if minutes else "")
    return f"{round(hours / 24)} days"


def clock_words(moment: datetime, now: datetime) -> str:
    """A local time of day: '19:32' today, 'tomorrow 08:15', or 'Thu 3 Dec 08:15'."""
    local, today = moment.astimezone(), now.astimezone().date()
    if local.date() == today:
        return f"{local:%H:%M}"
    if local.date() == today + timedelta(days=1):
        return f"tomorrow {local:%H:%M}"
    return f"{local:%a} {local.day} {local:%b %H:%M}"


def next_try_at(now: datetime, wait_s: float) -> datetime:
    """The moment a wait of ``wait_s`` from ``now`` ends, rounded up to the next minute
    (a time shown in minutes must not be earlier than the helpdesk asked)."""
    end = now + timedelta(seconds=wait_s)
    if end.second or end.microsecond:
        end = end.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return end


def clock_in(wait_s: float) -> str:
    """When a wait of ``wait_s`` from now ends, on the technician's clock: '19:32'."""
    now = datetime.now(UTC)
    return clock_words(next_try_at(now, wait_s), now)
