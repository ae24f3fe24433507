"""An asset added (or a replacement made) offline is in RT exactly once, however the
sync is interrupted: the reply to the create is lost, the process is killed between
RT's 2xx and the local commit, or a later step of a replace fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from sync import assets
from sync.connectors.rt import RTConnector
from sync.store import assets as asset_store
from tests.faults.checks import Rig, outbox_row, unique, wait_until_due
from tests.faults.killed_sync import KILLED, sync_until_killed
from tests.faults.proxy import Predicate

pytestmark = pytest.mark.rt


def asset_create(method: str, path: str) -> bool:
    return method == "POST" and path.rstrip("/").endswith("/REST/2.0/asset")


def asset_update(asset_id: int) -> Predicate:
    def match(method: str, path: str) -> bool:
        return method == "PUT" and path.rstrip("/").endswith(f"/asset/{asset_id}")

    return match


def on_helpdesk(helpdesk: RTConnector, name: str) -> list[int]:
    """RT's assets of that name (as an administrator's search would list them)."""
    items = helpdesk.all_pages("assets", {"query": f"Name = '{name}'", "fields": "id"})
    return [int(item["id"]) for item in items]


def add_on_visit(rig: Rig) -> tuple[int, str, str]:
    name = unique("ACME-UPS").replace(" ", "").replace("[", "-").replace("]", "")
    visit = rig.visits[0].id
    local = assets.add_asset(rig.db, {"name": name, "serial": "AS19" + name[-6:]}, ticket_id=visit)
    [row] = list(rig.db["outbox"].rows_where("kind = 'asset_add' AND state != 'done'"))
    return local, name, str(row["uuid"])


def test_lost_reply_of_an_asset_create_does_not_create_it_twice(rig: Rig) -> None:
    local, name, row_uuid = add_on_visit(rig)
    rig.proxy.drop_reply_for(asset_create)

    first = rig.sync()

    assert not first.ok, "a run whose reply was lost must not look finished"
    assert len(on_helpdesk(rig.helpdesk, name)) == 1, "RT created the asset"
    assert outbox_row(rig.db, row_uuid).state == "in_flight"
    rig.proxy.clear()
    wait_until_due(rig.db)

    second = rig.sync()

    assert second.ok, second
    [created] = on_helpdesk(rig.helpdesk, name)
    creates = [s.action for s in rig.proxy.seen() if asset_create(s.method, s.path)]
    assert creates == ["dropped"], "created a second time"
    assert outbox_row(rig.db, row_uuid).result == str(created)
    assert asset_store.get_asset_row(rig.db, local) is None
    assert created in {a.id for a in rig.helpdesk.fetch_assets(rig.visits[0].id)}


# Dies as soon as RT has created the asset, before the laptop records it.
DIE_AFTER_THE_CREATE = f"""
from sync.changes import asset_add


def die(*_args):
    os._exit({KILLED})


asset_add.adopt = die
"""


def test_killed_between_the_create_and_the_local_commit(rig: Rig, tmp_path: Path) -> None:
    local, name, row_uuid = add_on_visit(rig)
    crashed = sync_until_killed(rig, tmp_path / "fd.db", DIE_AFTER_THE_CREATE)
    assert crashed.returncode == KILLED, crashed.stdout + crashed.stderr
    assert len(on_helpdesk(rig.helpdesk, name)) == 1
    assert outbox_row(rig.db, row_uuid).state == "in_flight"
    assert asset_store.get_asset_row(rig.db, local) is not None, "not yet renumbered"

    report = rig.sync()

    assert report.ok, report
    [created] = on_helpdesk(rig.helpdesk, name)
    creates = [s.action for s in rig.proxy.seen() if asset_create(s.method, s.path)]
    assert creates == ["forwarded"], "created a second time"
    assert outbox_row(rig.db, row_uuid).state == "done"
    assert asset_store.get_asset_row(rig.db, created) is not None


def test_a_replace_whose_second_step_fails_finishes_once(rig: Rig) -> None:
    visit = next(v.id for v in rig.visits if asset_store.assets_of(rig.db, v.id))
    old = asset_store.assets_of(rig.db, visit)[0]
    name = unique("ACME-NEW").replace(" ", "").replace("[", "-").replace("]", "")
    assets.replace_asset(rig.db, visit, old.id, note="RMA 7781", new_fields={"name": name})
    # RT creates the new asset, then the change of the old one gets a 502.
    rig.proxy.replace_status(asset_update(old.id), 502)

    first = rig.sync()

    assert (first.pushed, first.retry_later) == (0, 1), "left for a later try"
    assert len(on_helpdesk(rig.helpdesk, name)) == 1
    rig.proxy.clear()
    wait_until_due(rig.db)

    assert rig.sync().ok
    [created] = on_helpdesk(rig.helpdesk, name)
    assert rig.helpdesk.fetch_asset(old.id).status == "rma"
    assert {old.id, created} <= {a.id for a in rig.helpdesk.fetch_assets(visit)}
