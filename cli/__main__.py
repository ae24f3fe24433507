"""The ``fielddesk`` command line: the GUI and the headless commands.

Qt is imported only by the ``gui`` command (and ``--self-test``), so scripted
commands start fast and run on machines without a display.  The other way
round, the command handlers (``cli.commands``: the HTTP stack, the keyring)
are imported only when a headless command runs, so the window does not wait
for them.  Exit status: 0 ok, 1 error (one line on stderr; with --json also an object
on stdout, cli.failure), 2 usage (also an argument that is not UTF-8), 3 sync left work
for the user, 141 pipe closed.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cli.quick_args import quick_args
from sync.core_dumps import forbid_core_dumps
from sync.logging_later import set_up_now, when_logging
from sync.profile import Profile, default_profile_dir

# The window and the self-test live in the Qt package.  They are handed the run by
# module name, never imported by an import statement: this package then holds no
# static import of Qt or desktop, which the import contract (pyproject.toml) checks,
# so no change here can make the headless commands load Qt or need a display.
# build.spec lists these names as hidden imports (PyInstaller cannot see them).
GUI_MODULE = "desktop.app"  # run_gui, NoDisplayError
SELF_TEST_MODULE = "desktop.self_test"  # run_self_test

if TYPE_CHECKING:
    import argparse

    from cli.context import Command, Output

# 0 done; 1 an error (one line on stderr; for sync also "helpdesk not reachable" and
# "sign-in needed"); 2 a usage mistake; 3 (sync) a change was refused or a conflict
# waits for the user (cli.commands.NEEDS_ATTENTION); 130 Ctrl-C; 141 the reader of the
# output went away (a pipe into `head`), quietly.
EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
# The output's reader closed the pipe: 128 + SIGPIPE, what a shell shows for `ls | head`.
EXIT_READER_GONE = 141
# Ctrl-C: 128 + SIGINT, as a shell shows an interrupted program (cli.context.Interrupted).
EXIT_INTERRUPTED = 130


def user_errors() -> tuple[type[BaseException], ...]:
    """Errors reported as one line; imported only once one is raised (see ``main``)."""
    from cli.failure import CAUSES  # noqa: PLC0415 - see the module docstring

    return tuple(kind for kind, _ in CAUSES)


# What a laptop past IT's offline limit, or signed out with its data kept, may still do:
# sign in, sign out, sync (sync.lost_laptop).
WHILE_LOCKED = ("login", "logout", "sync", "config")


def main(argv: Sequence[str] | None = None) -> int:
    forbid_core_dumps()  # before the replica's key or the token is in memory
    _programs_started_get_the_users_environment()
    _output_never_fails_on_a_character()
    try:
        return _main(argv)
    except BrokenPipeError:
        # The reader went away (`fielddesk visits | head -1`): stop quietly, as Unix
        # tools do.
        _stdout_to_devnull()
        return EXIT_READER_GONE
    except KeyboardInterrupt:
        # Ctrl-C (a sync's second one: its first stops the run cleanly, cli.commands).
        # What a command saved before it stays saved; no traceback.
        _say("fielddesk: interrupted")
        return EXIT_INTERRUPTED


def _programs_started_get_the_users_environment() -> None:
    """The Linux bundle's bootloader (PyInstaller) starts this process with its own
    library folder first in LD_LIBRARY_PATH (the user's saved as LD_LIBRARY_PATH_ORIG),
    and marks it with _PYI_* variables.  The loader has read the path by now; left in the
    environment, a program FieldDesk starts (xdg-open and the photo viewer, the maps
    program, the mail program) would load the bundle's older GLib instead of its own and
    may fail on a newer OS, with nothing said.  Qt's variables go once Qt has started
    (desktop.app)."""
    if not (getattr(sys, "frozen", False) and sys.platform.startswith("linux")):
        return
    users = os.environ.pop("LD_LIBRARY_PATH_ORIG", None)
    if users is None:
        os.environ.pop("LD_LIBRARY_PATH", None)
    else:
        os.environ["LD_LIBRARY_PATH"] = users
    for name in [name for name in os.environ if name.startswith("_PYI_")]:
        del os.environ[name]


def _output_never_fails_on_a_character() -> None:
    """A character the output's encoding lacks (an emoji in a note on cp1252, which a
    Windows `> out.txt` uses; FieldDesk's own "—" on Latin-1) is printed as "?", not a
    traceback after the work is done.  stderr replaces with escapes already; --json is
    ASCII.  A closed stdout (`>&-`) or a windowed program's has no stream (None)."""
    if sys.stdout is not None and sys.stdout.errors == "strict":
        with contextlib.suppress(AttributeError, ValueError):  # not a text file (a test's)
            sys.stdout.reconfigure(errors="replace")  # type: ignore[union-attr]


def _stdout_to_devnull() -> None:
    """Python flushes stdout again at exit, and a write that failed once (a reader gone,
    a full disk) would fail again there: it goes to devnull first (the Python docs'
    advice for SIGPIPE)."""
    # ValueError: stdout is not a file; AttributeError: there is none
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _say(line: str) -> None:
    """A line on stderr, if there is one (a windowed program or `2>&-` has none: print
    would then write on stdout, among the output)."""
    if sys.stderr is not None:
        print(line, file=sys.stderr)


def _main(argv: Sequence[str] | None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    args = quick_args(argv)
    if args is None:
        args = _parsed(argv)
    if args is None:
        return EXIT_USAGE
    if args.self_test:
        self_test = importlib.import_module(SELF_TEST_MODULE)  # Qt only when asked
        passed: int = self_test.run_self_test(profile_dir=args.profile)
        return passed
    when_logging(_warnings_to_stderr)  # set up before a line is written (sync.logging_later)
    try:
        if args.command in (None, "gui"):
            return _run_gui(args.profile, getattr(args, "screenshot", None))
        output = _run_command(args)
    except BrokenPipeError:
        raise  # the reader went away: quietly (main)
    # An except clause's expression is evaluated only when an exception is matched,
    # so the happy path never imports the error classes (and with them the HTTP stack).
    except user_errors() as error:
        if isinstance(error, OSError) and error.errno is None:
            raise  # no file's, no disk's: a bug, with its traceback
        set_up_now()  # a salvage is logged
        message = _explained(Profile(args.profile or default_profile_dir()), error)
        _say(f"fielddesk: {_printable(message)}")
        code = int(getattr(error, "exit_code", EXIT_ERROR))  # cli.context.Interrupted: 130
        if getattr(args, "json", False):
            _show_failure(message, error, code)
        return code
    except KeyboardInterrupt:
        if getattr(args, "json", False):  # a second Ctrl-C (cli.commands._ctrl_c_cancels)
            _show_failure("interrupted", None, EXIT_INTERRUPTED)
        raise  # its line on stderr: main
    return _show(output, as_json=args.json)


def _show(output: Output, *, as_json: bool) -> int:
    """The command's output on stdout; its exit status says what it did, printed or not.

    A closed stdout (`>&-`, a windowed program: None) or one that cannot be written (a
    full disk) does not turn a note saved into an error that a script would retry."""
    if sys.stdout is None:
        return output.exit_code
    try:
        if as_json:
            print(json.dumps(output.data, indent=2, default=str))
        else:
            print(_printable(output.text))  # the helpdesk's text never drives the terminal
        sys.stdout.flush()  # a closed pipe shows here, not as a message at exit
    except BrokenPipeError:
        raise  # the reader went away: quietly (main)
    except OSError as error:
        _stdout_to_devnull()
        _say(f"fielddesk: the output was not written: {error.strerror or error}")
    return output.exit_code


def _show_failure(message: str, error: BaseException | None, exit_code: int) -> None:
    """With --json a failed command still answers on stdout, in one object a script can
    read (cli.failure), after its line on stderr; the exit status stays the error's."""
    from cli.failure import cause_of, failure_data  # noqa: PLC0415 - see user_errors

    cause = "interrupted" if error is None else cause_of(error)
    report = getattr(error, "report", None)  # cli.context.CommandError's
    if sys.stdout is None:
        return
    try:
        print(json.dumps(failure_data(message, cause, exit_code, report), indent=2, default=str))
        sys.stdout.flush()
    except OSError:  # the reader gone, a full disk: the status and stderr still tell it
        _stdout_to_devnull()


def _explained(profile: Profile, error: BaseException) -> str:
    """One line for an error that stopped a command (see ``user_errors``)."""
    from sync import private_files  # noqa: PLC0415 - see user_errors
    from sync.replica import explain_failure  # noqa: PLC0415 - salvages a damaged replica
    from sync.store import ReplicaDamaged, StoreError  # noqa: PLC0415

    if isinstance(error, OSError):
        return private_files.os_error_words(error)
    cannot_open = isinstance(error, StoreError) and not isinstance(error, ReplicaDamaged)
    if cannot_open and private_files.on_read_only_disk(profile.root):
        return private_files.read_only_words(profile.root)
    return explain_failure(profile, error)


def _parsed(argv: Sequence[str]) -> argparse.Namespace | None:
    """The arguments as argparse reads them; None (said on stderr) when one is not UTF-8."""
    from cli.parser import build_parser  # noqa: PLC0415 - `visits` needs no argparse
    from cli.text_input import bad_argument  # noqa: PLC0415

    parser = build_parser(argv)
    args = parser.parse_args(argv)
    complaint = bad_argument(parser, args)
    if complaint is not None:
        _say(f"fielddesk: {complaint}")
        return None
    return args


def _run_command(args: argparse.Namespace) -> Output:
    """A headless command: its handler is looked up by name ("module:function", or a
    function of cli.commands).  Only its own module is imported: a command that only
    reads the replica (cli.listing_commands) starts without the HTTP stack."""
    from cli.context import Context  # noqa: PLC0415

    module_name, _, name = args.handler.rpartition(":")
    module = importlib.import_module(module_name or "cli.commands")
    if not getattr(module, "LOGS_ONLY_WHEN_WRONG", False):
        set_up_now()  # the command's code (the sync engine, ...) may log through logging
    if args.command != "visits":  # the listing's cold start goes without (shutil, logging)
        _remove_copies_left_behind()
    context = Context(
        Profile(args.profile or default_profile_dir()), locked_ok=args.command in WHILE_LOCKED
    )
    try:
        handler: Command = getattr(module, name)
        return handler(args, context)
    finally:
        context.close()


def _remove_copies_left_behind() -> None:
    """Decrypted copies of opened files that a window which crashed left on disk: a
    laptop used from the terminal for days would otherwise keep them until a window."""
    from sync.open_copies import remove_leftovers  # noqa: PLC0415 - see _run_command

    with contextlib.suppress(OSError):  # the copies' folder cannot be read: the command runs
        remove_leftovers()


def _printable(text: str) -> str:
    from cli.terminal import printable  # noqa: PLC0415 - not for the window: its regex

    return printable(text)


def _warnings_to_stderr() -> None:
    """Other libraries' warnings on stderr.  FieldDesk's own log lines go to the profile's
    log file only (sync.logs): a command says what went wrong in one line of its own."""
    import logging  # noqa: PLC0415 - see sync.logging_later

    from sync.logs import LOGGERS  # noqa: PLC0415 - loads logging

    handler = logging.StreamHandler()  # stderr
    # On the handler, not the root: what FieldDesk's loggers (at INFO) pass reaches it anyway.
    handler.setLevel(logging.WARNING)
    handler.addFilter(lambda record: record.name.partition(".")[0] not in LOGGERS)
    logging.basicConfig(format="%(levelname)s %(name)s: %(message)s", handlers=[handler])


def _run_gui(chosen: Path | None, screenshot: Path | None) -> int:
    # No collections while the window's modules load: what they make lives as long as the
    # process; the window turns them back on at its first paint (desktop/shell/long_lived.py).
    gc.disable()
    try:
        return _open_window(chosen, screenshot)
    finally:  # no window painted (no display, a start that failed): collect again
        gc.enable()


def _open_window(chosen: Path | None, screenshot: Path | None) -> int:
    set_up_now()  # the window logs through logging
    app = importlib.import_module(GUI_MODULE)  # Qt only for the GUI
    # Without --profile the window opens the profile used last (several may exist).
    if chosen is None and os.environ.get("FIELDDESK_PROFILE"):
        chosen = default_profile_dir()
    profile = Profile(chosen) if chosen else _last_used_profile()
    try:
        code: int = app.run_gui(profile, screenshot=screenshot, explicit_profile=chosen is not None)
    except app.NoDisplayError as error:
        _say(f"fielddesk: {error}")
        return EXIT_ERROR
    return code


def _last_used_profile() -> Profile:
    """The profile the window opened last, else the default one (sync.profiles is read
    only here: a window given --profile starts without it)."""
    from sync.profiles import last_used, profiles_home  # noqa: PLC0415

    return last_used(profiles_home()) or Profile(default_profile_dir())


if __name__ == "__main__":
    sys.exit(main())
