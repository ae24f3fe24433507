"""The ``fielddesk dispatch`` sub-commands' arguments (handlers: cli.dispatch_commands).

Kept apart from the handlers so building the CLI parser imports nothing heavy.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

H = "cli.dispatch_commands:"  # where the handlers live

AddCommand = Callable[[Any, str, str, str], argparse.ArgumentParser]


def add_parser(sub: Any, command: AddCommand) -> None:
    """Add ``dispatch list|assign|unassign|hours`` (``command``: ``cli.__main__._command``)."""
    top = sub.add_parser("dispatch", help="assign and schedule visits (supervisors)")
    actions = top.add_subparsers(dest="dispatch_command", metavar="ACTION", required=True)
    listing = command(
        actions, "list", f"{H}cmd_dispatch_list", "what needs dispatching, who is booked"
    )
    listing.add_argument("--days", type=int, default=7, help="schedule days to show (default 7)")
    assign = command(actions, "assign", f"{H}cmd_dispatch_assign", "give a visit to a technician")
    assign.add_argument("id", type=int)
    assign.add_argument("technician", help="the technician's user name, e.g. alice")
    assign.add_argument("--start", required=True, help="'YYYY-MM-DD HH:MM' (your time zone)")
    assign.add_argument("--end", required=True, help="'YYYY-MM-DD HH:MM', or 'HH:MM' that day")
    assign.add_argument("--force", action="store_true", help="assign despite warnings")
    unassign = command(actions, "unassign", f"{H}cmd_dispatch_unassign", "back to the queue")
    unassign.add_argument("id", type=int)
    hours = command(actions, "hours", f"{H}cmd_dispatch_hours", "show or set working hours")
    hours.add_argument("--hours", help="e.g. 08:00-18:00")
    hours.add_argument("--days", help="e.g. mon-fri")
    hours.add_argument("--timezone", help="e.g. Europe/London (default: your helpdesk zone)")
