"""The ``fielddesk`` command line: the GUI and the headless commands.

Qt is imported only by the ``gui`` command, so scripted commands start fast
and run on machines without a display.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from sync import __version__
from sync.profile import Profile, default_profile_dir

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


class CommandError(Exception):
    """A user-facing failure: printed as one line on stderr, exit status 1."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fielddesk",
        description="FieldDesk: site visits and knowledge base, online or offline.",
    )
    parser.add_argument("--version", action="version", version=f"FieldDesk {__version__}")
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="DIR",
        help="data directory of the profile to use (default: %(default)s)",
        default=default_profile_dir(),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    gui = commands.add_parser("gui", help="open the FieldDesk window (the default)")
    gui.add_argument(
        "--screenshot",
        type=Path,
        metavar="PNG",
        help="render the main window off-screen into PNG and exit (no display needed)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    profile = Profile(args.profile)
    try:
        if args.command in (None, "gui"):
            return _run_gui(profile, getattr(args, "screenshot", None))
        parser.error(f"unknown command {args.command}")  # argparse exits with 2
    except CommandError as error:
        print(f"fielddesk: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return EXIT_ERROR
    return EXIT_OK


def _run_gui(profile: Profile, screenshot: Path | None) -> int:
    from desktop.app import NoDisplayError, run_gui  # noqa: PLC0415 - Qt only for the GUI

    try:
        return run_gui(profile, screenshot=screenshot)
    except NoDisplayError as error:
        raise CommandError(str(error)) from None


if __name__ == "__main__":
    sys.exit(main())
