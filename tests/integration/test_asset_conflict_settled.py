"""Two technicians set different serials on one asset of a site they both visit, against
the real RT: the one who syncs second settles the conflict, and once he has synced RT
holds the serial he chose (written once), his laptop has nothing left unsent, and his
visit counts no unsent change.

Before: the settled conflict's change stayed "in conflict" for good -- "[1 unsent]" on
the visit, listed in the outbox, kept by retention, and named at sign-out.
"""

from __future__ import annotations

import pytest

from devrt.instance import RunningRT
from sync import assets
from sync.asset_conflicts import AssetChoice
from sync.connectors.rt import RTConnector
from sync.store import tickets as ticket_store
from sync.store.outbox import rows
from tests.integration.acme_assets import by_name
from tests.integration.helpers import Technician, connector

pytestmark = pytest.mark.rt

SITE = "Hartley & Finch Solicitors"  # alice and bob each have an open visit there


@pytest.fixture(scope="module")
def boss(rt: RunningRT) -> RTConnector:
    return connector(rt, "supervisor")


def laptop_of(rt: RunningRT, user: str, tmp_path_factory: pytest.TempPathFactory) -> Technician:
    laptop = Technician(rt, user, tmp_path_factory.mktemp(user))
    report = laptop.sync()
    assert report.ok, report
    return laptop


@pytest.fixture(scope="module")
def alice(rt: RunningRT, tmp_path_factory: pytest.TempPathFactory) -> Technician:
    return laptop_of(rt, "alice", tmp_path_factory)


@pytest.fixture(scope="module")
def bob(rt: RunningRT, tmp_path_factory: pytest.TempPathFactory) -> Technician:
    return laptop_of(rt, "bob", tmp_path_factory)


def visit_at_the_site(laptop: Technician) -> ticket_store.Visit:
    return next(
        v
        for v in ticket_store.list_visits(laptop.db)
        if v.site == SITE and v.status not in ("resolved", "rejected", "closed")
    )


def times_rt_wrote(boss: RTConnector, asset_id: int, value: str) -> int:
    return sum(1 for t in boss.asset_history([asset_id], 0) if t.new_value == value)


@pytest.mark.parametrize(("asset_name", "choice"), [("HFS-FW-01", "theirs"), ("HFS-DK-07", "mine")])
def test_a_settled_serial_conflict_leaves_nothing_unsent(
    alice: Technician, bob: Technician, boss: RTConnector, asset_name: str, choice: AssetChoice
) -> None:
    asset_id = by_name(alice, asset_name).id
    assert by_name(bob, asset_name).id == asset_id
    alices, bobs = f"ALICE-{asset_id}-SET", f"BOB-{asset_id}-SET"
    bobs_visit = visit_at_the_site(bob)
    assets.edit_asset(alice.db, asset_id, {"serial": alices}, ticket_id=visit_at_the_site(alice).id)
    assets.edit_asset(bob.db, asset_id, {"serial": bobs}, ticket_id=bobs_visit.id)
    assert alice.sync().ok

    report = bob.sync()

    assert report.conflicts == 1, report
    [conflict] = assets.open_asset_conflicts(bob.db, asset_id)
    assert (conflict.field, conflict.mine, conflict.theirs) == ("serial", bobs, alices)
    assets.resolve_asset_conflict(bob.db, conflict.id, choice)
    assert bob.sync().ok

    chosen = bobs if choice == "mine" else alices
    assert boss.fetch_asset(asset_id).serial == chosen
    assert times_rt_wrote(boss, asset_id, chosen) == 1
    if choice == "theirs":
        assert times_rt_wrote(boss, asset_id, bobs) == 0, "bob's serial went after all"
    assert rows(bob.db) == [], "a change was left in the outbox"
    assert ticket_store.get_visit(bob.db, bobs_visit.id).pending_changes == 0  # type: ignore[union-attr]
    assert assets.get_asset(bob.db, asset_id).asset.serial == chosen  # type: ignore[union-attr]
    again = bob.sync()
    assert again.ok and again.pushed == 0
