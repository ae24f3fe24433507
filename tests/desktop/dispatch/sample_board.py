"""A supervisor's replica with a sample week, without a helpdesk.

For the board's pure GUI tests and ``scripts/screenshot_dispatch.py``: three
technicians, visits booked this week around today, and tickets to dispatch
of several priorities, ages and SLAs.  Times are relative to now, in the
given zone, so the picture always shows "this week".
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlite_utils

from sync import dispatch
from sync.connectors.base import RemoteTicket, RemoteUser
from sync.store import dispatch as board_store
from sync.store import tickets as ticket_store
from sync.store import transaction
from sync.store.settings import set_setting
from sync.store.users import set_user_details

ZONE = "Europe/London"
TEAM = [("alice", "Alice Archer"), ("bob", "Bob Brennan"), ("carol", "Carol Chen")]
# (owner, day offset from today, start hour, hours, site, subject, status)
BOOKED = [
    ("alice", 0, 9, 1.5, "Elmgrove Medical Practice", "Printer jams on every page", "open"),
    ("alice", 0, 13, 2, "Quayside Print & Copy", "Scanner to e-mail broken", "new"),
    ("alice", 1, 10, 1, "Harbour View Hotel", "Weak Wi-Fi in rooms 214 and 216", "open"),
    ("bob", 0, 8.5, 3, "Müller GmbH UK", "Goods-in network point dead", "open"),
    ("bob", 1, 14, 1.5, "St Anne's Primary School", "Chromebooks get no IP", "stalled"),
    ("bob", 2, 9, 2, "Northgate Dental", "Backup job failing", "new"),
    ("carol", 0, 15, 1, "Riverside Bakery", "Card payments failing", "open"),
    ("carol", 1, 9.5, 2, "Elmgrove Medical Practice", "New PCs for reception", "new"),
    ("carol", 3, 11, 1.5, "Castle Street Library", "Self-service kiosk frozen", "open"),
]
# (priority, SLA due in hours, age in hours, site, subject)
WAITING = [
    (90, 5, 20, "Harbour View Hotel", "Front desk PC will not boot"),
    (70, 30, 52, "Quayside Print & Copy", "Outlook slow, asks for shared mailbox password"),
    (50, 50, 6, "Northgate Dental", "X-ray viewer cannot reach the server"),
    (50, 75, 130, "Riverside Bakery", "Till receipt printer faint"),
    (30, 120, 400, "St Anne's Primary School", "Projector in hall flickers"),
    (10, 200, 30, "Castle Street Library", "Move two desks and their network points"),
]
FIRST_ID = 100


def _iso(moment: datetime) -> str:
    return dispatch.iso(moment)


def seed_board(db: sqlite_utils.Database, now: datetime | None = None) -> list[int]:
    """Fill db as a supervisor's replica; returns the ids of the tickets to dispatch."""
    now = now or datetime.now(UTC)
    zone = ZoneInfo(ZONE)
    today = now.astimezone(zone).date()
    dispatch.remember_role(db, 1)
    set_setting(db, dispatch.ZONE_SETTING, ZONE)
    set_setting(db, "user", "supervisor")
    waiting_ids = []
    with transaction(db):
        board_store.replace_technicians(
            db, [RemoteUser(n, name, real, f"{name}@example.com") for n, (name, real) in
                 enumerate(TEAM, start=2)]
        )  # fmt: skip
        for name, real in TEAM:
            set_user_details(db, name, real, f"{name}@example.com")
        number = FIRST_ID
        for owner, day, hour, hours, site, subject, status in BOOKED:
            start = datetime.combine(today + timedelta(days=day), time(0), zone) + timedelta(
                hours=hour
            )
            created, due = now - timedelta(days=2), now + timedelta(days=day + 1)
            end = start + timedelta(hours=hours)
            _ticket(db, number, subject, site, status, 50, created, due, owner, start, end)
            number += 1
        for priority, due_hours, age_hours, site, subject in WAITING:
            _ticket(db, number, subject, site, "new", priority,
                    now - timedelta(hours=age_hours), now + timedelta(hours=due_hours))  # fmt: skip
            waiting_ids.append(number)
            number += 1
    return waiting_ids


def _ticket(  # noqa: PLR0917 - one sample ticket, its fields in the tables' order
    db: sqlite_utils.Database,
    number: int,
    subject: str,
    site: str,
    status: str,
    priority: int,
    created: datetime,
    due: datetime,
    owner: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> None:
    ticket_store.apply_remote_ticket(
        db,
        RemoteTicket(
            id=number,
            etag="1",
            last_updated=_iso(created),
            created=_iso(created),
            queue="3",
            fields={
                "subject": subject,
                "status": status,
                "priority": str(priority),
                "owner": owner,
                "site": site,
                "due": _iso(due),
                "visit_start": _iso(start) if start else None,
                "visit_end": _iso(end) if end else None,
            },
            requestors=[],
            time_worked=0,
        ),
    )
