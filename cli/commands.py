"""The headless ``fielddesk`` commands: the same store, outbox and engine as the GUI.

Each command returns what it shows as a JSON-able value; ``cli.__main__`` prints it
as plain text or, with ``--json``, as JSON.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cli.context import CommandError, Context, Interrupted, Output
from cli.records import as_data
from cli.terminal import on_terminal, printable
from cli.text_input import STDIN, TextInputError, is_utf8, read_text
from sync import conflicts, outbox, workflow
from sync.asset_conflicts import open_asset_conflicts
from sync.changes.checklist import RequiredItemsOpen
from sync.changes.new_ticket import requestor_address
from sync.engine import Progress, SyncReport
from sync.fields import DATE_FIELDS
from sync.history_words import (
    contact_names,
    customer_addresses,
    is_owner_change,
    message_kind,
    owner_change,
)
from sync.html_text import readable_text
from sync.local_clock import local_moment, local_window
from sync.next_try import clock_in, wait_words
from sync.session import DOWNLOAD_CAP_SETTING, Session, sign_in
from sync.shown_text import shown_subject
from sync.store import assets as asset_store
from sync.store import kb, timers
from sync.store import tickets as ticket_store
from sync.store import users as user_store
from sync.store.outbox import InvalidChange
from sync.store.settings import get_setting, set_setting
from sync.visit_display import deployed_display
from sync.words import plural, size_text

if TYPE_CHECKING:
    import sqlite_utils

# Exit status of a sync that ran, but left work for the user: a change the
# helpdesk refused, or a conflict to decide.  Deployment scripts test for it.
NEEDS_ATTENTION = 3


def _visit_or_fail(session: Session, ticket_id: int) -> ticket_store.Visit:
    visit = ticket_store.get_visit(session.db, ticket_id)
    if visit is None:
        raise CommandError(f"there is no visit #{ticket_id} on this laptop (run 'fielddesk sync')")
    return visit


def _read_secret(args: argparse.Namespace) -> tuple[str, str]:
    if args.token_stdin == args.password_stdin:
        raise CommandError("give exactly one of --token-stdin or --password-stdin")
    not_utf8 = CommandError("standard input is not UTF-8 text; pass the secret as UTF-8")
    try:
        # A closed stdin (`<&-`) or a windowed program's is None: no secret on it.
        secret = sys.stdin.readline().strip() if sys.stdin is not None else ""
    except UnicodeDecodeError:  # a UTF-8 locale decodes strictly; the C locale keeps escapes
        raise not_utf8 from None
    if not is_utf8(secret):
        raise not_utf8
    if not secret:
        raise CommandError("no secret on standard input")
    return secret, "token" if args.token_stdin else "password"


def cmd_login(args: argparse.Namespace, ctx: Context) -> Output:
    secret, kind = _read_secret(args)
    result = sign_in(
        ctx.profile, args.url, args.user, secret, "token" if kind == "token" else "password"
    )
    from sync.connectors.addresses import helpdesk_address  # noqa: PLC0415 - login only

    address = helpdesk_address(args.url)  # as the account keeps it
    lines = [f"Signed in as {result.real_name} ({result.user}) at {address}"]
    lines += [f"warning: {w}" for w in result.warnings]
    return Output(as_data(result), "\n".join(lines))


def cmd_sync(args: argparse.Namespace, ctx: Context) -> Output:
    cancel = threading.Event()
    with _ctrl_c_cancels(cancel):  # before the session opens: a Ctrl-C from the start
        session = ctx.session
        showing = not args.json and on_terminal(sys.stderr)

        def show(progress: Progress) -> None:
            if showing:
                # The window's words ("Downloading visits: 137 of 510 — history"), on one
                # line that fits the terminal, so that the next overwrites it.
                width = _progress_width()
                line = printable(progress.line())[:width]
                print(f"\r{line:{width}}", end="", file=sys.stderr)

        try:
            report = session.sync(progress=show, cancel=cancel)
        finally:  # a second Ctrl-C's line too starts on a line of its own
            if showing:
                print(file=sys.stderr)
    if report.wiped:  # the replica is gone: nothing more to read from it
        raise CommandError(report.wiped, cause="wiped")
    data = as_data(report)
    data["attention"] = attention = _waiting_for_user(session)
    waiting = sum(len(found) for found in attention.values())
    told = _what_the_run_tells(report, attention, waiting)
    stopped = _why_not_complete(report)
    if stopped is not None:
        cause, line = stopped
        if told and not args.json:
            # What the run did before it stopped or left a part out (a refusal, a field
            # RT did not keep, a visit gone) is the technician's all the same: said first
            # (--json gives it as the failure's ``report``, cli.failure).
            print(printable("\n".join(told)), flush=True)
        stop = Interrupted if report.cancelled else CommandError
        raise stop(line, cause=cause, report=data)
    summary = (
        f"Sent {plural(report.pushed, 'change', 'changes')}; "
        f"updated {plural(report.tickets_pulled, 'visit', 'visits')}, "
        f"{plural(report.articles_pulled, 'article', 'articles')}; "
        f"{plural(report.requests, 'request', 'requests')}."
    )
    return Output(data, "\n".join([summary, *told]), NEEDS_ATTENTION if waiting else 0)


@contextmanager
def _ctrl_c_cancels(cancel: threading.Event) -> Iterator[None]:
    """Ctrl-C sets the engine's ``cancel``: the run stops between two requests, so a
    change under way is answered and recorded, never left "sending" without having left.
    A second Ctrl-C stops at once (KeyboardInterrupt; a change then in doubt is looked
    up by the next sync, as after any cut-off run)."""
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGINT) is signal.SIG_IGN  # started to ignore it (nohup, &)
    ):
        yield
        return

    def on_ctrl_c(_signal: int, _frame: object) -> None:
        if cancel.is_set():
            raise KeyboardInterrupt
        cancel.set()

    previous = signal.signal(signal.SIGINT, on_ctrl_c)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _progress_width() -> int:
    """The progress line's width: one column short of the terminal's (of stderr, where it
    is written), since a line that fills it wraps and is not overwritten in place."""
    try:
        columns = os.get_terminal_size(sys.stderr.fileno()).columns
    except (OSError, ValueError, AttributeError):
        columns = 0
    if columns < 2:  # not told (a serial console says 0): as shutil guesses
        columns = shutil.get_terminal_size().columns
    return max(columns - 1, 1)


def _why_not_complete(report: SyncReport) -> tuple[str, str] | None:
    """The cause (--json's word, as cli.failure's) and the error line of a run that
    stopped or left a part out (None: it did it all)."""
    if report.cancelled:  # Ctrl-C (_ctrl_c_cancels)
        if report.pushed:
            sent = plural(report.pushed, "change", "changes")
            return "interrupted", (
                f"interrupted after sending {sent}; the rest are kept for the next sync"
            )
        return "interrupted", "interrupted; your changes are kept for the next sync"
    if report.auth_failed:
        return "sign_in_needed", (
            f"sign-in needed: {report.error}. Nothing was lost; run 'fielddesk login'"
        )
    if report.next_try_in_s is not None:
        after = clock_in(report.next_try_in_s)
        return "helpdesk_busy", (
            f"helpdesk busy: it asked us to wait {wait_words(report.next_try_in_s)}; "
            f"try again after {after}. Your changes are kept"
        )
    if report.offline:
        # Unreachable, not answering, or cut off after a change went out: the run stopped.
        return "offline", f"sync stopped: {report.error}. Your changes are kept and sent later"
    if report.untrusted:
        return "untrusted", f"not connected: {report.error}. Your changes are kept"
    if report.error:
        kept = (
            f"Sent {plural(report.pushed, 'change', 'changes')}; the rest are kept"
            if report.pushed
            else "Your changes are kept"
        )
        # The helpdesk failed (5xx, a bad reply) or lacks a part of FieldDesk's set-up.
        return "incomplete", f"sync incomplete: {report.error}. {kept}"
    return None


def _what_the_run_tells(
    report: SyncReport, attention: dict[str, list[dict[str, Any]]], waiting: int
) -> list[str]:
    """The lines after a run's summary: visits gone, refusals, notices, and the
    ``waiting`` changes (of ``attention``) that need the user's decision."""
    lines = []
    untold = report.tickets_removed - len(report.visits_left)  # what RT told is said below
    if untold:
        removed = plural(untold, "visit", "visits")
        lines.append(
            f"{removed} left this laptop (no longer yours, or resolved longer ago than IT keeps)."
        )
    lines += report.visits_left
    if report.files_held_back:
        held = plural(report.files_held_back, "older file", "older files")
        lines.append(
            f"{held} of today's and tomorrow's visits stay on the helpdesk (a sync brings "
            "each visit's first and newest): 'fielddesk file save' downloads one, the "
            "window's Ready for the road all of them."
        )
    for ticket_id in report.kept_with_unsent_changes:
        lines.append(f"#{ticket_id} left your list on the helpdesk; its unsent work is kept here.")
    lines += [f"rejected: {r}" for r in report.rejected]
    lines += [f"note: {n}" for n in report.notices]
    if report.conflicts:
        conflicts = plural(report.conflicts, "conflict", "conflicts")
        lines.append(f"{conflicts}: see {_where_to_decide(attention, 'refused')}.")
    lines += retried_later(report)
    if waiting:
        lines.append(
            f"{plural(waiting, 'change needs', 'changes need')} your decision: "
            f"see {_where_to_decide(attention)}."
        )
    return lines


