"""What a technician may do to a visit: statuses, parts, the service report's content.

Rules live here, not in widgets, so the CLI, the GUI and tests agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from sync.change_limits import MAX_NOTE_MINUTES
from sync.changes.checklist import send_checklists
from sync.changes.escalation import TELLS_SUPERVISORS
from sync.changes.fields import set_fields
from sync.changes.note import add_note
from sync.changes.time_entry import default_text, is_default_text, log_time
from sync.local_days import local_days
from sync.store import checklists, files, tickets, timers
from sync.store.assets import Touch, touches_of
from sync.store.checklists import Checklist
from sync.store.database import transaction
from sync.store.outbox import InvalidChange
from sync.store.timers import Timer, TimerKind
from sync.words import plural

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    import sqlite_utils

TECHNICIAN_STATUSES = ("open", "stalled", "resolved")
# The statuses a technician never sets, and why.
NOT_FOR_TECHNICIANS = {
    "rejected": "rejecting a visit is the supervisor's decision: escalate it to them instead",
    "new": "a visit never goes back to new once someone has worked on it",
}
ESCALATION_PREFIX = "ESCALATION:"
CHECKLIST_PREFIX = "Checklist: "  # a checklist's note (sync.changes.checklist): not "work done"


RESOLUTION_PREFIX = "Resolution: "


class LoggedTime(NamedTuple):
    kind: TimerKind
    minutes: int

    @property
    def text(self) -> str:
        """'98 min from the on-site timer'."""
        return f"{self.minutes} min from the {timers.NAMES[self.kind]}"


@dataclass(frozen=True)
class Resolved:
    status_uuid: str | None  # the status change's outbox row
    logged: tuple[LoggedTime, ...] = ()  # the timers' time logged with it


def resolve(
    db: sqlite_utils.Database,
    ticket_id: int,
    note: str,
    *,
    minutes: int,
    author: str,
    reason: str | None = None,
    log_timers: bool = False,
    tell_customer: bool = False,
    now: datetime | None = None,
) -> Resolved:
    """Close the visit out in one durable step: with ``log_timers``, the visit's timers
    stopped and their time logged (as Stop… logs it); the checklists (a reason for
    required items left); the resolution note with its time; then the status -- all or
    nothing, each through its own outbox kind, in the order the helpdesk must get them.
    The time is on the visit before anything reads it for the service report.

    The note is an internal comment, "Resolution: …" (the service report and the next
    technician read it; RT tells the customer only that the visit is resolved); with
    ``tell_customer`` it is a reply, as written, which RT mails the requestors."""
    if not note.strip():
        raise InvalidChange(
            "say how it was resolved: the next technician reads it"
            + (", and the customer" if tell_customer else "")
        )
    if tell_customer:
        _require_requestor(db, ticket_id)
    with transaction(db):
        logged = stop_and_log_timers(db, ticket_id, author=author, now=now) if log_timers else ()
        if checklists.checklists(db, ticket_id):
            send_checklists(db, ticket_id, author=author, reason=reason)
        text = note.strip() if tell_customer else RESOLUTION_PREFIX + note.strip()
        add_note(db, ticket_id, text, author=author, minutes=minutes, public=tell_customer)
        return Resolved(_set_status(db, ticket_id, "resolved", resolving=True), logged)


def _require_requestor(db: sqlite_utils.Database, ticket_id: int) -> None:
    """A resolution sent to the customer needs someone for RT to mail it to."""
    visit = tickets.get_visit(db, ticket_id)
    if visit is not None and not any(visit.requestors):
        raise InvalidChange(
            f"#{ticket_id} has no requestor, so there is no customer to send the resolution"
            " to: resolve it without sending it (the note stays for the next technician)"
        )


def timers_with_time(
    db: sqlite_utils.Database, ticket_id: int, *, now: datetime | None = None
) -> list[Timer]:
    """The visit's timers that run or hold time not logged yet."""
    return [
        timer
        for timer in timers.timers(db, ticket_id, now=now).values()
        if timer.running or timer.elapsed_s > 0
    ]


