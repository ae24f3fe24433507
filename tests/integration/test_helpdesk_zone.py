"""A helpdesk server that keeps another clock than UTC, as most do.

RT reads every date it is sent in the user's own zone or, for a user who chose none
(most), in the server's ``$Timezone``: US/Eastern by RT's own default, the server's
zone on Debian.  REST2 never says which.  A FieldDesk that assumed UTC wrote a
visit booked for 09:00 at 14:00 and asked "changed since" five hours late, so
changes in between were never pulled.  Here RT runs at US/Eastern.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
import requests

from devrt.instance import RTInstance, RunningRT
from sync.connectors.rt import RTConnector
from sync.connectors.rt_http import Credentials, RTHttp
from sync.connectors.rt_zone import fixed_zone_name, rt_zone
from sync.helpdesk_zone import CHECKED_SETTING, ZONE_SETTING, helpdesk_zone
from sync.profile import Profile
from sync.replica import open_replica
from sync.session import Session, sign_in
from sync.store.settings import set_setting
from tests.integration.helpers import connector

pytestmark = pytest.mark.rt

SERVER_ZONE = "America/New_York"
SITE = "Elmgrove Medical Practice"  # a sample site with equipment on record


@pytest.fixture(scope="module")
def eastern_rt(tmp_path_factory: pytest.TempPathFactory, rt_database: str) -> Iterator[RunningRT]:
    root = tmp_path_factory.mktemp("rt-eastern")
    instance = RTInstance(root, database=rt_database, server_zone=SERVER_ZONE)
    running = instance.up()
    yield running
    instance.down()


def signed_in(rt: RunningRT, user: str) -> RTConnector:
    """user's connection as sign-in leaves it: in the zone sign-in found."""
    http = RTHttp(rt.url, Credentials(user, token=rt.token(user)))
    zone = RTConnector(http).current_user().timezone
    return RTConnector(http, timezone=zone)


def test_sign_in_finds_the_servers_zone_when_the_laptop_shares_it(
    eastern_rt: RunningRT, laptop_in: Callable[[str], None]
) -> None:
    laptop_in(SERVER_ZONE)
    assert signed_in(eastern_rt, "alice").timezone == SERVER_ZONE


def test_a_laptop_elsewhere_measures_the_offset_the_server_reads_in(
    eastern_rt: RunningRT, laptop_in: Callable[[str], None]
) -> None:
    laptop_in("Europe/Berlin")
    offset = datetime.now(rt_zone(SERVER_ZONE)).utcoffset()
    assert offset is not None
    assert signed_in(eastern_rt, "alice").timezone == fixed_zone_name(offset)


def test_a_visit_booked_here_is_on_the_helpdesk_at_that_very_time(
    eastern_rt: RunningRT, laptop_in: Callable[[str], None]
) -> None:
    laptop_in(SERVER_ZONE)
    supervisor = signed_in(eastern_rt, "supervisor")
    ticket = supervisor.fetch_ticket(1)
    windows = [
        ("2026-06-10T13:00:00Z", "2026-06-10T15:00:00Z"),  # 09:00-11:00 in summer time
        ("2027-01-15T14:00:00Z", "2027-01-15T16:30:00Z"),  # 09:00-11:30 in winter time
        # 03:30 on the morning the clocks go forward: RT's arithmetic needs 02:30 sent.
        ("2026-03-08T07:30:00Z", "2026-03-08T09:00:00Z"),
    ]
    for start, end in windows:
        supervisor.update_ticket(ticket.id, ticket.etag, {"visit_start": start, "visit_end": end})
        ticket = supervisor.fetch_ticket(ticket.id)
        held = (ticket.fields["visit_start"], ticket.fields["visit_end"])
        assert held == (start, end)


def test_a_change_made_after_the_last_look_is_found_by_the_next(
    eastern_rt: RunningRT, laptop_in: Callable[[str], None]
) -> None:
    laptop_in("Europe/Berlin")  # the laptop's zone is not the server's: measured
    alice = signed_in(eastern_rt, "alice")
    before = alice.site_assets([SITE], None)
    assert before.assets and before.server_time is not None
    asset = before.assets[0]
    time.sleep(1.1)  # RT keeps whole seconds: the change comes after the last look
    changed = requests.put(
        f"{eastern_rt.url}/REST/2.0/asset/{asset.id}",
        headers={
            "Authorization": f"token {eastern_rt.token('supervisor')}",
            "Content-Type": "application/json",
        },
        json={"Description": "Moved to the server room"},
        timeout=30,
    )
    assert changed.ok, changed.text
    after = alice.site_assets([SITE], before.server_time)
    assert [a.id for a in after.assets] == [asset.id]
    assert after.assets[0].description == "Moved to the server room"


def test_a_laptop_signed_in_when_utc_was_assumed_learns_the_zone_at_its_next_sync(
    eastern_rt: RunningRT, laptop_in: Callable[[str], None], tmp_path: Path
) -> None:
    laptop_in(SERVER_ZONE)
    profile = Profile(tmp_path / "alice").ensure()
    sign_in(profile, eastern_rt.url, "alice", eastern_rt.token("alice"), "token")
    db = open_replica(profile)
    try:  # as an older FieldDesk left it: UTC assumed, never checked
        set_setting(db, ZONE_SETTING, "UTC")
        db.execute("DELETE FROM settings WHERE key = ?", [CHECKED_SETTING])
    finally:
        db.close()
    session = Session(profile)
    try:
        assert session.sync().ok
        assert helpdesk_zone(session.db) == SERVER_ZONE
        assert session.connector().timezone == SERVER_ZONE
    finally:
        session.close()


def test_a_ticket_changed_while_asked_about_gives_no_answer_this_time(
    eastern_rt: RunningRT, laptop_in: Callable[[str], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The newest ticket is the busiest.  A colleague's change between the probe's
    searches moves the moment they compare against (by hours, for a ticket changed
    long ago: the review measured "UTC+14:00", kept a day): such a probe answers
    nothing, so the zone known so far stays and the next sync asks again."""
    laptop_in("Europe/Berlin")  # not the server's zone: the offset is measured
    http = RTHttp(eastern_rt.url, Credentials("alice", token=eastern_rt.token("alice")))
    alice, boss = RTConnector(http), connector(eastern_rt, "supervisor")
    asked = http.get

    def colleague_changes_it_after_the_first_look(path: str, *args: object, **kw: object):  # type: ignore[no-untyped-def]
        reply = asked(path, *args, **kw)  # type: ignore[arg-type]
        if path == "tickets" and not changed:
            changed.append(reply.body["items"][0]["id"])
            time.sleep(1.1)  # RT keeps whole seconds
            note = {"Content": "Checked the fuser.", "ContentType": "text/plain"}
            boss.http.post(f"ticket/{int(changed[0])}/comment", note)
        return reply

    changed: list[str] = []
    monkeypatch.setattr(http, "get", colleague_changes_it_after_the_first_look)
    assert alice.helpdesk_zone(["Europe/Berlin"]) is None
    assert changed, "the colleague's change came between the searches"
