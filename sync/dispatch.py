"""Dispatch: supervisors assign and schedule field visits.

Who is a supervisor is decided with the helpdesk at sign-in: the admin kit
lets the *Field Supervisors* see the *Field Technicians* group (and the whole
field queue); technicians cannot.  A supervisor's replica then holds every
active ticket of the field queue and the list of technicians.

An assignment is one outbox row that sets owner, visit start and visit end
together (exactly-once, If-Match, conflicts as every field change; the three
fields and the status are linked in the merge, see ``sync.merge``).  The
checks before writing are pure functions: they warn, the user decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, Protocol

from sync.laptop_zone import laptop_zone

# Who is a supervisor is read in sync.role (the window asks without loading the board).
from sync.role import SUPERVISOR_SETTING as SUPERVISOR_SETTING  # noqa: PLC0414 - re-export
from sync.role import is_supervisor as is_supervisor  # noqa: PLC0414
from sync.role import role_known as role_known  # noqa: PLC0414
from sync.stamps import STAMP_FORMAT, parse_stamp
from sync.store import dispatch as board_store
from sync.store import transaction
from sync.store.dispatch import DispatchTicket
from sync.store.outbox import InvalidChange
from sync.store.settings import get_setting, set_setting
from sync.store.users import display_name, set_user_details

if TYPE_CHECKING:
    import sqlite_utils

    from sync.connectors.base import RemoteUser

GROUP_SETTING = "dispatch.technicians_group_id"
HOURS_SETTING = "dispatch.working_hours"  # "08:00-18:00"
DAYS_SETTING = "dispatch.working_days"  # "mon-fri" or "mon,tue,thu"
ZONE_SETTING = "dispatch.timezone"  # IANA name; default: the laptop's zone
DEFAULT_HOURS = "08:00-18:00"
DEFAULT_DAYS = "mon-fri"
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class TeamConnector(Protocol):
    """What dispatch needs of a helpdesk besides the engine's Connector."""

    def technicians_group_id(self) -> int | None: ...

    def group_member_names(self, group_id: int) -> list[str] | None: ...

    def users(self, names: list[str]) -> list[RemoteUser]: ...


# -- the supervisor's role and team ---------------------------------------------


def detect_role(db: sqlite_utils.Database, connector: TeamConnector) -> bool:
    """Ask the helpdesk whether the signed-in user is a supervisor; remember it."""
    group_id = connector.technicians_group_id()
    remember_role(db, group_id)
    return group_id is not None


def remember_role(db: sqlite_utils.Database, group_id: int | None) -> None:
    """Supervisors see the technicians group; remember which group it is."""
    set_setting(db, SUPERVISOR_SETTING, "1" if group_id is not None else "0")
    set_setting(db, GROUP_SETTING, str(group_id or ""))


def pull_team(db: sqlite_utils.Database, connector: TeamConnector) -> int:
    """Refresh the technicians list; returns requests made (1 when nothing changed).

    Member names come with one request; details only when the names changed.
    A supervisor who lost sight of the group is a supervisor no more.
    """
    group = get_setting(db, GROUP_SETTING) or ""
    if not group.isdigit():
        return 0
    names = connector.group_member_names(int(group))
    if names is None:
        remember_role(db, None)
        return 1
    known = {t.name for t in board_store.technicians(db)}
    if set(names) == known:
        return 1
    people = connector.users(sorted(names))
    with transaction(db):
        board_store.replace_technicians(db, people)
        for person in people:
            set_user_details(db, person.name, person.real_name, person.email)
    return 2


# -- working hours -----------------------------------------------------------------


@dataclass(frozen=True)
class WorkingHours:
    start: time
    end: time
    days: frozenset[int]  # 0 = Monday
    zone: tzinfo

    def describe(self) -> str:
        days = ",".join(DAY_NAMES[d] for d in sorted(self.days))
        return f"{self.start:%H:%M}-{self.end:%H:%M} {days} ({self.zone})"


def parse_hours(text: str) -> tuple[time, time]:
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*", text)
    if not match:
        raise InvalidChange(f"working hours look like 08:00-18:00, not {text!r}")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if not (h1 < 24 and h2 < 24 and m1 < 60 and m2 < 60) or (h1, m1) >= (h2, m2):
        raise InvalidChange(f"working hours must start before they end: {text!r}")
    return time(h1, m1), time(h2, m2)


