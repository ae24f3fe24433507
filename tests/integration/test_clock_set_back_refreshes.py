"""A laptop clock set back does not stop related tickets and site equipment from
refreshing, against the real RT.

The laptop synced while its clock was two days ahead; NTP put it right since.  Their
last check then reads as two days in the future: it must count as due, not as "checked
less than four hours ago" for the next two days.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync import assets, related, site_assets
from sync.connectors.rt import FIELD_QUEUE
from sync.store import related as related_store
from sync.store import tickets as ticket_store
from tests.integration.helpers import Technician, connector

pytestmark = pytest.mark.rt

SITE = "Acme Dental Clinic"
AHEAD_S = 2 * 24 * 3600  # the laptop's clock when it last checked


@pytest.fixture
def alice(rt: RunningRT, tmp_path: Path) -> Technician:
    laptop = Technician(rt, "alice", tmp_path)
    report = laptop.sync()
    assert report.ok, report
    return laptop


def acme_visit(laptop: Technician) -> ticket_store.Visit:
    return next(
        v for v in ticket_store.list_visits(laptop.db) if v.site == SITE and "printer" in v.subject
    )


def related_subjects(laptop: Technician) -> set[str]:
    visit = acme_visit(laptop)
    found = related_store.related_to(laptop.db, visit.id, visit.site, related.window_start())
    return {r.subject for r in found}


def test_a_new_ticket_at_the_site_comes_down_after_the_clock_was_set_back(
    rt: RunningRT, alice: Technician
) -> None:
    related.refresh(alice.db, alice.connector, now=time.time() + AHEAD_S)  # clock ahead
    connector(rt, "supervisor").http.post(
        "ticket",
        {
            "Queue": FIELD_QUEUE,
            "Subject": "Printer jammed again on Monday",
            "Content": "Same printer, same message.",
            "CustomFields": {"Site": SITE},
        },
    )
    assert "Printer jammed again on Monday" not in related_subjects(alice)

    # Four hours later by the real clock, which NTP has put right.
    related.refresh(alice.db, alice.connector, now=time.time() + related.REFRESH_AFTER_S + 60)

    assert "Printer jammed again on Monday" in related_subjects(alice)


def test_equipment_changed_at_the_site_comes_down_after_the_clock_was_set_back(
    rt: RunningRT, alice: Technician
) -> None:
    site_assets.refresh(alice.db, alice.connector, now=time.time() + AHEAD_S)  # clock ahead
    [access_point] = [a for a in assets.assets_at_site(alice.db, SITE) if a.name == "ACME-AP-01"]
    connector(rt, "supervisor").update_asset(access_point.id, {"model": "UniFi U7 Pro"})

    # An hour later by the real clock, which NTP has put right.
    site_assets.refresh(
        alice.db, alice.connector, now=time.time() + site_assets.REFRESH_AFTER_S + 60
    )

    [after] = [a for a in assets.assets_at_site(alice.db, SITE) if a.name == "ACME-AP-01"]
    assert after.model == "UniFi U7 Pro"
