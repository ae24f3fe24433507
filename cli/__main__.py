"""The ``fielddesk`` command line: the GUI and the headless commands.

Qt is imported only by the ``gui`` command (and ``--self-test``), so scripted
commands start fast and run on machines without a display.  The other way
round, the command handlers (``cli.commands``: the HTTP stack, the keyring)
are imported only when a headless command runs, so the window does not wait
for them.  Exit status: 0 ok, 1 error (one line on stderr), 2 usage (also an
argument that is not UTF-8), 3 sync left work for the user, 141 pipe closed.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cli import asset_args, checklist_args, dispatch_args, file_args, netcheck_args
from cli.parser_scope import OneCommand, build_only, complete, running_command
from cli.terminal import printable
from cli.text_input import bad_argument
from sync import installed_version
from sync.fields import STATUSES, SYNCED_FIELDS
from sync.profile import Profile, default_profile_dir

# The window and the self-test live in the Qt package.  They are handed the run by
# module name, never imported by an import statement: this package then holds no
# static import of Qt or desktop, which the import contract (pyproject.toml) checks,
# so no change here can make the headless commands load Qt or need a display.
# build.spec lists these names as hidden imports (PyInstaller cannot see them).
GUI_MODULE = "desktop.app"  # run_gui, NoDisplayError
SELF_TEST_MODULE = "desktop.self_test"  # run_self_test

if TYPE_CHECKING:
    from cli.context import Output

# 0 done; 1 an error (one line on stderr; for sync also "helpdesk not reachable" and
# "sign-in needed"); 2 a usage mistake; 3 (sync) a change was refused or a conflict
# waits for the user (cli.commands.NEEDS_ATTENTION); 141 the reader of the output
# went away (a pipe into `head`), quietly.
EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
# The output's reader closed the pipe: 128 + SIGPIPE, what a shell shows for `ls | head`.
EXIT_READER_GONE = 141


def user_errors() -> tuple[type[BaseException], ...]:
    """Errors reported as one line; imported only once one is raised (see ``main``)."""
    from cli.context import CommandError  # noqa: PLC0415 - see the module docstring
    from sync.account import NotSignedIn  # noqa: PLC0415
    from sync.errors import SecretStoreUnavailable, SyncError  # noqa: PLC0415
    from sync.lock import SyncBusy  # noqa: PLC0415
    from sync.outbox import InvalidChange  # noqa: PLC0415
    from sync.profile_key import KeyMissing  # noqa: PLC0415
    from sync.store import StoreError  # noqa: PLC0415
    from sync.store.driver import sqlite3  # noqa: PLC0415

    return (
        CommandError,
        SyncError,
        NotSignedIn,
        InvalidChange,
        SyncBusy,
        SecretStoreUnavailable,
        KeyMissing,  # the keyring lost the replica's key (sync.replica says what to do)
        StoreError,
        sqlite3.DatabaseError,  # mid-query: the replica's file or disk (sync.replica says which)
    )


# What a laptop past IT's offline limit may still do: sign in and sync (sync.lost_laptop).
WHILE_LOCKED = ("login", "sync", "config")

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


def _command(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    handler: str,
    help_text: str,
) -> argparse.ArgumentParser:
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
) -> tuple[argparse.ArgumentParser, argparse._SubParsersAction[argparse.ArgumentParser]]:
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
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", action=OneCommand)
    build_only(sub, only)
    gui = sub.add_parser("gui", help="open the FieldDesk window (the default)")
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

    _command(
        sub,
        "sync",
        "cmd_sync",
        "send local changes, then fetch what changed; exits 3 when a change was refused "
        "or a conflict waits for you",
    )
    _command(sub, "visits", "cli.listing_commands:cmd_visits", "list the visits on this laptop")
    show = _command(sub, "show", "cmd_show", "a visit with its history")
    show.add_argument("id", type=int)

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

    status = _command(sub, "status", "cmd_status", "change a visit's status")
    status.add_argument("id", type=int)
    status.add_argument("status", choices=STATUSES)

    setter = _command(sub, "set", "cmd_set", "change a field (parts_used, visit_start...)")
    setter.add_argument("id", type=int)
    setter.add_argument("field", choices=SYNCED_FIELDS)
    setter.add_argument("value")

    new = _command(sub, "new", "cmd_new", "open a new ticket (created at the next sync)")
    new.add_argument("--subject", required=True)
    new.add_argument(
        "--text", default="", help="what the customer reported; '-' reads it from standard input"
    )
    new.add_argument("--site")
    new.add_argument("--address")
    new.add_argument("--contact")
    new.add_argument("--requestor", help="the customer's email address")

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


def _add_duty_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The technician's duties beyond the ticket, each with its own argument module."""
    dispatch_args.add_parser(sub, _command)
    checklist_args.add_parsers(sub, _command)
    asset_args.add_parsers(sub, _command)
    netcheck_args.add_parser(sub, _command)
    file_args.add_parsers(sub, _command)