def parse_days(text: str) -> frozenset[int]:
    days: set[int] = set()
    for part in text.lower().replace(" ", "").split(","):
        ends = part.split("-")
        if not part or len(ends) > 2 or any(e[:3] not in DAY_NAMES for e in ends):
            raise InvalidChange(f"working days look like mon-fri or mon,wed,fri, not {text!r}")
        first, last = DAY_NAMES.index(ends[0][:3]), DAY_NAMES.index(ends[-1][:3])
        wrapped = [*range(first, 7), *range(last + 1)]  # e.g. sat-mon
        days.update(range(first, last + 1) if first <= last else wrapped)
    return frozenset(days)


def zone_of(db: sqlite_utils.Database) -> tzinfo:
    """The zone the board shows and working hours are read in: the laptop's, as on
    every other screen, unless the supervisor chose one (``dispatch hours --timezone``).

    Not the zone RT reads the supervisor's dates in (the connector's business): the
    board shows the time the technician's laptop reads."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # noqa: PLC0415 - the board's, not the start's

    chosen = get_setting(db, ZONE_SETTING)
    if chosen:
        try:
            return ZoneInfo(chosen)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return laptop_zone()


def working_hours(db: sqlite_utils.Database) -> WorkingHours:
    start, end = parse_hours(get_setting(db, HOURS_SETTING) or DEFAULT_HOURS)
    days = parse_days(get_setting(db, DAYS_SETTING) or DEFAULT_DAYS)
    return WorkingHours(start, end, days, zone_of(db))


def set_working_hours(
    db: sqlite_utils.Database, hours: str | None = None, days: str | None = None
) -> WorkingHours:
    if hours is not None:
        parse_hours(hours)
        set_setting(db, HOURS_SETTING, hours.strip())
    if days is not None:
        parse_days(days)
        set_setting(db, DAYS_SETTING, days.strip().lower())
    return working_hours(db)


# -- checks before writing -----------------------------------------------------------


@dataclass(frozen=True)
class AssignmentWarning:
    kind: str  # "double_booked", "overlap", "outside_hours", "sla", "past"
    message: str
    other_ticket: int | None = None


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(STAMP_FORMAT)


def _clock(moment: datetime, zone: tzinfo) -> str:
    return moment.astimezone(zone).strftime("%a %d %b %H:%M")


def check_assignment(
    ticket: DispatchTicket,
    *,
    owner: str,
    start: datetime,
    end: datetime,
    others: list[DispatchTicket],
    hours: WorkingHours,
    now: datetime,
    shown_as: str | None = None,
) -> list[AssignmentWarning]:
    """What a supervisor should know before giving ticket to owner from start to end.

    ``others`` are visits already scheduled (any owner; this ticket is skipped).
    Times are aware datetimes.  Warnings only: the supervisor may go ahead.
    ``shown_as``: the owner as the screens name them ("Alice Moreau").
    """
    warnings: list[AssignmentWarning] = []
    who = shown_as or owner
    zone = hours.zone
    for other in others:
        if other.id == ticket.id or other.owner != owner:
            continue
        if not (other.visit_start and other.visit_end):
            continue
        o_start, o_end = parse_stamp(other.visit_start), parse_stamp(other.visit_end)
        if o_start < end and start < o_end:
            same = (o_start, o_end) == (start, end)
            what = "is already booked for" if same else "overlaps"
            warnings.append(
                AssignmentWarning(
                    "double_booked" if same else "overlap",
                    f"{who} {what} #{other.id} {other.site or other.subject} "
                    f"({_clock(o_start, zone)} to {o_end.astimezone(zone):%H:%M})",
                    other.id,
                )
            )
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    outside = (
        local_start.weekday() not in hours.days
        or local_start.time() < hours.start
        or local_end.date() != local_start.date()
        or local_end.time() > hours.end
    )
    if outside:
        warnings.append(
            AssignmentWarning(
                "outside_hours",
                f"{_clock(start, zone)} to {local_end:%H:%M} is outside working hours "
                f"({hours.describe()})",
            )
        )
    if ticket.due and parse_stamp(ticket.due) < end:
        due = parse_stamp(ticket.due)
        when = "before the visit starts" if due <= start else "before the visit ends"
        warnings.append(AssignmentWarning("sla", f"the SLA is due {_clock(due, zone)}, {when}"))
    if start < now:
        warnings.append(AssignmentWarning("past", f"{_clock(start, zone)} is in the past"))
    return warnings


def _inside_hours(start: datetime, end: datetime, hours: WorkingHours) -> bool:
    local_start, local_end = start.astimezone(hours.zone), end.astimezone(hours.zone)
    return (
        local_start.weekday() in hours.days
        and local_start.time() >= hours.start
        and local_end.date() == local_start.date()
        and local_end.time() <= hours.end
    )


@dataclass(frozen=True)
class Proposal:
    """A window that meets the SLA: a technician free, inside working hours."""

    owner: str
    start: datetime
    end: datetime


SLOT_STEP = timedelta(minutes=30)
SEARCH_LIMIT = timedelta(days=31)


def first_free_slot(
    owner: str,
    length: timedelta,
    others: list[DispatchTicket],
    hours: WorkingHours,
    *,
    after: datetime,
    end_by: datetime,
    skip: int | None = None,
) -> Proposal | None:
    """The earliest window of length for owner, on the half hour from after, inside
    working hours, clear of owner's other visits (except ticket skip), ending by end_by."""
    busy = [
        (parse_stamp(o.visit_start), parse_stamp(o.visit_end))
        for o in others
        if o.owner == owner and o.id != skip and o.visit_start and o.visit_end
    ]
    start = after.replace(second=0, microsecond=0)
    start += timedelta(minutes=-start.minute % 30)
    end_by = min(end_by, after + SEARCH_LIMIT)
    while start + length <= end_by:
        end = start + length
        if _inside_hours(start, end, hours) and not any(b < end and start < e for b, e in busy):
            return Proposal(owner, start, end)
        start += SLOT_STEP
    return None