# Where each kind of decision is taken, as _waiting_for_user names them.
DECIDED_WITH = {
    "refused": "'fielddesk outbox'",
    "conflicts": "'fielddesk conflicts'",
    "asset_conflicts": "'fielddesk asset conflicts'",
}


def _where_to_decide(attention: dict[str, list[dict[str, Any]]], *leaving_out: str) -> str:
    """The commands that list what waits, e.g. "'fielddesk outbox' and 'fielddesk conflicts'"."""
    places = [
        command
        for kind, command in DECIDED_WITH.items()
        if attention[kind] and kind not in leaving_out
    ]
    return " and ".join(places) or DECIDED_WITH["conflicts"]


def retried_later(report: SyncReport) -> list[str]:
    """Changes that wait for a later sync, and when a change in doubt may go again."""
    lines = []
    if report.retry_later:
        lines.append(f"{plural(report.retry_later, 'change', 'changes')} will be retried later.")
    if report.resend_in_s is not None:
        after = clock_in(report.resend_in_s)
        lines.append(
            "Sent without an answer and not on the helpdesk yet: it may still be saving it. "
            f"Run 'fielddesk sync' after {after}; what is still missing then is sent again."
        )
    return lines


def _waiting_for_user(session: Session) -> dict[str, list[dict[str, Any]]]:
    """Refused changes and open conflicts, whichever sync they come from."""
    refused = [
        {
            "seq": row.seq,
            "change": row.describe(),
            "cause": row.error_cause or "invalid",
            "reason": row.last_error,
        }
        for row in outbox.rows(session.db)
        if row.state == "rejected"
    ]
    waiting = [as_data(c) for c in conflicts.open_conflicts(session.db)]
    on_equipment = [as_data(c) for c in open_asset_conflicts(session.db)]
    return {"refused": refused, "conflicts": waiting, "asset_conflicts": on_equipment}


