"""What is done on a ticket opened offline stays with it: renumbered, or discarded.

A review found the equipment work on such a ticket left behind twice over.  Synced,
the ticket lost it (the service report's equipment section came out empty) and the
next ticket opened offline, numbered -1 again, inherited it.  Discarded, the ticket
left its equipment changes shown here: a new asset that no sync would send, a
corrected value the helpdesk never got.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from sync import assets, outbox
from sync.netcheck.history import get_run, save_run
from sync.netcheck.run import Run
from sync.store import assets as asset_store
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from sync.store.outbox import InvalidChange, mark_done, mark_in_flight, rows
from sync.workflow import report_content
from tests.sync.test_assets import remote_asset

NAS, ACCESS_POINT = 3, 2  # on the helpdesk already


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    replica = open_database(tmp_path / "replica.db")
    with transaction(replica):
        for asset in (
            remote_asset(NAS, name="ACME-NAS-01", model="DS220+"),
            remote_asset(ACCESS_POINT, name="ACME-AP-01"),
        ):
            asset_store.upsert_remote_asset(replica, asset, in_inventory=True)
    return replica


def new_ticket(db: sqlite_utils.Database, subject: str = "Switch found on site") -> int:
    return outbox.create_ticket(
        db, subject=subject, content="Under reception.", owner="alice",
        fields={"site": "Acme Dental Clinic"},
    )  # fmt: skip


def equipment_on_report(db: sqlite_utils.Database, ticket_id: int) -> list[tuple[str, str]]:
    content = report_content(db, ticket_id, user="alice", technician="Alice Moreau")
    return [(touch.asset_name, touch.action) for touch in content.assets]


def creation(db: sqlite_utils.Database, ticket_id: int) -> int:
    (seq,) = [r.seq for r in rows(db) if r.kind == "create_ticket" and r.ticket_ref == ticket_id]
    return seq


def test_equipment_work_follows_the_ticket_to_its_number(db: sqlite_utils.Database) -> None:
    local_id = new_ticket(db)
    assets.add_asset(db, {"name": "ACME-SW-01", "serial": "S5X1"}, ticket_id=local_id)
    assets.edit_asset(db, NAS, {"model": "DS224+"}, ticket_id=local_id)
    run_id = save_run(db, Run(started="2026-12-05T09:00:00Z", site="Acme Dental Clinic",
                              ticket_id=local_id))  # fmt: skip

    ticket_store.renumber_ticket(db, local_id, 501)  # what the sync does once RT made it

    assert equipment_on_report(db, 501) == [("ACME-SW-01", "added"), ("ACME-NAS-01", "edited")]
    saved = get_run(db, run_id)
    assert saved is not None and saved.ticket_id == 501
    assert equipment_on_report(db, new_ticket(db, "Another issue")) == [], "inherited"


def test_discarding_a_new_ticket_takes_back_its_equipment_changes(
    db: sqlite_utils.Database,
) -> None:
    local_id = new_ticket(db)
    assets.add_asset(db, {"name": "ACME-SW-01", "serial": "S5X1"}, ticket_id=local_id)
    assets.edit_asset(db, NAS, {"model": "DS224+"}, ticket_id=local_id)
    assets.link_asset(db, local_id, ACCESS_POINT)

    outbox.discard(db, creation(db, local_id))

    assert assets.find_assets(db, "ACME-SW") == [], "a new asset no sync would send"
    nas = assets.get_asset(db, NAS)
    assert nas is not None
    assert (nas.asset.model, nas.unsent) == ("DS220+", 0), "a value the helpdesk never got"
    ap = assets.get_asset(db, ACCESS_POINT)
    assert ap is not None and ap.visits == []
    assert rows(db) == []
    assert ticket_store.get_visit(db, local_id) is None


def test_a_discarded_tickets_equipment_is_not_the_next_new_tickets(
    db: sqlite_utils.Database,
) -> None:
    local_id = new_ticket(db)
    row_uuid = assets.edit_asset(db, NAS, {"model": "DS224+"}, ticket_id=local_id)
    # RT refused the ticket; the edit (it needs no ticket) went through all the same.
    (edit,) = [r for r in rows(db) if r.uuid == row_uuid]
    mark_done(db, edit.seq)

    outbox.discard(db, creation(db, local_id))

    assert equipment_on_report(db, new_ticket(db, "Another issue")) == []


def test_a_new_ticket_whose_change_may_be_on_the_helpdesk_is_kept(
    db: sqlite_utils.Database,
) -> None:
    local_id = new_ticket(db)
    row_uuid = assets.edit_asset(db, NAS, {"model": "DS224+"}, ticket_id=local_id)
    (edit,) = [r for r in rows(db) if r.uuid == row_uuid]
    mark_in_flight(db, edit)  # sent, its answer lost: the next sync looks it up

    with pytest.raises(InvalidChange, match="may already be on the helpdesk"):
        outbox.discard(db, creation(db, local_id))

    assert ticket_store.get_visit(db, local_id) is not None
    assert len(rows(db)) == 2
    assert equipment_on_report(db, local_id) == [("ACME-NAS-01", "edited")]
