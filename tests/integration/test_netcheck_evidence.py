"""A network check against the real RT: the site's targets come down from its KB
article, and a run attached offline reaches the ticket once, as one note with
its JSON, even when RT's reply to it is lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync.changes.site_targets import save_and_share
from sync.connectors.base import NewArticleRequest
from sync.netcheck import history, site_targets
from sync.netcheck.evidence import attach_run
from sync.netcheck.result import FAIL, PASS, Cancel
from sync.netcheck.run import Options, plan, run_checks
from sync.netcheck.targets import parse_targets
from sync.store import tickets as ticket_store
from sync.store.outbox import open_count
from tests.faults.checks import wait_until_due
from tests.faults.proxy import FaultProxy, comment_on
from tests.integration.helpers import Technician, connector
from tests.netcheck_servers import closed_port, silent_tcp

pytestmark = pytest.mark.rt


@pytest.fixture(scope="module")
def alice(rt: RunningRT, tmp_path_factory: pytest.TempPathFactory) -> Technician:
    laptop = Technician(rt, "alice", tmp_path_factory.mktemp("alice"))
    assert laptop.sync().ok
    return laptop


def a_visit_with_a_site(laptop: Technician) -> ticket_store.Visit:
    return next(v for v in ticket_store.list_visits(laptop.db) if v.site)


def test_the_sites_targets_come_from_its_article_in_rt(rt: RunningRT, alice: Technician) -> None:
    visit = a_visit_with_a_site(alice)
    assert visit.site is not None
    boss = connector(rt, "supervisor")
    boss.create_article(
        NewArticleRequest(
            site_targets.article_name(visit.site.upper()),
            "What to check at this site",
            "<p>Kit at this site:</p><p>127.0.0.1:9100 # reception printer</p>"
            "<p>https://127.0.0.1:8443/ # the NAS page</p>",
        )
    )
    assert alice.sync().ok
    targets = site_targets.site_targets(alice.db, visit.site)
    assert [(t.text, t.label) for t in targets] == [
        ("127.0.0.1:9100", "reception printer"),
        ("https://127.0.0.1:8443/", "the NAS page"),
    ]


def test_an_attached_run_reaches_rt_once_despite_a_lost_reply(
    rt: RunningRT, alice: Technician, tmp_path: Path
) -> None:
    visit = a_visit_with_a_site(alice)
    with silent_tcp() as open_port, closed_port() as shut:
        targets = parse_targets([f"127.0.0.1:{open_port} # switch", f"127.0.0.1:{shut} # printer"])
        run = run_checks(plan(targets, Options()), Options(timeout_s=1), Cancel())
    run.site, run.ticket_id = visit.site or "", visit.id
    assert [r.status for r in run.results[1:]] == [PASS, FAIL]
    run_id = history.save_run(alice.db, run)
    attach_run(alice.db, tmp_path / "files", run_id, visit.id, author="alice")  # offline

    with FaultProxy(rt.url) as proxy:
        proxy.drop_reply_for(comment_on(visit.id), times=1)
        assert not alice.sync(proxy.url).ok  # RT kept the note; its answer was lost
        wait_until_due(alice.db)
        assert alice.sync(proxy.url).ok
    assert alice.sync().ok
    assert open_count(alice.db) == 0

    boss = connector(rt, "supervisor")
    notes = [
        t
        for t in boss.fetch_history(visit.id, 0)
        if t.type == "Comment" and (t.body or "").startswith("Network check at")
    ]
    assert len(notes) == 1
    body = notes[0].body or ""
    assert body.index(f"127.0.0.1:{shut} (printer)") < body.index(f"127.0.0.1:{open_port} (switch)")
    (attached,) = notes[0].attachments
    assert attached.filename.startswith("netcheck-") and attached.filename.endswith(".json")
    raw = json.loads(boss.fetch_attachment(attached.id, 1_000_000))
    assert [r["status"] for r in raw["results"][1:]] == [PASS, FAIL]
    assert raw["ticket_id"] == visit.id


def article_lines(rt: RunningRT, site: str) -> list[str]:
    boss = connector(rt, "supervisor")
    article_id = boss.find_article(site_targets.article_name(site))
    assert article_id is not None
    return site_targets.lines_of(boss.fetch_article(article_id).content)


def test_targets_added_on_site_reach_the_sites_article_once(
    rt: RunningRT, alice: Technician, tmp_path: Path
) -> None:
    first_site = a_visit_with_a_site(alice).site
    site = next(
        v.site for v in ticket_store.list_visits(alice.db) if v.site and v.site != first_site
    )
    assert site is not None
    printer = parse_targets(["10.20.0.5:9100  # reception printer"])
    assert save_and_share(alice.db, site, printer) == 1
    assert alice.sync().ok  # no article for this site yet: it is created
    assert article_lines(rt, site) == ["10.20.0.5:9100  # reception printer"]

    nas = parse_targets(["nas.site.test:445  # NAS"])
    assert save_and_share(alice.db, site, printer + nas) == 1
    with FaultProxy(rt.url) as proxy:
        proxy.drop_reply_for(lambda method, path: method == "PUT" and "/article/" in path, times=1)
        assert not alice.sync(proxy.url).ok  # RT changed the article; its answer was lost
        wait_until_due(alice.db)
        assert alice.sync(proxy.url).ok
    assert alice.sync().ok
    assert open_count(alice.db) == 0
    assert article_lines(rt, site) == [
        "10.20.0.5:9100  # reception printer",
        "nas.site.test:445  # NAS",
    ]
    # This laptop has both at once; the next laptop at the site gets both from the helpdesk.
    next_laptop = Technician(rt, "alice", tmp_path / "next")
    assert next_laptop.sync().ok
    for laptop in (alice, next_laptop):
        assert [t.text for t in site_targets.helpdesk_targets(laptop.db, site)] == [
            "10.20.0.5:9100",
            "nas.site.test:445",
        ]
