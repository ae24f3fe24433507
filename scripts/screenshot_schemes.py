"""Render the main window with a visit's conversation, in the light or the dark scheme.

    PYTHONPATH=. .venv/bin/python scripts/screenshot_schemes.py --scheme dark --out dark.png

No helpdesk needed: a throw-away profile holds one visit with a request, a reply,
an internal note and a status change, so the colours of each can be looked at.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
from PySide6.QtCore import QSize

from desktop.app import application
from desktop.common.theme import SCHEME_ENV
from desktop.shell.window_place import size_for_picture
from desktop.visits.model import Scope
from sync.connectors.base import RemoteTicket, RemoteTransaction
from sync.profile import Profile
from sync.secrets import MemoryKeyring
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from sync.store.users import set_user_details

VISIT = 7
SAID = [
    ("Create", "julie@elmgrove.example", "The front-desk printer jams on every second page."),
    ("Correspond", "alice", "I will be with you at 9:00 tomorrow; please keep the jammed sheets."),
    ("Comment", "alice", "Pickup roller glazed; fuser fine. Ordered a roller kit."),
]


# Two more visits today, so the list shows its day groups, time windows and SLA states
# (at 1024×640 on two lines): (number, subject, site, hours from now, SLA due in hours)
TODAY = [
    (8, "Reception PC cannot find the front-desk printer after the switch swap",
     "St Bartholomew's Community Health Centre", -3, -2),
    (9, "Replace the pickup roller kit on the HP LaserJet in the back office",
     "Acme Logistics", -0.5, 2),
]  # fmt: skip


def _neighbour(number: int, subject: str, site: str, starts: float, due: float) -> RemoteTicket:
    now = datetime.now(UTC)

    def at(hours: float) -> str:
        return (now + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")

    return RemoteTicket(
        id=number,
        etag="1",
        last_updated="2026-11-23T08:00:00Z",
        created="2026-11-20T08:00:00Z",
        queue="3",
        fields={
            "subject": subject,
            "status": "open",
            "priority": "50",
            "owner": "alice",
            "site": site,
            "visit_start": at(starts),
            "visit_end": at(starts + 1),
            "due": at(due),
        },
        requestors=[],
        time_worked=0,
    )


def seed(profile: Profile) -> None:
    db = open_database(profile.database_path)
    with transaction(db):
        set_user_details(db, "alice", "Alice Moreau", "alice@fielddesk.example")  # at sign-in
        for neighbour in TODAY:
            ticket_store.apply_remote_ticket(db, _neighbour(*neighbour))
        ticket_store.apply_remote_ticket(
            db,
            RemoteTicket(
                id=VISIT,
                etag="1",
                last_updated="2026-11-23T08:00:00Z",
                created="2026-11-20T08:00:00Z",
                queue="3",
                fields={
                    "subject": "Front-desk printer jams on every second page",
                    "status": "open",
                    "priority": "50",
                    "owner": "alice",
                    "site": "Elmgrove Medical Practice",
                    "address": "12 Elm Grove, Leeds",
                    "contact": "Julie Marsh, +44 113 496 0123, julie@elmgrove.example",
                    "visit_start": "2026-11-23T09:00:00Z",
                },
                requestors=[{"id": "julie@elmgrove.example"}],
                time_worked=30,
            ),
        )
        history = [
            RemoteTransaction(number, VISIT, kind, f"2026-11-2{number}T09:00:00Z", who, body=text)
            for number, (kind, who, text) in enumerate(SAID, start=1)
        ]
        history.append(
            RemoteTransaction(
                4, VISIT, "Status", "2026-11-23T09:30:00Z", "alice", "Status", "new", "open"
            )
        )
        ticket_store.apply_remote_history(db, VISIT, history)
    db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scheme", choices=("light", "dark"), default="light")
    parser.add_argument("--size", default="1280x800", help="width x height")
    parser.add_argument("--out", type=Path, default=Path("fielddesk.png"))
    args = parser.parse_args()
    os.environ[SCHEME_ENV] = args.scheme
    keyring.set_keyring(MemoryKeyring())  # the throw-away replica's key, in this process only
    app = application()
    from desktop.shell.main_window import MainWindow  # noqa: PLC0415  (after the palette)

    with tempfile.TemporaryDirectory() as home:
        profile = Profile(Path(home) / "profile").ensure()
        seed(profile)
        window = MainWindow(profile)
        width, height = (int(x) for x in args.size.split("x"))
        size_for_picture(window, QSize(width, height))
        window.show()
        window.visits.set_scope(Scope.ALL)  # the visit with the conversation is days ago
        window.visit_panel  # noqa: B018 - made now, not in the turn after the list's paint
        window.open_visit(VISIT)
        settle = time.monotonic() + 0.5  # the list's worker read, the panel laid out
        while time.monotonic() < settle:
            app.processEvents()
            time.sleep(0.02)
        window.grab().save(str(args.out))
        window.close()
    print(args.out)


if __name__ == "__main__":
    main()
