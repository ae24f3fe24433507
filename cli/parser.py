"""The command line's argparse parser: every command, its arguments and its help.

Built for each run but ``fielddesk visits`` (``cli.quick_args``), and then only the
running command's sub-parser (``cli.parser_scope``).
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from cli import asset_args, checklist_args, dispatch_args, file_args, netcheck_args
from cli.parser_scope import OneCommand, build_only, complete, running_command
from cli.quick_args import VISITS_HANDLER
from sync import installed_version
from sync.fields import STATUSES, SYNCED_FIELDS
from sync.profile import default_profile_dir

SHOWN_ENTRIES = 50  # `show`: the newest history entries, unless --all


def _at_least_one(text: str) -> int:
    number = int(text)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text} entries: give 1 or more, or --all")
    return number


# In --profile's help, replaced by the default profile's folder when help is shown:
# finding it loads platformdirs, which a command given --profile never needs.
DEFAULT_PROFILE_MARK = "<default profile>"


class _HelpFormatter(argparse.HelpFormatter):
    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = super()._get_help_string(action)
        if text is None or DEFAULT_PROFILE_MARK not in text:
            return text
        folder = str(default_profile_dir()).replace("%", "%%")  # help is %-formatted next
        return text.replace(DEFAULT_PROFILE_MARK, folder)


class _VersionAction(argparse.Action):
    """--version: the version is read from the package metadata only when asked."""

    def __call__(self, parser: argparse.ArgumentParser, *_args: object, **_kwargs: object) -> None:
        print(f"FieldDesk {installed_version()}")  # on stdout, as argparse's own action
        parser.exit()


class _CommandParser(argparse.ArgumentParser):
    """A command's parser.  Its options may come before its free text as well as after
    (``note 42 --time 5 "text"``): argparse alone leaves an optional positional empty
    once an option follows the first positional.  An argument it does not know is
    reported under the command's own usage, not the whole program's."""

    _intermixing = False

    def parse_known_args(  # type: ignore[override]  # typeshed overloads namespace types
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        if self._subparsers is not None or self._intermixing:
            # A group (kb, file...): its command's parser does this.  Or re-entered.
            return super().parse_known_args(args, namespace)
        self._intermixing = True  # Python 3.11's intermixed parsing calls back here
        try:
            parsed, extras = self.parse_known_intermixed_args(args, namespace)
        finally:
            self._intermixing = False
        if extras:
            self.error(f"unrecognized arguments: {' '.join(extras)}")
        return parsed, extras


def _command(
    sub: argparse._SubParsersAction[_CommandParser],
    name: str,
    handler: str,
    help_text: str,
) -> _CommandParser:
    """A headless command; handler is the name of its function in cli.commands."""
    parser = sub.add_parser(name, help=help_text, description=help_text)
    parser.set_defaults(handler=handler)
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    return parser


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command line's parser; given the arguments, with only the running command's
    sub-parser built (``cli.parser_scope``), or every one when they name no command."""
    wanted = None if argv is None else running_command(argv)
    if wanted is not None:
        parser, sub = _build_parser(wanted)
        if complete(sub):
            return parser
    return _build_parser(None)[0]