def _add_kb_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    kb = sub.add_parser("kb", help="the knowledge base")
    kb_sub = kb.add_subparsers(dest="kb_command", metavar="KB_COMMAND", required=True)
    search = _command(kb_sub, "search", "cmd_kb_search", "search articles")
    search.add_argument("query")
    search.add_argument("--limit", type=int, default=20)
    kb_show = _command(kb_sub, "show", "cmd_kb_show", "read an article")
    kb_show.add_argument("id", type=int)


def _add_outbox_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
        box_sub, "export", here + "export", "write a refused note (and its files) to a file"
    )
    export.add_argument("seq", type=int)
    export.add_argument("path", help="the Markdown file to write, e.g. note-1234.md")
    export.add_argument("--force", action="store_true", help="replace an existing file")


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # The reader went away (`fielddesk visits | head -1`): stop quietly, as Unix
        # tools do.  Python would flush stdout again at exit and fail once more, so
        # stdout goes to devnull first (the Python docs' advice for SIGPIPE).
        with contextlib.suppress(OSError, ValueError):  # ValueError: stdout is not a file
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return EXIT_READER_GONE


def _main(argv: Sequence[str] | None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    complaint = bad_argument(parser, args)
    if complaint is not None:
        print(f"fielddesk: {complaint}", file=sys.stderr)
        return EXIT_USAGE
    if args.self_test:
        self_test = importlib.import_module(SELF_TEST_MODULE)  # Qt only when asked
        passed: int = self_test.run_self_test(profile_dir=args.profile)
        return passed
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        if args.command in (None, "gui"):
            return _run_gui(args.profile, getattr(args, "screenshot", None))
        output = _run_command(args)
    # An except clause's expression is evaluated only when an exception is matched,
    # so the happy path never imports the error classes (and with them the HTTP stack).
    except user_errors() as error:
        from sync.replica import explain_failure  # noqa: PLC0415 - salvages a damaged replica

        message = explain_failure(Profile(args.profile or default_profile_dir()), error)
        print(f"fielddesk: {printable(message)}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return EXIT_ERROR
    if args.json:
        print(json.dumps(output.data, indent=2, default=str))
    else:
        print(printable(output.text))  # the helpdesk's text never drives the terminal
    sys.stdout.flush()  # a closed pipe shows here, not as a message at exit
    return output.exit_code


def _run_command(args: argparse.Namespace) -> Output:
    """A headless command: its handler is looked up by name ("module:function", or a
    function of cli.commands).  Only its own module is imported: a command that only
    reads the replica (cli.listing_commands) starts without the HTTP stack."""
    from cli.context import Command, Context  # noqa: PLC0415

    module_name, _, name = args.handler.rpartition(":")
    module = importlib.import_module(module_name or "cli.commands")
    context = Context(
        Profile(args.profile or default_profile_dir()), locked_ok=args.command in WHILE_LOCKED
    )
    try:
        handler: Command = getattr(module, name)
        return handler(args, context)
    finally:
        context.close()


def _run_gui(chosen: Path | None, screenshot: Path | None) -> int:
    # No collections while the window's modules load: what they make lives as long as the
    # process; the window turns them back on at its first paint (desktop/shell/long_lived.py).
    gc.disable()
    app = importlib.import_module(GUI_MODULE)  # Qt only for the GUI
    from sync.profiles import last_used, profiles_home  # noqa: PLC0415

    # Without --profile the window opens the profile used last (several may exist).
    if chosen is None and os.environ.get("FIELDDESK_PROFILE"):
        chosen = default_profile_dir()
    profile = (
        Profile(chosen) if chosen else last_used(profiles_home()) or Profile(default_profile_dir())
    )
    try:
        code: int = app.run_gui(profile, screenshot=screenshot, explicit_profile=chosen is not None)
    except app.NoDisplayError as error:
        print(f"fielddesk: {error}", file=sys.stderr)
        return EXIT_ERROR
    return code


if __name__ == "__main__":
    sys.exit(main())
