"""``fielddesk dispatch ...``: the supervisor's board on the command line.

Same store, checks and outbox as the board widget: an assignment is saved
here and sent at the next sync.  Warnings (double-booking, working hours,
SLA) stop the command unless ``--force`` says the supervisor has read them.
"""

from __future__ import annotations

import argparse
from datetime import datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cli.context import CommandError, Context, Output
from cli.records import as_data
from cli.text_width import fitted
from sync import dispatch
from sync.session import Session
from sync.shown_text import shown_subject
from sync.stamps import parse_stamp
from sync.store import dispatch as board_store
from sync.store.settings import set_setting
from sync.store.users import display_name
from sync.visit_display import deployed_display


def _supervisor_session(ctx: Context) -> Session:
    session = ctx.session
    if not dispatch.is_supervisor(session.db):
        raise CommandError(
            "dispatching needs supervisor rights on the field queue (the Field Supervisors "
            "group); sign in again with 'fielddesk login' if they were given recently"
        )
    return session


def _when(iso: str | None, zone: tzinfo) -> str:
    if not iso:
        return "-"
    return parse_stamp(iso).astimezone(zone).strftime("%a %d %b %H:%M")


def _span(start: str | None, end: str | None, zone: tzinfo) -> str:
    """ "Mon 07 Dec 13:00-15:00"; the end's day too when it is another ("-Tue 08 Dec 17:00"):
    a visit of two days read as one when only the end's time was shown."""
    first, last = _when(start, zone), _when(end, zone)
    return f"{first}-{last[-5:] if first[:-5] == last[:-5] else last}"


def _booked(ticket: board_store.DispatchTicket, zone: tzinfo) -> str:
    """ "  (booked Mon 07 Dec 13:00-15:00)": a window kept for a ticket with no technician."""
    if not (ticket.visit_start and ticket.visit_end):
        return ""
    return f"  (booked {_span(ticket.visit_start, ticket.visit_end, zone)})"


def _unsettled(ticket: board_store.DispatchTicket) -> str:
    """What is not yet the helpdesk's: a conflict (the listing shows this laptop's side
    of it, which the helpdesk refused), else changes not sent yet."""
    if ticket.open_conflicts:
        return " [conflict: see fielddesk conflicts]"
    return " [unsent]" if ticket.pending_changes else ""


def cmd_dispatch_list(args: argparse.Namespace, ctx: Context) -> Output:
    db = _supervisor_session(ctx).db
    zone = dispatch.zone_of(db)
    today = datetime.now(zone).replace(hour=0, minute=0, second=0, microsecond=0)
    waiting = board_store.to_dispatch(db)
    booked = board_store.scheduled_between(
        db, dispatch.iso(today), dispatch.iso(today + timedelta(days=max(1, args.days)))
    )
    team = board_store.technicians(db)
    display = deployed_display()
    words = display.priority_words  # "High", as the board says it
    width = max(len(word) for _, word in display.priority_bands)
    lines = ["To dispatch:"]
    lines += [
        f"  #{t.id:<5} {words(t.priority):{width}} due {_when(t.due, zone):16}  "
        f"{fitted(t.site or '-', 28)}  "
        f"{shown_subject(t.subject)}"
        + (f"  [{t.owner}]" if t.owner else "")
        + _booked(t, zone)
        + _unsettled(t)
        for t in waiting
    ] or ["  nothing"]
    holders = [(person.label, person.name, "") for person in team]
    # Visits held outside the group (a supervisor, a technician who left) are listed too.
    names = {person.name for person in team}
    outside = sorted({t.owner for t in booked if t.owner and t.owner not in names})
    holders += [(display_name(db, name), name, ", not a technician") for name in outside]
    for label, name, note in holders:
        lines.append(f"{label} ({name}){note}:")
        lines += [
            f"  {_span(t.visit_start, t.visit_end, zone)}  #{t.id:<5} "
            f"{t.status:8} {fitted(t.site or '-', 28)}  {shown_subject(t.subject)}{_unsettled(t)}"
            for t in booked
            if t.owner == name
        ] or ["  free"]
    data = {
        "to_dispatch": [as_data(t) for t in waiting],
        "technicians": [as_data(t) for t in team],
        "scheduled": [as_data(t) for t in booked],
    }
    return Output(data, "\n".join(lines))


def cmd_dispatch_assign(args: argparse.Namespace, ctx: Context) -> Output:
    db = _supervisor_session(ctx).db
    zone = dispatch.zone_of(db)
    start = dispatch.parse_local(args.start, zone)
    end = dispatch.parse_local(args.end, zone, day=start)
    dispatch.require_technician(db, args.technician)  # before warnings about their diary
    warnings = dispatch.warnings_for(db, args.id, owner=args.technician, start=start, end=end)
    if warnings and not args.force:
        raise CommandError(
            "; ".join(w.message for w in warnings) + " (add --force to assign anyway)"
        )
    row_uuid = dispatch.assign(db, args.id, args.technician, start, end)
    text = (
        f"#{args.id} → {args.technician}, {_span(dispatch.iso(start), dispatch.iso(end), zone)}; "
        "it will be sent at the next sync."
    )
    if row_uuid is None:
        text = f"#{args.id} is already assigned so."
    data = {"uuid": row_uuid, "warnings": [as_data(w) for w in warnings]}
    return Output(data, "\n".join([*(f"warning: {w.message}" for w in warnings), text]))


def cmd_dispatch_unassign(args: argparse.Namespace, ctx: Context) -> Output:
    db = _supervisor_session(ctx).db
    row_uuid = dispatch.unassign(db, args.id)
    text = f"#{args.id} is back in the queue; it will be sent at the next sync."
    return Output({"uuid": row_uuid}, text if row_uuid else f"#{args.id} was not assigned.")


def cmd_dispatch_hours(args: argparse.Namespace, ctx: Context) -> Output:
    db = ctx.session.db
    if args.timezone is not None:
        try:
            ZoneInfo(args.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise CommandError(f"unknown time zone {args.timezone!r}") from None
        set_setting(db, dispatch.ZONE_SETTING, args.timezone)
    hours = dispatch.set_working_hours(db, args.hours, args.days)
    return Output(
        {
            "start": f"{hours.start:%H:%M}",
            "end": f"{hours.end:%H:%M}",
            "days": sorted(hours.days),
            "timezone": str(hours.zone),
        },
        f"Working hours: {hours.describe()}",
    )