def cmd_show(args: argparse.Namespace, ctx: Context) -> Output:
    session = ctx.session
    visit = _visit_or_fail(session, args.id)
    entries = ticket_store.history(session.db, visit.id)
    equipment = asset_store.assets_of(session.db, visit.id)
    # People, messages and priority as the window names them.
    names = user_store.display_names(session.db) | contact_names(visit, entries)
    customers = customer_addresses(visit)
    owner = names.get(visit.owner, visit.owner) if visit.owner else "-"
    priority = f"{deployed_display().priority_words(visit.priority)} ({visit.priority})"
    lines = [
        f"#{visit.id} {shown_subject(visit.subject)}",
        f"Status: {visit.status}   Priority: {priority}   Owner: {owner}",
        f"Site: {_continued(visit.site or '-')}",
        f"Address: {(visit.address or '-').replace(chr(10), ', ')}",
        f"Contact: {_continued(visit.contact or '-')}",
        f"Visit: {local_window(visit.visit_start, visit.visit_end) or 'not booked'}   "
        f"Due: {local_moment(visit.due) or '-'}",
        f"Time worked: {visit.time_worked} min   Parts used: {_continued(visit.parts_used or '-')}",
    ]
    if visit.gone:
        lines.append(f"Note: {visit.gone}")
    for asset in equipment:
        lines.append(
            f"Asset {asset.name}: {asset.model or '-'}, serial {asset.serial or '-'}, "
            f"warranty to {asset.warranty or '-'}"
        )
    lines.append("")
    told = [e for e in entries if e.body is not None or e.type in ("Status", "Set", "CustomField")]
    newest = told if args.all else told[max(len(told) - args.last, 0) :]
    if len(newest) < len(told):
        # A mail loop gives a ticket thousands of entries: the header must not scroll away.
        earlier = len(told) - len(newest)
        lines.append(
            f"({plural(earlier, 'earlier history entry', 'earlier history entries')} not shown:"
            f" --all shows them)"
        )
    for entry in newest:
        who = names.get(entry.creator, entry.creator) if entry.creator else "?"
        sent = "" if entry.id is not None else " (not yet sent)"
        if entry.body is not None:
            body = _html_text(entry.body) if entry.body_type == "text/html" else entry.body
            minutes = f", {entry.time_taken} min" if entry.time_taken else ""
            said = message_kind(entry, customers)[1] or entry.type
            lines.append(f"--- {local_moment(entry.created)} {said} — {who}{minutes}{sent}")
            lines.append("  " + _continued(body.strip()))
        else:
            values = (entry.old_value or "", entry.new_value or "")
            if is_owner_change(entry):
                values = owner_change(entry, names)
            lines.append(
                f"--- {local_moment(entry.created)} {entry.field or entry.type}: "
                + _continued(" → ".join(values))
            )
    # Who besides the requestors gets a reply (its Ccs and AdminCcs); null: not known yet.
    copied = ticket_store.watchers(session.db, visit.id)
    data = {
        "visit": {**as_data(visit), "watchers": as_data(copied)},
        "history": [as_data(e) for e in entries],
        "assets": [as_data(a) for a in equipment],
    }
    return Output(data, "\n".join(lines))


