"""A ticket linked to equipment and to another ticket keeps syncing whole.

RT 5.0.3 answers 500 to ``GET /transaction/N`` for an AddLink transaction;
FieldDesk reads history through transaction searches, which list such rows
fine.  Whatever lands in the history after a link must still come down.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync.link_targets import EQUIPMENT, TICKET, LinkTarget, link_target
from sync.store import assets as asset_store
from sync.store import tickets as ticket_store
from tests.integration.helpers import Technician, connector

pytestmark = pytest.mark.rt


def test_links_to_an_asset_and_a_ticket_neither_stall_nor_drop_history(
    rt: RunningRT, tmp_path: Path
) -> None:
    alice = Technician(rt, "alice", tmp_path)
    assert alice.sync().ok
    visits = [v for v in ticket_store.list_visits(alice.db) if v.status in ("new", "open")]
    visit, other = visits[0].id, visits[1].id
    boss = connector(rt, "supervisor")
    linked_assets = {a.id for a in asset_store.assets_of(alice.db, visit)}
    spare = next(
        int(a["id"])
        for a in boss.all_pages("assets", {"query": "id > 0", "fields": "Name"})
        if int(a["id"]) not in linked_assets
    )

    boss.http.put(f"ticket/{visit}", {"AddRefersTo": f"asset:{spare}"})
    boss.http.put(f"ticket/{visit}", {"AddRefersTo": str(other)})
    boss.http.post(
        f"ticket/{visit}/comment",
        {"Content": "Replacement unit is on the van.", "ContentType": "text/plain"},
    )

    report = alice.sync()

    assert report.ok, report
    history = ticket_store.history(alice.db, visit)
    links = [e for e in history if e.type == "AddLink"]
    # Recorded in RT's own URI form, and read back as the equipment and the ticket.
    targets = {link_target(e.new_value) for e in links}
    assert {LinkTarget(EQUIPMENT, spare), LinkTarget(TICKET, other)} <= targets
    assert history[-1].body == "Replacement unit is on the van."
    assert spare in {a.id for a in asset_store.assets_of(alice.db, visit)}
    assert alice.sync().ok  # and nothing comes down twice
    assert ticket_store.history(alice.db, visit) == history
    alice.db.close()