def stop_and_log_timers(
    db: sqlite_utils.Database, ticket_id: int, *, author: str, now: datetime | None = None
) -> tuple[LoggedTime, ...]:
    """Stop the visit's timers and log their time, each as its own time entry (the note
    Stop… prefills), in one transaction.  A timer under half a minute logs nothing and
    starts from zero again."""
    logged = []
    with transaction(db):
        for timer in timers_with_time(db, ticket_id, now=now):
            stopped = timers.pause(db, ticket_id, timer.kind, now=now)
            spent = timers.minutes_to_log(stopped.seconds())
            if spent > MAX_NOTE_MINUTES:
                raise InvalidChange(
                    f"the {timers.NAMES[timer.kind]} holds {timers.span_text(stopped.seconds())},"
                    f" more than one note may log ({MAX_NOTE_MINUTES // 60} h): stop it and log"
                    " the time that is right, then resolve"
                )
            if spent == 0:
                timers.reset(db, ticket_id, timer.kind)
                continue
            log_time(
                db, ticket_id, timer.kind, spent, default_text(timer.kind, spent), author=author
            )
            logged.append(LoggedTime(timer.kind, spent))
    return tuple(logged)


def allowed_statuses(current: str) -> tuple[str, ...]:
    """The statuses a technician may set on a visit that is now ``current``."""
    return tuple(status for status in TECHNICIAN_STATUSES if status != current)


def set_status(db: sqlite_utils.Database, ticket_id: int, status: str) -> str | None:
    """Change the visit's status if the rules allow it (one transaction with its outbox row).

    Not to resolved: that is ``resolve``, which sends the resolution note and the checklists.
    The status the visit has already changes nothing (None).
    """
    return _set_status(db, ticket_id, status, resolving=False)


def _set_status(
    db: sqlite_utils.Database, ticket_id: int, status: str, *, resolving: bool
) -> str | None:
    visit = tickets.get_visit(db, ticket_id)
    if visit is None:
        raise InvalidChange(f"there is no visit #{ticket_id} on this laptop")
    if status in NOT_FOR_TECHNICIANS:
        raise InvalidChange(NOT_FOR_TECHNICIANS[status])
    if status == visit.status and not resolving:
        return None
    if status not in allowed_statuses(visit.status):
        allowed = ", ".join(allowed_statuses(visit.status))
        raise InvalidChange(f"a visit that is {visit.status} can be set to: {allowed}")
    if status == "resolved" and not resolving:
        raise InvalidChange(
            "resolving needs a resolution note (and a reason if required checklist items "
            "are open); the checklists are sent with it"
        )
    return set_fields(db, ticket_id, {"status": status})


ESCALATION_PRIORITY = 90


def escalate(db: sqlite_utils.Database, ticket_id: int, reason: str, *, author: str) -> str:
    """Hand the visit to the supervisor: an internal note with the reason, priority raised.

    Both rows are written in one transaction: either the escalation is saved whole or not at all.
    """
    if not reason.strip():
        raise InvalidChange("say why you escalate: the supervisor reads it first")
    with transaction(db):
        row_uuid = add_note(
            db,
            ticket_id,
            f"{ESCALATION_PREFIX} {reason.strip()}",
            author=author,
            extra={TELLS_SUPERVISORS: True},  # RT mails the note to the supervisors
        )
        visit = tickets.get_visit(db, ticket_id)
        if visit is not None and visit.priority < ESCALATION_PRIORITY:
            set_fields(db, ticket_id, {"priority": str(ESCALATION_PRIORITY)})
    return row_uuid


def parts_list(text: str | None) -> list[str]:
    """The parts of a visit, one per line (blank lines and spaces dropped)."""
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


def set_parts(db: sqlite_utils.Database, ticket_id: int, parts: list[str]) -> str | None:
    """Record the parts used (replaces the list); None if nothing changed."""
    clean = parts_list("\n".join(parts))
    return set_fields(db, ticket_id, {"parts_used": "\n".join(clean) or None})


REPORT_NOTE_PREFIX = "Service report signed on site by "  # the signed report's note


