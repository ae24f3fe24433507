"""``fielddesk-devrt``: create, start, stop and reset a private RT 5 helpdesk.

fielddesk-devrt up      [--dir DIR] [--database sqlite|postgresql]
                                      create (first time) and start; prints URL and tokens
fielddesk-devrt down    [--dir DIR]   stop the server this instance started
fielddesk-devrt status  [--dir DIR]
fielddesk-devrt reset   [--dir DIR]   back to the freshly loaded sample data
fielddesk-devrt destroy [--dir DIR]   stop and delete the instance directory
fielddesk-devrt demo    [--dir DIR] [--user alice] [--screenshot PNG]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import platformdirs

from devrt.database import DATABASES, DatabaseError
from devrt.instance import SAMPLE_USERS, RTInstance, RTInstanceError, RunningRT
from devrt.packages import RTNotInstalled


def default_dir() -> Path:
    return Path(platformdirs.user_data_dir("FieldDesk", appauthor=False)) / "devrt"


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="fielddesk-devrt",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("command", choices=["up", "down", "status", "reset", "destroy", "demo"])
    parser.add_argument("--dir", type=Path, default=default_dir(), help="instance directory")
    parser.add_argument("--json", action="store_true", help="print the connection details as JSON")
    parser.add_argument(
        "--database",
        choices=DATABASES,
        help="RT's database (a private PostgreSQL cluster for postgresql); "
        "default: the one the instance has, sqlite for a new one",
    )
    parser.add_argument(
        "--user", default="alice", choices=SAMPLE_USERS, help="demo: the sample user to sign in as"
    )
    parser.add_argument(
        "--screenshot",
        type=Path,
        metavar="PNG",
        help="demo: save a picture of the window instead of showing it",
    )
    args = parser.parse_args(argv)
    instance = RTInstance(args.dir, log=_log, database=args.database)
    try:
        if args.command == "up":
            _print_running(instance.up(), as_json=args.json)
        elif args.command == "reset":
            _print_running(instance.reset(), as_json=args.json)
        elif args.command == "down":
            _log("stopped" if instance.down() else "not running")
        elif args.command == "destroy":
            instance.destroy()
        elif args.command == "status":
            running = instance.status()
            if running is None:
                _log(f"not running ({instance.root})")
                return 3
            _print_running(running, as_json=args.json)
        else:
            from devrt.demo import run_demo  # noqa: PLC0415 - pulls in the app

            return run_demo(instance, args.user, args.screenshot)
    except (RTNotInstalled, RTInstanceError, DatabaseError) as error:
        _log(f"fielddesk-devrt: {error}")
        return 1
    return 0


def _print_running(running: RunningRT, *, as_json: bool) -> None:
    if as_json:
        print(
            json.dumps(
                {
                    "url": running.url,
                    "port": running.port,
                    "pid": running.pid,
                    "dir": str(running.root),
                    "tokens": running.tokens,
                }
            )
        )
        return
    print(f"RT 5 is running at {running.url} (instance {running.root})")
    print(f"Sample users (password 'fielddesk'): {', '.join(SAMPLE_USERS)}")
    print(f"Auth tokens: {running.root / 'tokens.json'}")


if __name__ == "__main__":
    sys.exit(main())