def slot_meeting_sla(
    db: sqlite_utils.Database,
    ticket_id: int,
    *,
    prefer: str,
    length: timedelta,
    now: datetime | None = None,
) -> Proposal | None:
    """The first free window that ends before the ticket's SLA is due: prefer's if
    another technician is not free earlier.  None without an SLA, or if nobody can."""
    ticket = _ticket_or_fail(db, ticket_id)
    if not ticket.due:
        return None
    now = now or datetime.now(UTC)
    due = parse_stamp(ticket.due)
    others = board_store.scheduled_between(db, iso(now - timedelta(days=1)), iso(due))
    team = [t.name for t in board_store.technicians(db)]
    order = [prefer, *[name for name in team if name != prefer]] if prefer else team
    hours = working_hours(db)
    found = [
        slot
        for name in order
        if (slot := first_free_slot(
            name, length, others, hours, after=now, end_by=due, skip=ticket_id
        ))
    ]  # fmt: skip
    return min(found, key=lambda p: p.start) if found else None  # min keeps prefer on a tie


def warnings_for(
    db: sqlite_utils.Database,
    ticket_id: int,
    *,
    owner: str,
    start: datetime,
    end: datetime,
    now: datetime | None = None,
) -> list[AssignmentWarning]:
    """check_assignment against what the replica holds."""
    ticket = _ticket_or_fail(db, ticket_id)
    others = board_store.scheduled_between(db, iso(start - timedelta(days=1)), iso(end))
    return check_assignment(
        ticket,
        owner=owner,
        start=start,
        end=end,
        others=others,
        hours=working_hours(db),
        now=now or datetime.now(UTC),
        shown_as=display_name(db, owner),
    )


# -- actions --------------------------------------------------------------------------


def _ticket_or_fail(db: sqlite_utils.Database, ticket_id: int) -> DispatchTicket:
    ticket = board_store.get_ticket(db, ticket_id)
    if ticket is None or ticket_id < 0:
        raise InvalidChange(f"there is no ticket #{ticket_id} on this laptop")
    return ticket


@dataclass(frozen=True)
class Seen:
    """A visit's owner and window as the supervisor saw them when deciding."""

    owner: str | None
    visit_start: str | None
    visit_end: str | None

    @classmethod
    def of(cls, ticket: DispatchTicket) -> Seen:
        return cls(ticket.owner, ticket.visit_start, ticket.visit_end)


class ChangedMeanwhile(InvalidChange):
    """The visit changed (a sync brought a technician's move) while the supervisor decided."""


def require_technician(db: sqlite_utils.Database, owner: str) -> None:
    """InvalidChange unless owner is in the technicians group (when the group is known)."""
    team = {t.name for t in board_store.technicians(db)}
    if team and owner not in team:
        raise InvalidChange(f"{owner!r} is not in the technicians group")


def assign(
    db: sqlite_utils.Database,
    ticket_id: int,
    owner: str,
    start: datetime,
    end: datetime,
    *,
    seen: Seen | None = None,
) -> str | None:
    """Give the visit to owner from start to end: one outbox row (None: nothing changed).

    ``seen``: the visit as the supervisor saw it (an open dialog, a drag under way).
    If it changed since, nothing is written (ChangedMeanwhile): the row would go
    with today's version of the visit and silently undo the change the supervisor
    never saw, such as a technician moving the visit."""
    from sync import outbox  # noqa: PLC0415 - the role check at start needs no outbox

    require_technician(db, owner)
    if end <= start:
        raise InvalidChange("the visit must end after it starts")
    with transaction(db):  # the visit read and written in one go: a sync cannot slip in
        _unchanged_since(db, ticket_id, seen)
        return outbox.set_fields(
            db, ticket_id, {"owner": owner, "visit_start": iso(start), "visit_end": iso(end)}
        )