def _html_text(content: str) -> str:
    """An HTML body as lines of text (its paragraphs, list items, line breaks): of a huge
    one, its beginning, and a line saying so."""
    text = readable_text(content[: kb.PLAIN_TEXT_MAX]) if "<" in content else content
    if "<" in content and len(content) > kb.PLAIN_TEXT_MAX:
        text += (
            f"\n✂ Only its beginning is shown ({size_text(len(content))} in all): --json has all."
        )
    return text


def _continued(text: str) -> str:
    """What a ticket says, each line after its first indented: only ``show``'s own lines
    start at the margin, so a mail cannot print a line that reads as a history entry."""
    return text.replace("\n", "\n  ")


def _given_text(value: str | None, file: Path | None = None, *, what: str) -> str:
    """Text typed on the command line, read from standard input ('-') or from a file."""
    if (value is None) == (file is None):
        raise CommandError(
            f"give {what} as TEXT, as '-' to read standard input, or with --file PATH"
        )
    try:
        if file is not None:
            return read_text(file, what=what)
        if value != STDIN:
            return str(value)
        if on_terminal(sys.stdin) and sys.stderr is not None:
            end = "Ctrl+Z, Enter" if sys.platform == "win32" else "Ctrl+D"
            print(f"Type {what}, then press {end} on a line of its own:", file=sys.stderr)
        return read_text(STDIN, what=what)
    except TextInputError as error:
        raise CommandError(str(error)) from None


