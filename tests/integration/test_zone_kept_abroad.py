"""A laptop taken to another zone keeps the helpdesk's zone it knew.

Bob chose no zone in RT, so RT reads his dates in the server's (Europe/Berlin here).
Signed in from a Berlin laptop, the replica knows "Europe/Berlin".  He flies to New
York; the next day's first sync checks the zone again.  The laptop's zone no longer
fits, and the check once settled for the offset it measured ("UTC+01:00" in winter):
a visit booked after Berlin's clocks go forward then reached RT an hour off, and the
sync after that saw a conflict nobody made.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests

from devrt.instance import RTInstance, RunningRT
from sync.changes.fields import set_fields
from sync.helpdesk_zone import CHECKED_SETTING, helpdesk_zone
from sync.profile import Profile
from sync.session import Session, sign_in
from sync.stamps import STAMP_FORMAT
from sync.store.settings import set_setting

pytestmark = pytest.mark.rt

SERVER_ZONE = "Europe/Berlin"
# Monday after the clocks go forward (28 Mar 2027): 10:00 to 12:00 in Berlin.
VISIT_START, VISIT_END = "2027-03-29T08:00:00Z", "2027-03-29T10:00:00Z"


@pytest.fixture(scope="module")
def berlin_rt(tmp_path_factory: pytest.TempPathFactory, rt_database: str) -> Iterator[RunningRT]:
    instance = RTInstance(
        tmp_path_factory.mktemp("rt-berlin"), database=rt_database, server_zone=SERVER_ZONE
    )
    running = instance.up()
    yield running
    instance.down()


def visit_times_on_rt(rt: RunningRT, user: str, ticket_id: int) -> dict[str, list[str]]:
    reply = requests.get(
        f"{rt.url}/REST/2.0/ticket/{ticket_id}",
        headers={"Authorization": f"token {rt.token(user)}"},
        timeout=30,
    )
    reply.raise_for_status()
    return {
        cf["name"]: cf["values"]
        for cf in reply.json()["CustomFields"]
        if cf["name"] in ("Visit Start", "Visit End")
    }


def test_a_laptop_flown_to_new_york_keeps_the_helpdesks_zone_and_books_visits_exactly(
    berlin_rt: RunningRT, laptop_in: Callable[[str], None], tmp_path: Path
) -> None:
    laptop_in(SERVER_ZONE)
    profile = Profile(tmp_path / "bob").ensure()
    sign_in(profile, berlin_rt.url, "bob", berlin_rt.token("bob"), "token")
    session = Session(profile)
    try:
        assert session.sync().ok
        assert helpdesk_zone(session.db) == SERVER_ZONE
        ticket_id = session.db.execute(
            "SELECT id FROM tickets WHERE owner = 'bob' AND id > 0 ORDER BY id LIMIT 1"
        ).fetchone()[0]

        laptop_in("America/New_York")  # the flight; the next day's first sync checks again
        a_day_ago = datetime.now(UTC) - timedelta(days=1, minutes=5)
        set_setting(session.db, CHECKED_SETTING, a_day_ago.strftime(STAMP_FORMAT))
        set_fields(session.db, ticket_id, {"visit_start": VISIT_START, "visit_end": VISIT_END})
        sent = session.sync()
        assert sent.ok and sent.pushed == 1 and sent.conflicts == 0
        assert helpdesk_zone(session.db) == SERVER_ZONE

        held = visit_times_on_rt(berlin_rt, "bob", ticket_id)
        assert held == {"Visit Start": [VISIT_START], "Visit End": [VISIT_END]}
        assert session.sync().conflicts == 0  # the next sync finds what it sent
    finally:
        session.close()