def _unchanged_since(db: sqlite_utils.Database, ticket_id: int, seen: Seen | None) -> None:
    """ChangedMeanwhile if the visit is no longer as the supervisor saw it."""
    ticket = _ticket_or_fail(db, ticket_id)
    if seen is not None and Seen.of(ticket) != seen:
        raise ChangedMeanwhile(
            f"#{ticket_id} changed while you were deciding: it is now "
            f"{_assignment_text(db, ticket)}. Nothing was saved; look at it again."
        )


def _assignment_text(db: sqlite_utils.Database, ticket: DispatchTicket) -> str:
    """ "Alice Moreau, Mon 07 Dec 13:00 to 15:00", or "in the queue"."""
    if not ticket.owner:
        return "in the queue"
    who = display_name(db, ticket.owner)
    if not (ticket.visit_start and ticket.visit_end):
        return f"{who}'s, with no time booked"
    zone = zone_of(db)
    start, end = parse_stamp(ticket.visit_start), parse_stamp(ticket.visit_end)
    return f"{who}'s, {_clock(start, zone)} to {end.astimezone(zone):%H:%M}"


def unassign(db: sqlite_utils.Database, ticket_id: int, *, seen: Seen | None = None) -> str | None:
    """Back to the queue: no owner, no window.  ``seen`` as for ``assign``."""
    from sync import outbox  # noqa: PLC0415 - the role check at start needs no outbox

    with transaction(db):
        _unchanged_since(db, ticket_id, seen)
        return outbox.set_fields(
            db, ticket_id, {"owner": None, "visit_start": None, "visit_end": None}
        )


def parse_local(text: str, zone: tzinfo, day: datetime | None = None) -> datetime:
    """'2026-11-24 09:30' (or ISO with Z; or '14:00' on day) read in zone, as UTC."""
    from sync import outbox  # noqa: PLC0415 - the role check at start needs no outbox

    value = text.strip()
    if value.endswith("Z"):
        return parse_stamp(outbox.normalise_date(value))
    if day is not None and re.fullmatch(r"\d{1,2}:\d{2}", value):
        hour, minute = (int(p) for p in value.split(":"))
        return local_moment(day.astimezone(zone).date(), time(hour, minute), zone)
    for pattern in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S"):
        try:
            moment = datetime.strptime(value, pattern)
        except ValueError:
            continue
        return local_moment(moment.date(), moment.time(), zone)
    raise InvalidChange(f"not a date and time: {text!r} (use YYYY-MM-DD HH:MM)")


def local_moment(day: date, clock: time, zone: tzinfo) -> datetime:
    """day at clock on zone's wall clock, as UTC; InvalidChange if the clocks skip that time.

    Python reads a time skipped when the clocks go forward with the offset of before
    (02:30 became 03:30): a visit booked then started an hour late, shortened, unsaid.
    The command line and the assign dialog both read times here, so both refuse it.
    """
    moment = datetime.combine(day, clock, zone)
    written = moment.astimezone(UTC)
    if written.astimezone(zone).replace(tzinfo=None) == moment.replace(tzinfo=None):
        return written
    first_skipped, first_after = _skipped_times(moment, zone)
    raise InvalidChange(
        f"{day:%a %d %b %Y} {clock:%H:%M} does not exist in {zone}: the clocks go forward "
        f"from {first_skipped:%H:%M} to {first_after:%H:%M} that night; "
        f"choose {first_after:%H:%M} or later, or before {first_skipped:%H:%M}"
    )


def _skipped_times(moment: datetime, zone: tzinfo) -> tuple[datetime, datetime]:
    """The wall-clock gap a skipped moment falls in: its first time, the first time after."""
    # Read with the offset of after the change, moment is an instant before the change;
    # with the offset of before, an instant after it.  Halve that interval to the change.
    early, late = moment.replace(fold=1).astimezone(UTC), moment.astimezone(UTC)
    skipped = late - early
    offset_before = early.astimezone(zone).utcoffset()
    while late - early > timedelta(seconds=1):
        middle = early + (late - early) / 2
        if middle.astimezone(zone).utcoffset() == offset_before:
            early = middle
        else:
            late = middle
    first_after = late.astimezone(zone).replace(tzinfo=None, second=0, microsecond=0)
    return first_after - skipped, first_after
