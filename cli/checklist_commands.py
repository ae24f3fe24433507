"""``fielddesk checklist ...`` and ``fielddesk timer ...``: the same store and outbox
functions as the visit panel, for scripts and tests.  Items are numbered across a
visit's checklists, as ``checklist show`` lists them."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from cli.context import CommandError, Context, Output
from cli.records import as_data
from sync import attachments
from sync.changes.checklist import send_checklists
from sync.changes.time_entry import default_text, log_time
from sync.session import Session
from sync.store import checklists as store
from sync.store import tickets as ticket_store
from sync.store import timers, transaction
from sync.store.checklists import ChecklistItem
from sync.words import plural

if TYPE_CHECKING:
    import sqlite_utils


def _visit(ctx: Context, ticket_id: int) -> Session:
    session = ctx.session
    if ticket_store.get_visit(session.db, ticket_id) is None:
        raise CommandError(f"there is no visit #{ticket_id} on this laptop (run 'fielddesk sync')")
    store.ensure_checklists(session.db, ticket_id)
    return session


def _line(entry: ChecklistItem) -> str:
    mark = "[x]" if entry.ticked else "[ ]"
    extra = [f"= {entry.value}" if entry.value else ""]
    if entry.required:
        extra.append("(required)")
    if entry.value_label is not None and not entry.value:
        extra.append(f"<value{': ' + entry.value_label if entry.value_label else ''}>")
    if entry.choices and not entry.value:
        extra.append("<" + " | ".join(entry.choices) + ">")
    if entry.comment:
        extra.append(f"— {entry.comment}")
    if entry.photo_name:
        extra.append(f"[photo {entry.photo_name}]")
    if not entry.in_template:
        extra.append("(no longer in the template)")
    return f"  {entry.number:>3} {mark} {entry.text} " + " ".join(e for e in extra if e)


def cmd_checklist_show(args: argparse.Namespace, ctx: Context) -> Output:
    db = _visit(ctx, args.id).db
    lists = store.checklists(db, args.id)
    if not lists:
        names = ", ".join(name for _id, name in store.templates(db)) or "none on this laptop"
        return Output([], f"#{args.id} has no checklist. Templates: {names}")
    lines: list[str] = []
    for checklist in lists:
        lines.append(f"{checklist.name}: {checklist.done}/{checklist.total} done")
        section = None
        for entry in checklist.items:
            if entry.section != section and entry.section:
                lines.append(f"  {entry.section}")
            section = entry.section
            lines.append(_line(entry))
        if checklist.reason and checklist.missing_required:
            lines.append(f"  Reason for required items not done: {checklist.reason}")
        if checklist.revision:
            state = "changed since" if checklist.changed_since_sent else "as"
            lines.append(f"  ({state} revision {checklist.revision} sent)")
    data = [as_data(c) for c in lists]
    return Output(data, "\n".join(lines))


def cmd_checklist_tick(args: argparse.Namespace, ctx: Context) -> Output:
    session = _visit(ctx, args.id)
    # On a resolved visit a correction goes to RT by itself; undoing a required item
    # there needs the reason RT is told (the window asks for it, or leaves it ticked).
    closed_out = args.undo and store.visit_closed_out(session.db, args.id)
    before = [store.item(session.db, args.id, n) for n in args.items] if closed_out else []
    undoing_required = [entry.number for entry in before if entry.required and entry.ticked]
    if undoing_required and not args.reason:
        raise CommandError(
            f"#{args.id} is resolved: undoing required item {undoing_required[0]} needs a "
            "reason for the helpdesk; add --reason TEXT (nothing was changed)"
        )
    if args.reason and not undoing_required:
        raise CommandError(
            "--reason is for undoing a required item of a resolved visit; "
            "'fielddesk checklist done --reason' sends the checklists with one"
        )
    with transaction(session.db):  # the untick and its correction: both or neither
        done = [
            store.tick(session.db, args.id, number, not args.undo, by=session.user)
            for number in args.items
        ]
        if undoing_required:
            send_checklists(session.db, args.id, author=session.user, reason=args.reason)
    lines = [_line(d) for d in done]
    if undoing_required:
        lines.append("The correction, with its reason, is sent at the next sync.")
    return Output([as_data(d) for d in done], "\n".join(lines))


def cmd_checklist_value(args: argparse.Namespace, ctx: Context) -> Output:
    session = _visit(ctx, args.id)
    entry = store.set_value(session.db, args.id, args.item, args.value, by=session.user)
    return Output(as_data(entry), _line(entry))


def cmd_checklist_comment(args: argparse.Namespace, ctx: Context) -> Output:
    session = _visit(ctx, args.id)
    entry = store.set_comment(session.db, args.id, args.item, args.text, by=session.user)
    return Output(as_data(entry), _line(entry))


def cmd_checklist_photo(args: argparse.Namespace, ctx: Context) -> Output:
    session = _visit(ctx, args.id)
    store.item(session.db, args.id, args.item)  # a wrong number fails before the copy
    try:
        photo = attachments.import_file(session.profile.attachments_dir, Path(args.file))
    except ValueError as error:
        raise CommandError(str(error)) from None
    entry = store.set_photo(session.db, args.id, args.item, photo, by=session.user)
    return Output(as_data(entry), _line(entry))


def cmd_checklist_add(args: argparse.Namespace, ctx: Context) -> Output:
    session = _visit(ctx, args.id)
    checklist_id = store.add_checklist(session.db, args.id, args.template)
    return Output({"checklist_id": checklist_id}, f"Added '{args.template}' to #{args.id}.")


def cmd_checklist_done(args: argparse.Namespace, ctx: Context) -> Output:
    session = _visit(ctx, args.id)
    queued = send_checklists(session.db, args.id, author=session.user, reason=args.reason)
    if not queued:
        return Output({"queued": []}, "Nothing new to send: RT has these checklists as they are.")
    return Output(
        {"queued": queued},
        f"{plural(len(queued), 'checklist', 'checklists')} of #{args.id} saved;"
        " sent at the next sync.",
    )


def _timer_line(timer: timers.Timer) -> str:
    state = "running" if timer.running else "stopped"
    return f"#{timer.ticket_id} {timer.label}: {timers.clock(timer.seconds())} ({state})"


def cmd_timer_status(args: argparse.Namespace, ctx: Context) -> Output:
    db = ctx.session.db
    current = timers.running(db)
    held = [t for ts in timers.timed_visits(db).values() for t in ts if not t.running]
    lines = [_timer_line(current)] if current else ["No timer running."]
    lines += [_timer_line(t) + " — not logged yet" for t in held]
    jumps = timers.clock_jumps(db)
    lines += [jump.text() for jump in jumps]  # the window saw the clock jump: say so
    data = {
        "running": as_data(current) if current else None,
        "elapsed_s": current.seconds() if current else 0,
        "held": [as_data(t) for t in held],
        "clock_jumps": [as_data(jump) for jump in jumps],
    }
    return Output(data, "\n".join(lines))


def cmd_timer_start(args: argparse.Namespace, ctx: Context) -> Output:
    db = _visit(ctx, args.id).db
    paused = timers.start(db, args.id, args.kind)
    now = timers.timers(db, args.id)[timers.check_kind(args.kind)]
    text = f"Started: {_timer_line(now)}"
    if paused is not None:
        text += f"\nPaused: #{paused.ticket_id} {paused.label}"
    return Output(as_data(now), text)


def _kind_to_stop(
    db: sqlite_utils.Database, ticket_id: int, kind: str | None, *, held_too: bool
) -> str | None:
    """The timer ``pause``/``stop`` act on: ``--kind`` as given, else the visit's running
    timer (pausing "the timer" must not leave the travel timer counting), else for ``stop``
    the one holding time not logged yet.  None: no such timer; two: ask which."""
    if kind is not None:
        return kind
    both = timers.timers(db, ticket_id).values()
    # One timer runs at a time (the store's index): only held time can be on both.
    found = [t for t in both if t.running] or [t for t in both if held_too and t.seconds()]
    if len(found) > 1:
        raise CommandError(
            f"both timers of #{ticket_id} hold time not logged yet: say which with"
            " --kind travel or --kind on_site (nothing was changed)"
        )
    return found[0].kind if found else None


def _not_running(ticket_id: int, kind: str | None) -> str:
    if kind is None:
        return f"No timer is running on #{ticket_id}"
    return f"The {timers.NAMES[timers.check_kind(kind)]} is not running on #{ticket_id}"


def cmd_timer_pause(args: argparse.Namespace, ctx: Context) -> Output:
    db = _visit(ctx, args.id).db
    kind = _kind_to_stop(db, args.id, args.kind, held_too=False)
    if kind is None or not timers.timers(db, args.id)[timers.check_kind(kind)].running:
        return Output(None, f"{_not_running(args.id, kind)}; nothing paused.")
    timer = timers.pause(db, args.id, kind)
    return Output(as_data(timer), f"Paused: {_timer_line(timer)}")


def cmd_timer_stop(args: argparse.Namespace, ctx: Context) -> Output:
    session = _visit(ctx, args.id)
    kind = _kind_to_stop(session.db, args.id, args.kind, held_too=True)
    if kind is None:
        return Output({"logged": 0}, f"{_not_running(args.id, None)}; nothing logged.")
    timer = timers.pause(session.db, args.id, kind)
    minutes = timers.minutes_to_log(timer.seconds())
    jumps = [j.text() for j in timers.clock_jumps(session.db, args.id) if j.kind == timer.kind]
    if args.discard or minutes == 0:
        timers.reset(session.db, args.id, kind)
        said = [f"Stopped #{args.id} {timer.label}; nothing logged.", *jumps]
        return Output({"logged": 0}, "\n".join(said))
    text = args.note or default_text(kind, minutes)
    row_uuid = log_time(session.db, args.id, kind, minutes, text, author=session.user)
    said = [f"Logged {minutes} min {timer.label.lower()} on #{args.id}; sent at the next sync."]
    return Output({"logged": minutes, "uuid": row_uuid}, "\n".join([*said, *jumps]))