def cmd_note(args: argparse.Namespace, ctx: Context) -> Output:
    text = _given_text(args.text, args.file, what="a note")
    session = ctx.session
    visit = _visit_or_fail(session, args.id)
    row_uuid = outbox.add_note(
        session.db, visit.id, text, author=session.user, public=args.public, minutes=args.time
    )
    if not args.public:
        return Output(
            {"uuid": row_uuid}, f"Note saved on #{visit.id}; it will be sent at the next sync."
        )
    return Output(
        {"uuid": row_uuid, **_reply_recipients(session.db, visit)},
        f"Reply saved on #{visit.id}; it goes to {_goes_to(session.db, visit)} at the next sync.",
    )


def _reply_recipients(db: sqlite_utils.Database, visit: ticket_store.Visit) -> dict[str, Any]:
    """Whom RT mails a reply to, as its stock scrips do: the requestors, the ticket's Ccs
    (None: not known until the next sync) and whether the helpdesk's watchers get a copy."""
    copied = ticket_store.watchers(db, visit.id)
    return {
        "sent_to": list(visit.requestors),
        "cc": list(copied.ccs) if copied else None,
        "watchers_copied": bool(copied and copied.admin_ccs),
    }


def _goes_to(db: sqlite_utils.Database, visit: ticket_store.Visit) -> str:
    """'julie@elmgrove.example, Cc owner@elmgrove.example and the helpdesk's watchers'."""
    recipients = _reply_recipients(db, visit)
    words = ", ".join(recipients["sent_to"]) or "its requestor (none known here yet)"
    if recipients["cc"] is None:
        words += " and its Cc (not known until the next sync)"
    elif recipients["cc"]:
        words += ", Cc " + ", ".join(recipients["cc"])
    if recipients["watchers_copied"]:
        words += " and the helpdesk's watchers"
    return words


def _set(ctx: Context, ticket_id: int, changes: dict[str, str | None]) -> Output:
    session = ctx.session
    visit = _visit_or_fail(session, ticket_id)
    row_uuid = outbox.set_fields(session.db, visit.id, changes)
    if row_uuid is None:
        return Output({"uuid": None}, "Nothing to change.")
    saved = f"Saved on #{visit.id}"
    if DATE_FIELDS & changes.keys():  # the times as kept, on the clock they were typed on
        visit = _visit_or_fail(session, visit.id)
        window = local_window(visit.visit_start, visit.visit_end) or "not booked"
        saved += f": visit {window}, due {local_moment(visit.due) or '-'}"
    return Output({"uuid": row_uuid}, f"{saved}; it will be sent at the next sync.")


def _typed_time(value: str) -> str:
    """A date field's value as typed, as the replica keeps it (UTC).

    Read on the laptop's clock, as `show`, `visits` and `dispatch assign` print and read
    times (read as UTC, a Berlin visit ended an hour late); a stamp with its own zone
    ("Z", "+01:00") means what it says; a day alone is its first minute."""
    from sync.dispatch import iso, parse_local  # noqa: PLC0415 - date fields only
    from sync.laptop_zone import laptop_zone  # noqa: PLC0415

    text = value.strip()
    if not text:
        return text  # clears the field
    try:
        written = datetime.fromisoformat(text)
    except ValueError:
        written = None  # parse_local says what it cannot read
    if written is not None and written.tzinfo is not None:
        return iso(written)
    if written is not None:  # any ISO form, in the one parse_local reads
        text = f"{written:%Y-%m-%d %H:%M:%S}"
    return iso(parse_local(text, laptop_zone()))


