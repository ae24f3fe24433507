"""The ``fielddesk checklist`` and ``fielddesk timer`` arguments (handlers:
cli.checklist_commands).  Kept apart so building the parser imports nothing heavy."""

from __future__ import annotations

from typing import Any

from cli.dispatch_args import AddCommand

H = "cli.checklist_commands:"  # where the handlers live


def add_parsers(sub: Any, command: AddCommand) -> None:
    """Add ``checklist show|tick|value|comment|photo|add|done`` and ``timer ...``."""
    top = sub.add_parser("checklist", help="a visit's checklists: tick, record, send")
    actions = top.add_subparsers(dest="checklist_command", metavar="ACTION", required=True)
    show = command(actions, "show", f"{H}cmd_checklist_show", "the items, numbered")
    show.add_argument("id", type=int, help="the visit")
    tick = command(actions, "tick", f"{H}cmd_checklist_tick", "tick items (or --undo)")
    tick.add_argument("id", type=int)
    tick.add_argument("items", type=int, nargs="+", metavar="ITEM")
    tick.add_argument("--undo", action="store_true", help="untick instead")
    tick.add_argument(
        "--reason",
        help="on a resolved visit: why a required item is undone (sent with the correction)",
    )
    value = command(actions, "value", f"{H}cmd_checklist_value", "record a reading or choice")
    value.add_argument("id", type=int)
    value.add_argument("item", type=int)
    value.add_argument("value")
    comment = command(actions, "comment", f"{H}cmd_checklist_comment", "comment on an item")
    comment.add_argument("id", type=int)
    comment.add_argument("item", type=int)
    comment.add_argument("text")
    photo = command(actions, "photo", f"{H}cmd_checklist_photo", "attach a photo to an item")
    photo.add_argument("id", type=int)
    photo.add_argument("item", type=int)
    photo.add_argument("file")
    add = command(actions, "add", f"{H}cmd_checklist_add", "add another template on site")
    add.add_argument("id", type=int)
    add.add_argument("template", help="the template's name")
    done = command(actions, "done", f"{H}cmd_checklist_done", "send the checklists to RT")
    done.add_argument("id", type=int)
    done.add_argument("--reason", help="why required items are left undone")

    timer = sub.add_parser("timer", help="the visit timer: travel and on-site time")
    moves = timer.add_subparsers(dest="timer_command", metavar="ACTION", required=True)
    command(moves, "status", f"{H}cmd_timer_status", "the running timer")
    for name, help_text in (
        ("start", "start a visit's timer (pauses the running one)"),
        ("pause", "pause a visit's timer"),
        ("stop", "stop it and log its time on the visit (--discard: drop the time)"),
    ):
        action = command(moves, name, f"{H}cmd_timer_{name}", help_text)
        action.add_argument("id", type=int)
        if name == "start":
            action.add_argument("--kind", choices=("travel", "on_site"), default="on_site")
        else:  # None: the timer that is running (cli.checklist_commands._kind_to_stop)
            action.add_argument(
                "--kind",
                choices=("travel", "on_site"),
                help="which timer (default: the running one)",
            )
        if name == "stop":
            action.add_argument("--note", help="the note logged with the time")
            action.add_argument("--discard", action="store_true", help="do not log the time")
