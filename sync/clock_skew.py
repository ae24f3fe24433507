"""A laptop clock that disagrees with the helpdesk's, said after a sync.

SLA countdowns, "overdue", the visit window warnings and the timers read the laptop's
clock; a flat CMOS battery or a clock set by hand makes them all wrong without a word.
Every answer of the helpdesk carries its time (``Date``, kept by ``RTHttp``), so after a
sync a difference of more than a few minutes is told, with which way and how far.
"""

from __future__ import annotations

from datetime import timedelta

from sync.words import plural

TOLD_FROM = timedelta(minutes=5)  # under this, a clock is right enough for every screen


def skew_notice(skew: timedelta | None) -> str | None:
    """What to tell when the laptop's clock is ``skew`` off the helpdesk's (laptop less
    helpdesk; None: right enough, or the helpdesk gave no time)."""
    if skew is None or abs(skew) < TOLD_FROM:
        return None
    way = "ahead of" if skew > timedelta(0) else "behind"
    return (
        f"this laptop's clock is {_span(abs(skew))} {way} the helpdesk's: SLA times, "
        "'overdue' and timers read it, so set the clock right (or let the system set it)"
    )


def _span(skew: timedelta) -> str:
    minutes = round(skew.total_seconds() / 60)
    if minutes < 120:
        return plural(minutes, "minute", "minutes")
    hours = round(minutes / 60)
    return (
        plural(hours, "hour", "hours") if hours < 48 else plural(round(hours / 24), "day", "days")
    )
