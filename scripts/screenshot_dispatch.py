"""Render a supervisor's window on the Dispatch board with a sample week, to a PNG.

    PYTHONPATH=. .venv/bin/python scripts/screenshot_dispatch.py --out dispatch.png

No helpdesk needed: a throw-away profile holds three technicians, this week's
visits and tickets to dispatch (tests/desktop/dispatch/sample_board.py).
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
from PySide6.QtCore import QSize

from desktop.app import application
from desktop.common.theme import SCHEME_ENV
from desktop.shell.window_place import size_for_picture
from sync.account import Account, save_account
from sync.profile import Profile
from sync.secrets import MemoryKeyring
from sync.store import open_database
from tests.desktop.dispatch.sample_board import seed_board


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scheme", choices=("light", "dark"), default="light")
    parser.add_argument("--size", default="1280x800", help="width x height")
    parser.add_argument("--out", type=Path, default=Path("dispatch.png"))
    args = parser.parse_args()
    os.environ[SCHEME_ENV] = args.scheme
    app = application()
    from desktop.shell.main_window import MainWindow  # noqa: PLC0415  (after the palette)

    with tempfile.TemporaryDirectory() as home:
        profile = Profile(Path(home) / "profile").ensure()
        keyring.set_keyring(MemoryKeyring())  # the sample's token stays in this process
        account = Account(url="https://helpdesk.example.com", user="supervisor", auth="token")
        save_account(profile, account, "sample-token")
        db = open_database(profile.database_path)
        seed_board(db)
        db.close()
        window = MainWindow(profile)
        width, height = (int(x) for x in args.size.split("x"))
        size_for_picture(window, QSize(width, height))
        window.show()
        for _ in range(3):  # layout, then the board's scroll to today
            app.processEvents()
        window.grab().save(str(args.out))
        window.close()
    print(args.out)


if __name__ == "__main__":
    main()