def _build_parser(
    only: str | None,
) -> tuple[argparse.ArgumentParser, argparse._SubParsersAction[_CommandParser]]:
    parser = argparse.ArgumentParser(
        prog="fielddesk",
        description="FieldDesk: site visits and knowledge base, online or offline.",
        formatter_class=_HelpFormatter,
    )
    parser.add_argument(
        "--version", action=_VersionAction, nargs=0, help="show program's version number and exit"
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation (Qt, SQLite FTS5, keyring, resources, store), exit 0/1",
    )
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="DIR",
        default=None,
        help=f"data directory of the profile to use (default: {DEFAULT_PROFILE_MARK}; "
        "the window opens the profile used last)",
    )
    sub = parser.add_subparsers(
        dest="command", metavar="COMMAND", action=OneCommand, parser_class=_CommandParser
    )
    build_only(sub, only)
    gui_help = "open the FieldDesk window (the default)"
    gui = sub.add_parser("gui", help=gui_help, description=gui_help)
    gui.add_argument(
        "--screenshot",
        type=Path,
        metavar="PNG",
        help="render the main window off-screen into PNG and exit (no display needed)",
    )

    login = _command(sub, "login", "cmd_login", "sign in to the helpdesk")
    login.add_argument(
        "--url", required=True, help="the helpdesk's address, e.g. https://rt.example.com"
    )
    login.add_argument("--user", required=True)
    login.add_argument(
        "--token-stdin", action="store_true", help="read an RT auth token from stdin"
    )
    login.add_argument("--password-stdin", action="store_true", help="read the password from stdin")

    logout = _command(
        sub,
        "logout",
        "cli.sign_out_commands:cmd_logout",
        "sign out: the profile's data stays, locked until you sign in again",
    )
    logout.add_argument(
        "--wipe",
        action="store_true",
        help="also delete the profile's data from this laptop (refused while changes are unsent)",
    )
    logout.add_argument(
        "--discard-unsent",
        action="store_true",
        help="with --wipe: delete changes that have not reached the helpdesk too",
    )

    _command(
        sub,
        "sync",
        "cmd_sync",
        "send local changes, then fetch what changed; exits 3 when a change was refused "
        "or a conflict waits for you",
    )
    _command(sub, "visits", VISITS_HANDLER, "list the visits on this laptop")
    show = _command(sub, "show", "cmd_show", "a visit with its history")
    show.add_argument("id", type=int)
    shown = show.add_mutually_exclusive_group()
    shown.add_argument(
        "--last", type=_at_least_one, default=SHOWN_ENTRIES, metavar="N",
        help=f"the newest N history entries (default {SHOWN_ENTRIES})",
    )  # fmt: skip
    shown.add_argument("--all", action="store_true", help="the whole history")

    note = _command(sub, "note", "cmd_note", "add an internal note (or --public reply)")
    note.add_argument("id", type=int)
    note.add_argument(
        "text",
        nargs="?",
        metavar="TEXT",
        help="the note's text; '-' reads it from standard input (UTF-8)",
    )
    note.add_argument(
        "--file", type=Path, metavar="PATH", help="read the note's text from a UTF-8 text file"
    )
    note.add_argument("--time", type=int, default=0, metavar="MIN", help="minutes spent")
    note.add_argument("--public", action="store_true", help="a reply the customer sees")

    _add_status_command(sub)

    setter = _command(sub, "set", "cmd_set", "change a field (parts_used, visit_start...)")
    setter.add_argument("id", type=int)
    setter.add_argument("field", choices=SYNCED_FIELDS)
    setter.add_argument(
        "value",
        help="the new value; a time (visit_start, visit_end, due) is the laptop's local "
        "time, 'YYYY-MM-DD HH:MM', as 'show' prints it (end with Z or +HH:MM for another "
        "zone; '' clears it)",
    )

    _add_new_command(sub)
    _add_kb_commands(sub)
    _add_outbox_commands(sub)
    config = _command(sub, "config", "cmd_config", "show or change a profile setting")
    config.add_argument("key", nargs="?")
    config.add_argument("value", nargs="?")
    _command(sub, "conflicts", "cmd_conflicts", "fields changed here and on the helpdesk")
    resolve = _command(sub, "resolve", "cmd_resolve", "settle a conflict")
    resolve.add_argument("id", type=int)
    resolve.add_argument("field", choices=SYNCED_FIELDS)
    resolve.add_argument("choice", choices=("mine", "theirs", "both"))
    _add_duty_commands(sub)
    return parser, sub


def _add_new_command(sub: argparse._SubParsersAction[_CommandParser]) -> None:
    new = _command(sub, "new", "cmd_new", "open a new ticket (created at the next sync)")
    new.add_argument("--subject", required=True)
    new.add_argument(
        "--text", default="", help="what the customer reported; '-' reads it from standard input"
    )
    new.add_argument("--site")
    new.add_argument("--address")
    new.add_argument("--contact")
    new.add_argument(
        "--requestor",
        help="the customer's email address: the helpdesk mails them its acknowledgement, "
        "quoting --text",
    )
    new.add_argument(
        "--from-visit",
        type=int,
        metavar="ID",
        help="the visit it came up at: the helpdesk links the new ticket to it (Refers to), "
        "and the visit's site, address and contact are used unless given",
    )


