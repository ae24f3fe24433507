"""A ticket opened offline is, once synced, the helpdesk's ticket once: its request, its
time and its equipment work each once, and a lost answer costs no failing syncs.

A review found the request shown twice after the sync (ours "not yet sent" for
good) and its time counted twice in the visit's time, which the service report
gives the customer to sign; the equipment work left behind under -1 for the next
ticket opened offline; and, when RT made the ticket but its answer and the lookups
after it failed, every sync failing until the push settled it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync import assets, outbox
from sync.connectors.rt import ticket_sql_quote
from sync.store import tickets as ticket_store
from sync.workflow import report_content
from tests.faults.checks import unique, wait_until_due
from tests.faults.proxy import FaultProxy
from tests.integration.helpers import Technician, connector, server_ticket

pytestmark = pytest.mark.rt


def ticket_posts(method: str, path: str) -> bool:
    return method == "POST" and path.rstrip("/").endswith("/ticket")


def ticket_searches(method: str, path: str) -> bool:
    return method == "GET" and path.rstrip("/").endswith("/tickets")


def signed_in(rt: RunningRT, tmp_path: Path) -> Technician:
    laptop = Technician(rt, "alice", tmp_path)
    assert laptop.sync().ok
    return laptop


def opened_offline(laptop: Technician, subject: str, minutes: int = 0) -> int:
    return outbox.create_ticket(
        laptop.db, subject=subject, content="Card reader offline since Monday.",
        owner="alice", fields={"site": "Acme Dental Clinic"}, minutes=minutes,
    )  # fmt: skip


def on_helpdesk(rt: RunningRT, subject: str) -> list[int]:
    found = connector(rt, "supervisor").search_tickets(
        f"Subject = {ticket_sql_quote(subject)}", "Subject"
    )
    return [int(str(ticket["id"])) for ticket in found]


def on_laptop(laptop: Technician, subject: str) -> list[int]:
    return [v.id for v in ticket_store.list_visits(laptop.db) if v.subject == subject]


def equipment_on_report(laptop: Technician, ticket_id: int) -> list[tuple[str, str]]:
    content = report_content(laptop.db, ticket_id, user="alice", technician="Alice Moreau")
    return [(touch.asset_name, touch.action) for touch in content.assets]


def test_its_request_is_shown_once_and_its_time_counted_once(rt: RunningRT, tmp_path: Path) -> None:
    laptop = signed_in(rt, tmp_path)
    subject = unique("Card reader offline")
    opened_offline(laptop, subject, minutes=30)

    assert laptop.sync().ok
    (ticket_id,) = on_helpdesk(rt, subject)
    assert laptop.sync().ok  # and the syncs after it

    assert server_ticket(rt, ticket_id).time_worked == 30
    visit = ticket_store.get_visit(laptop.db, ticket_id)
    assert visit is not None
    assert visit.time_worked == 30, "the time the customer signs for, counted twice"
    requests = [e for e in ticket_store.history(laptop.db, ticket_id) if e.type == "Create"]
    assert [(r.body or "").strip() for r in requests] == ["Card reader offline since Monday."]
    assert requests[0].id is not None, "shown as not yet sent"


def test_its_equipment_work_is_on_its_report_and_not_the_next_new_tickets(
    rt: RunningRT, tmp_path: Path
) -> None:
    laptop = signed_in(rt, tmp_path)
    subject = unique("Unmanaged switch under reception")
    local_id = opened_offline(laptop, subject)
    switch = unique("ACME-SW")
    assets.add_asset(laptop.db, {"name": switch, "site": "Acme Dental Clinic"}, ticket_id=local_id)
    (access_point,) = assets.find_assets(laptop.db, "ACME-AP-01")
    assets.link_asset(laptop.db, local_id, access_point.asset.id)

    assert laptop.sync().ok
    (ticket_id,) = on_helpdesk(rt, subject)

    assert equipment_on_report(laptop, ticket_id) == [(switch, "added"), ("ACME-AP-01", "linked")]
    assert equipment_on_report(laptop, opened_offline(laptop, unique("Another issue"))) == []


def test_a_ticket_made_whose_answer_and_lookups_failed_fails_no_sync(
    rt: RunningRT, tmp_path: Path
) -> None:
    laptop = signed_in(rt, tmp_path)
    subject = unique("Label printer jams every third label")
    local_id = opened_offline(laptop, subject, minutes=15)

    with FaultProxy(rt.url) as proxy:
        proxy.replace_status(ticket_posts, 502, forward=True, times=1)  # RT makes it
        proxy.replace_status(ticket_searches, 502, times=8)  # every lookup of this sync
        first = laptop.sync(proxy.url)  # the pull then lists the ticket RT made

        assert first.error is None, first
        (made,) = on_helpdesk(rt, subject)
        assert on_laptop(laptop, subject) == [local_id], "the push has not settled it yet"

        proxy.clear()
        wait_until_due(laptop.db)
        later = laptop.sync(proxy.url)

    assert later.ok, later
    assert on_helpdesk(rt, subject) == [made], "made twice"
    assert on_laptop(laptop, subject) == [made]
    visit = ticket_store.get_visit(laptop.db, made)
    assert visit is not None and visit.time_worked == 15
    assert [r for r in outbox.rows(laptop.db) if r.ticket_ref in (local_id, made)] == []
