"""Recurring incidents: other tickets at alice's sites, pulled from the real RT cheaply."""

from __future__ import annotations

import time

import pytest

from devrt.instance import RunningRT
from sync import related
from sync.connectors.rt import FIELD_QUEUE
from sync.store import related as related_store
from sync.store import tickets as ticket_store
from tests.integration.helpers import Technician, connector

pytestmark = pytest.mark.rt


@pytest.fixture(scope="module")
def alice(rt: RunningRT, tmp_path_factory: pytest.TempPathFactory) -> Technician:
    laptop = Technician(rt, "alice", tmp_path_factory.mktemp("alice"))
    report = laptop.sync()
    assert report.ok, report
    assert report.related_pulled > 0
    return laptop


def acme_visit(laptop: Technician) -> ticket_store.Visit:
    return next(
        v
        for v in ticket_store.list_visits(laptop.db)
        if v.site == "Acme Dental Clinic" and "printer" in v.subject
    )


def related_subjects(laptop: Technician, visit: ticket_store.Visit) -> dict[str, str | None]:
    found = related_store.related_to(laptop.db, visit.id, visit.site, related.window_start())
    return {r.subject: r.owner for r in found}


def test_first_sync_shows_bobs_and_carols_earlier_jams_at_the_same_site(
    alice: Technician,
) -> None:
    subjects = related_subjects(alice, acme_visit(alice))
    assert subjects["Reception printer jamming again (13.B2)"] == "bob"
    assert subjects["Reception printer keeps jamming (13.B2)"] == "carol"
    assert "Front-desk printer jams on every second page" not in subjects  # not itself


def test_an_idle_sync_asks_nothing_about_related_tickets(alice: Technician) -> None:
    report = alice.sync()
    assert report.ok and report.related_pulled == 0
    # Changed tickets, owned ids, KB articles, checklist templates: nothing about related ones.
    assert report.requests <= 4


def test_a_new_ticket_at_the_site_arrives_on_the_next_refresh_in_one_request(
    rt: RunningRT, alice: Technician
) -> None:
    boss = connector(rt, "supervisor")
    boss.http.post(
        "ticket",
        {
            "Queue": FIELD_QUEUE,
            "Subject": "Printer jammed again after lunch",
            "Content": "Same printer, same message.",
            "CustomFields": {"Site": "Acme Dental Clinic"},
        },
    )
    visit = acme_visit(alice)
    # Within the refresh interval a known site costs nothing.
    before = alice.connector.request_count
    assert related.refresh(alice.db, alice.connector) == 0
    assert alice.connector.request_count == before
    assert "Printer jammed again after lunch" not in related_subjects(alice, visit)
    # Once due, one listing of what changed since brings it.
    later = time.time() + related.REFRESH_AFTER_S + 1
    fetched = related.refresh(alice.db, alice.connector, now=later)
    assert alice.connector.request_count - before == 1
    assert 1 <= fetched < 5, "only what changed, not every ticket of every site again"
    assert "Printer jammed again after lunch" in related_subjects(alice, visit)


def test_a_visit_at_a_new_site_fetches_that_site_only(rt: RunningRT, alice: Technician) -> None:
    boss = connector(rt, "supervisor")
    reply = boss.http.post(
        "ticket",
        {
            "Queue": FIELD_QUEUE,
            "Subject": "Label printer offline",
            "Owner": "alice",
            "Content": "The despatch label printer is offline.",
            "CustomFields": {"Site": "Solent View Hotel"},
        },
    )
    new_id = int(reply.body["id"])
    report = alice.sync()
    assert report.ok and report.tickets_pulled == 1
    visit = ticket_store.get_visit(alice.db, new_id)
    assert visit is not None
    subjects = related_subjects(alice, visit)
    assert subjects, "bob's and carol's hotel tickets"
    # The new site's tickets (itself included), nothing of the sites known before.
    assert report.related_pulled == len(subjects) + 1