def cmd_status(args: argparse.Namespace, ctx: Context) -> Output:
    if args.status == "resolved":
        return _resolve(ctx, args.id, args)
    if (
        args.note is not None
        or args.file is not None
        or args.time
        or args.reason
        or args.keep_timers
        or args.tell_customer
    ):
        raise CommandError(
            "--note, --file, --time, --reason, --keep-timers and --tell-customer go with "
            "'resolved'; "
            f"to add a note, run 'fielddesk note {args.id} TEXT'"
        )
    return _change_status(ctx, args.id, args.status)


def cmd_set(args: argparse.Namespace, ctx: Context) -> Output:
    if args.field == "status":  # the same rules as 'fielddesk status'
        if args.value == "resolved":
            raise CommandError(_HOW_TO_RESOLVE.format(id=args.id))
        return _change_status(ctx, args.id, args.value)
    value = _typed_time(args.value) if args.field in DATE_FIELDS else args.value
    return _set(ctx, args.id, {args.field: value})


_HOW_TO_RESOLVE = (
    "resolve with its note: fielddesk status {id} resolved --note TEXT [--time MIN] "
    "[--reason TEXT] [--tell-customer] (--note - reads standard input; --file PATH a "
    "text file)"
)
_HOW_TO_ESCALATE = "; in the window: Escalate… (Ctrl+Shift+E) on the visit, with your reason"


def _change_status(ctx: Context, ticket_id: int, status: str) -> Output:
    """Any status but resolved, by the window's rules (``sync.workflow``)."""
    session = ctx.session
    visit = _visit_or_fail(session, ticket_id)
    try:
        row_uuid = workflow.set_status(session.db, visit.id, status)
    except InvalidChange as error:
        hint = _HOW_TO_ESCALATE if status == "rejected" else ""
        raise CommandError(f"{error}{hint}") from None
    if row_uuid is None:
        return Output({"uuid": None}, f"#{visit.id} is {status} already; nothing to change.")
    return Output(
        {"uuid": row_uuid},
        f"Status of #{visit.id} set to {status}; it will be sent at the next sync.",
    )


def _resolve(ctx: Context, ticket_id: int, args: argparse.Namespace) -> Output:
    """The window's close-out: the visit's timers stopped and logged (unless
    --keep-timers), the checklists (a reason for required items left open), the
    resolution note with its time, then the status, in one step (``workflow.resolve``)."""
    given = args.note is not None or args.file is not None
    note = _given_text(args.note, args.file, what="the resolution note") if given else ""
    session = ctx.session
    visit = _visit_or_fail(session, ticket_id)
    try:
        resolved = workflow.resolve(
            session.db,
            visit.id,
            note,
            minutes=args.time,
            author=session.user,
            reason=args.reason or None,
            log_timers=not args.keep_timers,
            tell_customer=args.tell_customer,
        )
    except RequiredItemsOpen as error:
        raise CommandError(
            f"{error} with --reason TEXT ('fielddesk checklist show {visit.id}' lists them)"
        ) from None
    except InvalidChange as error:
        hint = "" if note.strip() else "; " + _HOW_TO_RESOLVE.format(id=visit.id)
        raise CommandError(f"{error}{hint}") from None
    logged = " and ".join(entry.text for entry in resolved.logged)
    note_words = (
        f"its reply to the customer ({_goes_to(session.db, visit)})"
        if args.tell_customer
        else "its note"
    )
    with_what = f"with {note_words} and {logged}" if logged else f"with {note_words}"
    lines = [f"Resolved #{visit.id} {with_what}; it will be sent at the next sync."]
    for timer in workflow.timers_with_time(session.db, visit.id):  # --keep-timers
        state = "is still running" if timer.running else "holds time not logged"
        lines.append(
            f"The {timers.NAMES[timer.kind]} {state} on this visit "
            f"({timers.clock(timer.seconds())}): stop it to log the time "
            f"('fielddesk timer stop {visit.id} --kind {timer.kind}')."
        )
    data = {
        "uuid": resolved.status_uuid,
        "logged": [e._asdict() for e in resolved.logged],
        **(_reply_recipients(session.db, visit) if args.tell_customer else {"sent_to": []}),
    }
    return Output(data, "\n".join(lines))