@dataclass(frozen=True)
class SignedReport:
    """The visit's last signed service report, and what the visit has had since."""

    signed_at: str  # the replica stamp of its note
    signer: str | None
    notes_since: int = 0  # the technician's notes and replies written after it
    resolution_since: bool = False
    minutes_since: int = 0  # time logged after it (notes, the timers' entries)

    @property
    def out_of_date(self) -> bool:
        return bool(self.notes_since or self.resolution_since or self.minutes_since)

    def added_text(self, also: Sequence[str] = ()) -> str:
        """What it leaves out, in words, ``also`` last: '1 note, the resolution and 98 min
        of time logged' ('': nothing)."""
        added = [plural(self.notes_since, "note", "notes")] if self.notes_since else []
        if self.resolution_since:
            added.append("the resolution")
        if self.minutes_since:
            added.append(f"{self.minutes_since} min of time logged")
        added += also
        return ", ".join(added[:-1]) + " and " + added[-1] if len(added) > 1 else "".join(added)


@dataclass(frozen=True)
class ReportContent:
    """What a service report says; rendering it (PDF) is the GUI's job."""

    ticket_id: int
    subject: str
    site: str | None
    address: str | None
    contact: str | None
    visit_start: str | None
    visit_end: str | None
    work_done: str
    minutes: int
    parts: list[str]
    technician: str
    checklists: list[Checklist] = field(default_factory=list)
    minutes_today: int = 0  # logged today (time on timers is ``unlogged``, said apart)
    assets: list[Touch] = field(default_factory=list)  # equipment added, replaced, retired...
    replaces: SignedReport | None = None  # the report signed earlier today, which this replaces
    unlogged: list[Timer] = field(default_factory=list)  # time on timers: not in ``minutes``
    # Today's internal notes: the team's, never in ``work_done``; the dialog offers them
    # apart, unticked, for the technician to add by choice.
    internal_notes: list[str] = field(default_factory=list)


def report_content(
    db: sqlite_utils.Database,
    ticket_id: int,
    *,
    user: str,
    technician: str,
    now: datetime | None = None,
) -> ReportContent:
    """The report's facts, for the customer who signs it.

    Work done is this visit's work the customer may read, each piece once: the
    technician's own replies, network checks and resolution, in order, written today
    (the laptop's day, as ``minutes_today``).  A report signed again (a note was added,
    the visit resolved since) covers the whole day's work and replaces the earlier one
    (``replaces``), which it names.  Left out: internal notes ("seen by your team only,
    never by the customer"; offered apart as ``internal_notes``), escalations (for the
    supervisor), checklist notes (the report has the checklists),
    the time-log notes of the visit timer (the report has the time), and the signed
    reports themselves.  A network check (a note with a ``netcheck-`` JSON) appears as
    its headline alone -- site, time and result counts -- not its table of the laptop's
    addresses and DNS servers, which is for the helpdesk.  ``minutes`` is the visit's
    time worked, with what is logged here and not sent yet; time still on the visit's
    timers is not in it, and is named (``unlogged``) so it is never left out unsaid.
    """
    visit = tickets.get_visit(db, ticket_id)
    if visit is None:
        raise InvalidChange(f"there is no visit #{ticket_id} on this laptop")
    today = local_days(now)[0]
    notes: list[str] = []
    team_notes: list[str] = []
    for entry, kind in _notes_with_kind(db, ticket_id):
        if entry.creator != user or entry.created < today:
            continue
        body = (entry.body or "").strip()
        if kind in ("work", "netcheck"):
            notes.append(body.splitlines()[0] if kind == "netcheck" else body)
        elif kind == "team":
            team_notes.append(body)
    earlier = last_signed_report(db, ticket_id, user=user)
    return ReportContent(
        ticket_id=visit.id,
        subject=visit.subject,
        site=visit.site,
        address=visit.address,
        contact=visit.contact,
        visit_start=visit.visit_start,
        visit_end=visit.visit_end,
        work_done="\n\n".join(notes),
        internal_notes=team_notes,
        minutes=visit.time_worked,
        parts=parts_list(visit.parts_used),
        technician=technician,
        checklists=checklists.checklists(db, ticket_id),
        minutes_today=timers.logged_today(db, now).get(ticket_id, 0),
        assets=touches_of(db, ticket_id),
        replaces=earlier if earlier is not None and earlier.signed_at >= today else None,
        unlogged=timers_with_time(db, ticket_id, now=now),
    )


