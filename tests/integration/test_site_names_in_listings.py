"""Site names a listing cannot carry as they are: too long for RT's search, or together
too long for the request line of the web server in front of RT (real RT, real nginx)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import pytest

from devrt.certs import CertificateAuthority
from devrt.instance import RunningRT
from devrt.nginx import TLSFront, free_port
from sync import related
from sync.connectors.rt import FIELD_QUEUE, RTConnector
from sync.connectors.rt_http import RTHttp
from sync.store import assets as asset_store
from sync.store import related as related_store
from sync.store import tickets as ticket_store
from sync.store import transaction
from tests.integration.helpers import Technician, connector, helpdesk_zone
from tests.integration.rt_admin import delete_ticket
from tests.sync.test_store import remote_ticket

pytestmark = pytest.mark.rt

# Sixty Greek letters: a site name as a hospital in Athens writes it (2 bytes a letter).
GREEK_SITE = "Γενικό Νοσοκομείο Αθηνών Ευαγγελισμός, Πτέρυγα Β, Όροφος {n}"


def new_visit(rt: RunningRT, site: str, owner: str = "alice") -> int:
    body = {
        "Queue": FIELD_QUEUE,
        "Subject": f"Visit at {site[:20]}",
        "Owner": owner,
        "CustomFields": {"Site": site},
    }
    return int(connector(rt, "supervisor").http.post("ticket", body).body["id"])


@contextmanager
def ticket_at(rt: RunningRT, site: str, owner: str = "alice") -> Iterator[int]:
    """A ticket at ``site`` while the block runs; deleted after, for the tests that
    share this RT."""
    ticket_id = new_visit(rt, site, owner)
    try:
        yield ticket_id
    finally:
        delete_ticket(rt, ticket_id)


def test_a_pasted_megabyte_as_a_site_costs_the_sync_nothing(rt: RunningRT, tmp_path: Path) -> None:
    laptop = Technician(rt, "alice", tmp_path)
    assert laptop.sync().ok
    pasted = "Acme Dental Clinic, " + "see the floor plan in the attached mail. " * 25_000
    with ticket_at(rt, pasted) as visit:
        report = laptop.sync()
        assert report.ok, report  # was: "the connection to the helpdesk broke", every sync
        assert ticket_store.get_visit(laptop.db, visit) is not None
        assert not related.pending(laptop.db, pasted)  # no "earlier tickets come next sync"


def test_a_site_too_long_for_rts_search_does_not_bring_the_whole_queue(
    rt: RunningRT, tmp_path: Path
) -> None:
    laptop = Technician(rt, "alice", tmp_path)
    assert laptop.sync().ok
    # Over 255 characters RT keeps the value where its search does not look, and a
    # listing naming it alone answers with every ticket of the field queue.
    long_site = "Harbour Lofts, " + "unit 4 " * 45
    with ticket_at(rt, long_site):
        report = laptop.sync()
        assert report.ok, report
        assert report.related_pulled == 0, "other sites' tickets taken for this one's"
        assert not related.pending(laptop.db, long_site)


class Front(NamedTuple):
    url: str
    ca_file: Path


def test_a_site_with_square_brackets_gets_its_equipment_and_only_its_own(
    rt: RunningRT, tmp_path: Path
) -> None:
    laptop = Technician(rt, "alice", tmp_path)
    assert laptop.sync().ok
    boss = connector(rt, "supervisor")
    site, next_door = "Quayside Bakery [unit 2]", "Quayside Bakery [unit 3]"
    for name, at in (("Till printer, unit 2", site), ("Till printer, unit 3", next_door)):
        body = {"Name": name, "Catalog": "Field Equipment", "CustomFields": {"Site": at}}
        boss.http.post("asset", body)
    with ticket_at(rt, site):
        # RT 5.0.3 answers an asset search holding "[" with 500: every sync stopped there.
        report = laptop.sync()
        assert report.ok, report
        names = [a.name for a in asset_store.assets_at_site(laptop.db, site)]
        assert names == ["Till printer, unit 2"]


@pytest.fixture(scope="module")
def nginx_front(rt: RunningRT, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Front]:
    """The shared RT behind nginx with its default limits (a request line of at most 8 KB)."""
    root = tmp_path_factory.mktemp("front")
    ca = CertificateAuthority(root / "ca")
    certificate = ca.issue(root / "server", dns_names=("localhost",), ip_addresses=("127.0.0.1",))
    front = TLSFront(
        root / "nginx",
        port=free_port(),
        upstream_port=rt.port,
        certificate=certificate,
        path="",
        log=lambda _: None,
    )
    front.start(ca.certificate_path)
    try:
        yield Front(front.url, ca.certificate_path)
    finally:
        front.stop()


def test_many_long_site_names_reach_rt_through_a_web_server(
    rt: RunningRT, nginx_front: Front, tmp_path: Path
) -> None:
    laptop = Technician(rt, "alice", tmp_path)
    credentials = laptop.connector.http.credentials
    laptop.connector = RTConnector(
        RTHttp(nginx_front.url, credentials, ca_file=nginx_front.ca_file),
        timezone=helpdesk_zone(rt, "alice"),
    )
    assert laptop.sync().ok
    # Visits booked on every floor (kept locally: only their sites matter here).
    sites = [GREEK_SITE.format(n=n) for n in range(related.TERMS_PER_LISTING)]
    with transaction(laptop.db):
        for n, site in enumerate(sites):
            ticket_store.apply_remote_ticket(laptop.db, remote_ticket(820_000 + n, site=site))
    with ticket_at(rt, sites[-1], owner="bob") as earlier:
        related.refresh(laptop.db, laptop.connector)
        found = related_store.related_to(laptop.db, 820_024, sites[-1], related.window_start())
        assert [r.id for r in found] == [earlier]  # was: nginx answered 414, nothing came
        assert not any(related.pending(laptop.db, site) for site in sites)