def cmd_new(args: argparse.Namespace, ctx: Context) -> Output:
    try:
        requestor = requestor_address(args.requestor)
    except InvalidChange as error:
        raise CommandError(f"--requestor: {error}") from None
    content = _given_text(args.text, what="the ticket's text") if args.text else ""
    session = ctx.session
    came_from = None if args.from_visit is None else _visit_it_came_from(session, args.from_visit)
    fields: dict[str, str | None] = {
        k: getattr(args, k) or (getattr(came_from, k) if came_from else None)
        for k in ("site", "address", "contact")
    }
    local_id = outbox.create_ticket(
        session.db,
        subject=args.subject,
        content=content,
        owner=session.user,
        requestor=requestor,
        fields={k: v for k, v in fields.items() if v},
        refers_to=came_from.id if came_from else None,
    )
    linked = f" It refers to #{came_from.id}." if came_from else ""
    return Output(
        {"local_id": local_id, "refers_to": came_from.id if came_from else None},
        f"New ticket saved here (local {local_id}); it will be created at the next sync.{linked}",
    )


def _visit_it_came_from(session: Session, ticket_id: int) -> ticket_store.Visit:
    """``new --from-visit``: the visit the new ticket refers to, by its helpdesk number."""
    visit = _visit_or_fail(session, ticket_id)
    if visit.id < 0:
        raise CommandError(
            f"--from-visit: visit {visit.id} has no helpdesk number yet, and the new ticket "
            "refers to it by that number: run 'fielddesk sync' first"
        )
    return visit


def cmd_kb_search(args: argparse.Namespace, ctx: Context) -> Output:
    hits = kb.search(ctx.session.db, args.query, limit=args.limit)
    text = (
        "\n".join(f"{h.id:>6}  {h.name}\n        {h.snippet}" for h in hits) or "No articles match."
    )
    return Output([as_data(h) for h in hits], text)


def cmd_kb_show(args: argparse.Namespace, ctx: Context) -> Output:
    article = kb.get_article(ctx.session.db, args.id)
    if article is None:
        raise CommandError(f"there is no article {args.id} on this laptop")
    return Output(
        as_data(article),
        f"{article.name}\n{article.summary}\n\n{_html_text(article.content)}",
    )


def _state_word(row: outbox.OutboxRow) -> str:
    """As the window's Outbox says it: a change is "sending" only while in doubt."""
    if row.state in ("pending", "in_flight"):
        return "sending" if outbox.in_doubt(row) else "pending"
    return row.state


def cmd_outbox(_args: argparse.Namespace, ctx: Context) -> Output:
    rows = outbox.rows(ctx.session.db)
    held = outbox.held_behind(rows)
    lines, data = [], []
    for row in rows:
        state, error = _state_word(row), f"  ← {row.last_error}" if row.last_error else ""
        if row.seq in held:  # it is not sent until the user deals with the refused one
            state, error = "held", f"  ← waits for refused change {held[row.seq].seq}"
        lines.append(f"{row.seq:>5}  {state:9}  {row.describe()}{error}")
        # The row as stored, with the word the list shows and what the user may do.
        data.append(
            {
                **as_data(row),
                "shown_as": state,
                "can_discard": outbox.can_discard(row),
                "waits_for": held[row.seq].seq if row.seq in held else None,
            }
        )
    return Output(data, "\n".join(lines) or "Nothing waiting to be sent.")


def _waiting_row(session: Session, seq: int, action: str) -> outbox.OutboxRow:
    """The outbox row the user names, if ``action`` (retry, discard) applies to it."""
    row = outbox.get_row(session.db, seq)
    if row is None:
        raise CommandError(f"there is no change {seq} in the outbox (see 'fielddesk outbox')")
    if row.state == "done":
        raise CommandError(f"change {seq} was already sent; there is nothing to {action}")
    if row.state == "conflict":
        raise CommandError(
            f"change {seq} conflicts with the helpdesk's version; settle it with "
            "'fielddesk conflicts' and 'fielddesk resolve'"
        )
    return row