def last_signed_report(
    db: sqlite_utils.Database, ticket_id: int, *, user: str
) -> SignedReport | None:
    """The visit's last signed service report (None: none yet), and what ``user``'s
    work and the time logged have added since, which it leaves out."""
    found = _notes_with_kind(db, ticket_id)
    reports = [index for index, (_entry, kind) in enumerate(found) if kind == "report"]
    if not reports:
        return None
    report = found[reports[-1]][0]
    first_line = (report.body or "").strip().splitlines()[0] if (report.body or "").strip() else ""
    signer = first_line[len(REPORT_NOTE_PREFIX) :].rstrip(".").strip() or None
    notes = resolution = minutes = 0
    for entry, kind in found[reports[-1] + 1 :]:
        minutes += entry.time_taken or 0
        if kind not in ("work", "netcheck") or entry.creator != user:
            continue
        if (entry.body or "").strip().startswith(RESOLUTION_PREFIX):
            resolution = 1
        else:
            notes += 1
    return SignedReport(
        signed_at=report.created,
        signer=signer if first_line.startswith(REPORT_NOTE_PREFIX) else None,
        notes_since=notes,
        resolution_since=bool(resolution),
        minutes_since=minutes,
    )


# The files that tell what a note is: the signed report's PDF (named by
# desktop.visit.report.report_filename) and a network check's measurements
# (sync.netcheck.report.json_name, not imported: it loads the probes' network stack).
REPORT_FILE_PREFIX = "service-report-"
NETCHECK_FILE_PREFIX = "netcheck-"


def _notes_with_kind(
    db: sqlite_utils.Database, ticket_id: int
) -> list[tuple[tickets.HistoryEntry, str]]:
    """The visit's notes and replies in order, each with what it is: 'report' (a signed
    service report), 'netcheck', 'internal' (made by the app, not work to show a customer),
    'team' (an internal note the technician wrote: not for the customer unless chosen)
    or 'work' (a reply or the resolution, which the customer reads)."""
    names: dict[int | str, list[str]] = {}
    for item in files.files_of(db, ticket_id):
        for key in (item.transaction_id, item.client_uuid):
            if key is not None:
                names.setdefault(key, []).append(item.filename)
    found = []
    for entry in tickets.history(db, ticket_id):
        if entry.type not in ("Comment", "Correspond") or not (entry.body or "").strip():
            continue
        attached = names.get(entry.id or -1, []) + names.get(entry.client_uuid or "", [])
        if any(name.startswith(REPORT_FILE_PREFIX) for name in attached):
            kind = "report"
        elif any(name.startswith(NETCHECK_FILE_PREFIX) for name in attached):
            kind = "netcheck"
        elif _is_internal(entry.body or ""):
            kind = "internal"
        elif entry.type == "Comment" and not (entry.body or "").startswith(RESOLUTION_PREFIX):
            kind = "team"
        else:
            kind = "work"
        found.append((entry, kind))
    return found


def notes_people_wrote(db: sqlite_utils.Database, ticket_id: int) -> list[tickets.HistoryEntry]:
    """The visit's notes and replies a person wrote, in order (``_notes_with_kind``'s
    'team' and 'work'): what the app wrote itself is left out -- signed reports, network
    checks, escalations, checklists and the timers' entries."""
    return [entry for entry, kind in _notes_with_kind(db, ticket_id) if kind in ("team", "work")]


def _is_internal(body: str) -> bool:
    """An escalation, a checklist's note, or the visit timer's time as its log prefills it."""
    if body.startswith((ESCALATION_PREFIX, CHECKLIST_PREFIX)):
        return True
    return any(is_default_text(kind, body) for kind in timers.TIMER_KINDS)
