"""Render docs/screenshots/checklist.png: the checklist tab and the visit timer.

    PYTHONPATH=. .venv/bin/python scripts/screenshot_checklists.py [--dir DIR] [--out PNG]

Starts (or reuses) a private RT in DIR (the demo's by default), signs Alice in
on a throw-away profile, syncs, does part of the printer checklist and starts
the on-site timer 23 minutes ago, then saves a picture of the window.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
from PySide6.QtCore import QSize, QTimer
from PySide6.QtWidgets import QApplication

from devrt.__main__ import default_dir
from devrt.instance import RTInstance
from sync.profile import Profile
from sync.secrets import MemoryKeyring
from sync.session import Session, sign_in
from sync.store import checklists, timers
from sync.store import tickets as ticket_store

VISIT = "Front-desk printer jams on every second page"
WORK = {1: "48210", 2: "35", 3: "13.B2.D1 x14", 4: None, 5: "worn", 6: "good"}


def prepare(profile: Profile, url: str, token: str) -> int:
    sign_in(profile, url, "alice", token, "token")
    session = Session(profile)
    try:
        assert session.sync().ok
        db = session.db
        ticket = next(v.id for v in ticket_store.list_visits(db) if v.subject == VISIT)
        checklists.ensure_checklists(db, ticket)
        for number, value in WORK.items():
            if value is None:
                checklists.tick(db, ticket, number, True, by="alice")
            else:
                checklists.set_value(db, ticket, number, value, by="alice")
        checklists.set_comment(db, ticket, 5, "Glazed; cleaned, new set ordered", by="alice")
        timers.start(db, ticket, "travel")
        db.execute(
            "UPDATE visit_timers SET running_since = strftime('%Y-%m-%dT%H:%M:%SZ',"
            " 'now', '-23 minutes'), elapsed_s = 0"
        )
        timers.start(db, ticket, "on_site")
        db.execute(
            "UPDATE visit_timers SET running_since = strftime('%Y-%m-%dT%H:%M:%SZ',"
            " 'now', '-38 minutes') WHERE running_since IS NOT NULL"
        )
        return ticket
    finally:
        session.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", type=Path, default=default_dir())
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots/checklist.png"))
    args = parser.parse_args()
    running = RTInstance(args.dir).up()
    keyring.set_keyring(MemoryKeyring())
    with tempfile.TemporaryDirectory() as home:
        profile = Profile(Path(home) / "alice").ensure()
        ticket = prepare(profile, running.url, running.token("alice"))
        from desktop.app import application  # noqa: PLC0415 - Qt after the replica is ready
        from desktop.shell.main_window import MainWindow  # noqa: PLC0415
        from desktop.shell.window_place import size_for_picture  # noqa: PLC0415
        from desktop.visit.detail import TAB_CHECKLIST  # noqa: PLC0415

        app = application()
        window = MainWindow(profile)
        size_for_picture(window, QSize(1360, 820))
        window.show()

        def open_checklist() -> None:  # once the window is up: its start selects a visit too
            window.open_visit(ticket)
            panel = window.visit_panel
            panel.tabs.setCurrentIndex(TAB_CHECKLIST)  # the tab is made when first opened
            panel.checklist.select_number(7)
            panel.checklist.tree.setFocus()

        def save() -> None:
            window.grab().save(str(args.out))
            window.close()
            QApplication.quit()

        QTimer.singleShot(300, open_checklist)
        QTimer.singleShot(900, save)
        app.exec()
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
