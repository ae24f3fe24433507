"""The ``fielddesk netcheck`` arguments (handler: cli.netcheck_commands).

Kept apart so building the parser imports nothing heavy.
"""

from __future__ import annotations

from typing import Any

from cli.dispatch_args import AddCommand

MAX_TIMEOUT_S = 60.0


def add_parser(sub: Any, command: AddCommand) -> None:
    """Add ``netcheck`` (``command``: ``cli.__main__._command``)."""
    parser = command(
        sub,
        "netcheck",
        "cli.netcheck_commands:cmd_netcheck",
        "check the network here: DNS, ports, web pages, ping, speed to the helpdesk; "
        "exits 3 when a check failed",
    )
    parser.add_argument(
        "targets",
        nargs="*",
        metavar="TARGET",
        help="host:port (TCP), http(s)://… (GET), ping:host, dns:name[@server[:port]], "
        "a bare name (DNS) or address (ping)",
    )
    parser.add_argument("--visit", type=int, metavar="ID", help="also the visit's site targets")
    parser.add_argument(
        "--attach", action="store_true", help="attach the run to the visit (internal note)"
    )
    parser.add_argument(
        "--save-targets",
        action="store_true",
        help="keep the TARGETs for the visit's site (and add them to its article in RT)",
    )
    parser.add_argument(
        "--timeout", type=float, default=3.0, metavar="S", help="per check (default 3 s)"
    )
    parser.add_argument(
        "--no-speed", action="store_true", help="skip the throughput test to the helpdesk"
    )