def _add_status_command(sub: argparse._SubParsersAction[_CommandParser]) -> None:
    status = _command(
        sub,
        "status",
        "cmd_status",
        "change a visit's status; resolving takes its note (--note) and sends the checklists",
    )
    status.add_argument("id", type=int)
    # RT's statuses pass here, so that 'rejected' or 'new' is told why not (sync.workflow).
    status.add_argument(
        "status", choices=STATUSES, metavar="STATUS", help="open, stalled or resolved"
    )
    status.add_argument(
        "--note",
        metavar="TEXT",
        help="resolved: how it was resolved (required; kept in the visit's history for the "
        "next technician, the customer is told the visit is resolved); '-' reads it from "
        "standard input",
    )
    status.add_argument(
        "--tell-customer",
        action="store_true",
        help="resolved: also send the note to the customer (the visit's requestors), as a reply",
    )
    status.add_argument(
        "--file", type=Path, metavar="PATH", help="resolved: read the note from a UTF-8 text file"
    )
    status.add_argument(
        "--time", type=int, default=0, metavar="MIN", help="resolved: minutes spent"
    )
    status.add_argument(
        "--reason",
        metavar="TEXT",
        help="resolved: why required checklist items are left undone",
    )
    status.add_argument(
        "--keep-timers",
        action="store_true",
        help="resolved: leave the visit's timers running or unlogged (by default they are "
        "stopped and their time logged with the resolution)",
    )


def _add_duty_commands(sub: argparse._SubParsersAction[_CommandParser]) -> None:
    """The technician's duties beyond the ticket, each with its own argument module."""
    dispatch_args.add_parser(sub, _command)
    checklist_args.add_parsers(sub, _command)
    asset_args.add_parsers(sub, _command)
    netcheck_args.add_parser(sub, _command)
    file_args.add_parsers(sub, _command)


def _add_kb_commands(sub: argparse._SubParsersAction[_CommandParser]) -> None:
    kb = sub.add_parser("kb", help="the knowledge base")
    kb_sub = kb.add_subparsers(dest="kb_command", metavar="KB_COMMAND", required=True)
    search = _command(kb_sub, "search", "cmd_kb_search", "search articles")
    search.add_argument("query")
    search.add_argument("--limit", type=int, default=20)
    kb_show = _command(kb_sub, "show", "cmd_kb_show", "read an article")
    kb_show.add_argument("id", type=int)


def _add_outbox_commands(sub: argparse._SubParsersAction[_CommandParser]) -> None:
    box = _command(sub, "outbox", "cmd_outbox", "changes waiting to be sent")
    box_sub = box.add_subparsers(dest="outbox_command", metavar="ACTION")
    retry = _command(box_sub, "retry", "cmd_outbox_retry", "send a rejected change again")
    retry.add_argument("seq", type=int)
    discard = _command(box_sub, "discard", "cmd_outbox_discard", "drop an unsent change")
    discard.add_argument("seq", type=int)
    discard.add_argument("--yes", action="store_true", help="confirm")
    # A note refused because its ticket is someone else's now (see cli/outbox_commands.py).
    here = "cli.outbox_commands:cmd_outbox_"
    as_comment = _command(
        box_sub, "as-comment", here + "as_comment", "send a refused note anyway, as a comment"
    )
    to_ticket = _command(
        box_sub,
        "to-new-ticket",
        here + "to_new_ticket",
        "move a refused note to a new ticket referring to its old one",
    )
    for parser in (as_comment, to_ticket):
        parser.add_argument("seq", type=int)
        parser.add_argument("--yes", action="store_true", help="confirm")
    export = _command(
        box_sub, "export", here + "export", "write an unsent note (and its files) to a file"
    )
    export.add_argument("seq", type=int, nargs="?")
    export.add_argument("path", nargs="?", help="the Markdown file to write, e.g. note-1234.md")
    export.add_argument("--force", action="store_true", help="replace an existing file")
    export.add_argument(
        "--all", metavar="DIR", help="every unsent note instead, one file each into DIR"
    )