def cmd_outbox_retry(args: argparse.Namespace, ctx: Context) -> Output:
    session = ctx.session
    row = _waiting_row(session, args.seq, "retry")
    if row.state == "in_flight":
        # Never resend a change the helpdesk may already hold: the next sync looks it
        # up and sends it only if it is not there.
        raise CommandError(
            f"change {args.seq} was sent before; the next sync checks whether the helpdesk "
            "has it, so it is never sent twice and there is nothing to retry"
        )
    if row.state != "rejected":
        raise CommandError(
            f"change {args.seq} was not refused; it waits to be sent at the next sync"
        )
    outbox.retry(session.db, args.seq)
    return Output({"seq": args.seq}, f"Change {args.seq} will be sent again at the next sync.")


def cmd_outbox_discard(args: argparse.Namespace, ctx: Context) -> Output:
    session = ctx.session
    row = _waiting_row(session, args.seq, "discard")
    if not outbox.can_discard(row):  # the window's rule, and its words
        raise CommandError(f"change {args.seq}: {outbox.why_not(row, 'discarded')}")
    if not args.yes:
        raise CommandError(f"this drops '{row.describe()}' for good; add --yes to confirm")
    outbox.discard(session.db, args.seq)
    return Output({"seq": args.seq}, f"Discarded: {row.describe()}")


SETTINGS = {DOWNLOAD_CAP_SETTING: "files larger than this many MB are not downloaded by a sync"}


def cmd_config(args: argparse.Namespace, ctx: Context) -> Output:
    session = ctx.session
    if args.key is None:
        values = {key: get_setting(session.db, key) for key in SETTINGS}
        text = "\n".join(f"{k} = {v or '(default)'}    # {SETTINGS[k]}" for k, v in values.items())
        return Output(values, text)
    if args.key not in SETTINGS:
        raise CommandError(f"unknown setting {args.key!r}; settings: {', '.join(SETTINGS)}")
    if args.value is not None:
        if not args.value.isdigit():
            raise CommandError(f"{args.key} takes a whole number")
        set_setting(session.db, args.key, args.value)
    value = get_setting(session.db, args.key)
    return Output({args.key: value}, f"{args.key} = {value or '(default)'}")


def cmd_conflicts(_args: argparse.Namespace, ctx: Context) -> Output:
    db = ctx.session.db
    found = conflicts.open_conflicts(db)
    lines = []
    for c in found:
        line = f"#{c.ticket_id} {c.field}: base {c.base!r} | yours {c.mine!r} | theirs {c.theirs!r}"
        line += f" | both {c.both!r}" if c.can_keep_both else ""
        why = conflicts.why_words(db, c)  # a field the helpdesk left alone: why it is one
        lines.append(f"{line}\n  ({why})" if why else line)
    on_equipment = len(open_asset_conflicts(ctx.session.db))
    if on_equipment:  # listed and decided with their assets' words
        lines.append(
            f"{plural(on_equipment, 'conflict', 'conflicts')} on equipment: "
            "see 'fielddesk asset conflicts'."
        )
    return Output([as_data(c) for c in found], "\n".join(lines) or "No conflicts.")


def cmd_resolve(args: argparse.Namespace, ctx: Context) -> Output:
    session = ctx.session
    try:
        queued = conflicts.resolve(session.db, args.id, args.field, args.choice)
    except (conflicts.NoSuchConflict, ValueError) as error:
        raise CommandError(str(error)) from None
    then = "sent on next sync" if queued else "nothing to send"
    return Output(
        {"ticket": args.id, "field": args.field, "choice": args.choice, "queued": queued},
        f"#{args.id} {args.field}: kept {args.choice} ({then}).",
    )
