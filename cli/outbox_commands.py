"""``fielddesk outbox as-comment | to-new-ticket | export``: a refused note's other ways out.

For a note RT refused because its ticket is someone else's now (or the right
to write on it was taken): the same functions the Outbox screen calls
(``sync.outbox``).  Moving and sending change nothing until ``--yes`` says the
technician has read what happens.  Export takes any unsent note (``--all``: every
one), so a technician who can no longer sign in still gets her work off the laptop.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.context import CommandError, Context, Output
from sync import outbox
from sync.changes.refused_note import export_all
from sync.outbox import OutboxRow
from sync.words import plural


def _refused(ctx: Context, seq: int) -> OutboxRow:
    row = outbox.get_row(ctx.session.db, seq)
    if row is None or row.state == "done":
        raise CommandError(f"there is no unsent change {seq}")
    return row


def _confirmed(args: argparse.Namespace, what: str) -> None:
    if not args.yes:
        raise CommandError(f"{what}; add --yes to confirm")


def cmd_outbox_as_comment(args: argparse.Namespace, ctx: Context) -> Output:
    row = _refused(ctx, args.seq)
    _confirmed(args, f"this sends '{row.describe()}' again as an internal comment")
    outbox.send_as_comment(ctx.session.db, args.seq)
    return Output(
        {"seq": args.seq, "sent_as": "comment"},
        f"Change {args.seq} goes as an internal comment at the next sync; "
        "if RT refuses that too, the outbox says so.",
    )


def cmd_outbox_to_new_ticket(args: argparse.Namespace, ctx: Context) -> Output:
    row = _refused(ctx, args.seq)
    _confirmed(
        args,
        f"this opens a new ticket carrying '{row.describe()}' (its time and files) "
        f"and takes the note off #{row.ticket_ref}",
    )
    local_id = outbox.move_to_new_ticket(ctx.session.db, args.seq)
    return Output(
        {"seq": args.seq, "new_ticket": local_id, "refers_to": row.ticket_ref},
        f"New ticket saved (it gets its number at the next sync), referring to "
        f"#{row.ticket_ref}; RT links them only if you may still modify #{row.ticket_ref}, "
        "its subject names it either way.",
    )


def cmd_outbox_export(args: argparse.Namespace, ctx: Context) -> Output:
    one_note = (args.seq, args.path)
    if args.all is not None and one_note == (None, None):
        return _export_all(ctx, Path(args.all).expanduser())
    if args.all is not None or None in one_note:
        raise CommandError("name one note and its file (SEQ FILE), or a folder with --all DIR")
    _refused(ctx, args.seq)
    path = Path(args.path).expanduser()
    if path.exists() and not args.force:
        raise CommandError(f"{path} exists; choose another name or add --force")
    written = outbox.export_note(ctx.session.db, args.seq, path)
    files = f" (files in {written})" if written != path else ""
    return Output(
        {"seq": args.seq, "path": str(path), "files": str(written) if files else None},
        f"Exported to {path}{files}. The note stays in the outbox until you discard it.",
    )


def _export_all(ctx: Context, folder: Path) -> Output:
    """Every unsent note into ``folder``; exit 1 if one of them could not be written."""
    written = export_all(ctx.session.db, folder)
    failed = [f"Not exported: {path.name}: {error}" for path, error in written if error]
    lines = [f"Exported to {path}" for path, error in written if not error] + failed
    done = len(written) - len(failed)
    lines.append(
        f"{done} of {plural(len(written), 'unsent note', 'unsent notes')} exported to "
        f"{folder}; they stay in the outbox until you discard them."
        if written
        else "No unsent note to export."
    )
    return Output(
        {
            "folder": str(folder),
            "exported": [str(path) for path, error in written if not error],
            "failed": [{"path": str(path), "error": error} for path, error in written if error],
        },
        "\n".join(lines),
        exit_code=1 if failed else 0,
    )
