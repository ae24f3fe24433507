"""Recurring incidents: other tickets at alice's sites, pulled from the real RT cheaply."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from devrt.instance import RunningRT
from sync import related
from sync.connectors.rt import FIELD_QUEUE, RTConnector
from sync.connectors.rt import related as rt_related
from sync.store import related as related_store
from sync.store import tickets as ticket_store
from sync.store import transaction
from tests.integration.helpers import Technician, connector
from tests.sync.test_store import remote_ticket

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
    assert subjects["Reception printer jamming again (13.B2)"] == "Bob Okafor"  # by real name
    assert subjects["Reception printer keeps jamming (13.B2)"] == "Carol Lindqvist"
    assert "Front-desk printer jams on every second page" not in subjects  # not itself


def test_an_idle_sync_asks_nothing_about_related_tickets(alice: Technician) -> None:
    report = alice.sync()
    assert report.ok and report.related_pulled == 0
    # Changed tickets, owned ids, KB articles, checklist templates: nothing about related ones.
    assert report.requests <= 4


class Listings:
    """The TicketSQL of every ticket listing a connector sends."""

    def __init__(self, connector: RTConnector) -> None:
        self.queries: list[str] = []
        get = connector.http.get

        def recorded(path: str, params: Any = None) -> Any:
            if path == "tickets":
                self.queries.append(str(dict(params)["query"]))
            return get(path, params)

        connector.http.get = recorded  # type: ignore[method-assign]

    def named(self) -> list[int]:
        """How many sites and assets each listing named."""
        return [q.count("CF.{Site} =") + q.count("RefersTo =") for q in self.queries]

    def take(self) -> list[int]:
        named = self.named()
        self.queries.clear()
        return named


def test_a_new_ticket_at_the_site_arrives_on_the_next_refresh_naming_no_site(
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
    listings = Listings(alice.connector)
    # Within the refresh interval a known site costs nothing.
    before = alice.connector.request_count
    assert related.refresh(alice.db, alice.connector) == 0
    assert alice.connector.request_count == before
    assert "Printer jammed again after lunch" not in related_subjects(alice, visit)
    # Once due: the field queue's changes (no site named), and what changed on the equipment.
    later = time.time() + related.REFRESH_AFTER_S + 1
    fetched = related.refresh(alice.db, alice.connector, now=later)
    named = listings.take()
    assert named[0] == 0 and len(named) == 2, named
    assert alice.connector.request_count - before == 2
    assert 1 <= fetched < 5, "only what changed, not every ticket of every site again"
    assert "Printer jammed again after lunch" in related_subjects(alice, visit)
    # Back on the real clock those checks lie in the future, as after a clock set back:
    # due again at once (the next tests' syncs then start from a laptop checked now).
    related.refresh(alice.db, alice.connector)
    assert len(listings.take()) == 2


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
    listings = Listings(alice.connector)
    report = alice.sync()
    assert report.ok and report.tickets_pulled == 1
    visit = ticket_store.get_visit(alice.db, new_id)
    assert visit is not None
    subjects = related_subjects(alice, visit)
    assert subjects, "bob's and carol's hotel tickets"
    # The new site's tickets (itself included), nothing of the sites known before.
    assert report.related_pulled == len(subjects) + 1
    related_listings = [q for q in listings.queries if "Solent View Hotel" in q]
    assert len(related_listings) == 1 and related_listings[0].count("CF.{Site} =") == 1


def test_with_many_sites_each_sync_names_a_bounded_number(rt: RunningRT, tmp_path: Path) -> None:
    laptop = Technician(rt, "alice", tmp_path)
    assert laptop.sync().ok
    # A month of visits booked at 150 more sites (kept locally: only their sites matter here).
    with transaction(laptop.db):
        for n in range(150):
            visit = remote_ticket(800_000 + n, site=f"Outlying site {n}")
            ticket_store.apply_remote_ticket(laptop.db, visit)
    listings = Listings(laptop.connector)
    now = time.time()
    per_sync = []
    for minute in range(5):
        related.refresh(laptop.db, laptop.connector, now=now + 60 * minute)
        per_sync.append(listings.take())
    budget = related.TERMS_PER_LISTING
    assert per_sync == [[budget] * 4, [budget] * 2, [], [], []], per_sync
    assert not related.pending(laptop.db, "Outlying site 149")
    # A ticket at one of them comes with the next refresh, whose listing names no site.
    connector(rt, "supervisor").http.post(
        "ticket",
        {
            "Queue": FIELD_QUEUE,
            "Subject": "Router at the outlying site reboots",
            "CustomFields": {"Site": "Outlying site 140"},
        },
    )
    related.refresh(laptop.db, laptop.connector, now=now + related.REFRESH_AFTER_S + 600)
    named = listings.take()
    assert named[0] == 0 and all(n <= budget for n in named), named
    assert len(named) <= 1 + related.LISTINGS_PER_SYNC
    found = related_store.related_to(
        laptop.db, 800_140, "Outlying site 140", related.window_start()
    )
    assert [r.subject for r in found] == ["Router at the outlying site reboots"]
    # Alice's own sites still show their earlier tickets.
    assert "Reception printer keeps jamming (13.B2)" in related_subjects(laptop, acme_visit(laptop))


def test_the_queues_changes_come_page_by_page_without_gaps_or_repeats(
    rt: RunningRT, monkeypatch: pytest.MonkeyPatch
) -> None:
    boss = connector(rt, "supervisor")
    since = related.window_start()
    whole = boss.field_queue_changes(since, (since, 0), 1)
    assert whole.complete and len(whole.tickets) > 20
    # Small pages: the sample's tickets share their seconds, so the keyset's id part works.
    monkeypatch.setattr(rt_related, "PAGE_SIZE", 4)
    seen: list[int] = []
    cursor, calls = (since, 0), 0
    while True:
        part = boss.field_queue_changes(since, cursor, 2)
        seen += [t.id for t in part.tickets]
        cursor, calls = part.cursor, calls + 1
        if part.complete:
            break
    assert calls > 2
    assert len(seen) == len(set(seen)) and set(seen) == {t.id for t in whole.tickets}
