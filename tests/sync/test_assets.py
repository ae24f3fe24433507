"""Asset records on the laptop: find, detail, warranty, and each change's local effect."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
import sqlite_utils

from sync import assets, outbox
from sync.asset_warranty import warranty_state
from sync.connectors.base import AssetTicket, AssetTransaction, RemoteAsset
from sync.store import assets as store
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from sync.store.database import _apply
from sync.store.outbox import InvalidChange, OutboxRow, rows
from sync.store.schema import MIGRATIONS
from sync.store.users import set_user_details, to_ask
from sync.workflow import report_content
from tests.sync.test_store import remote_ticket

TODAY = date(2026, 12, 2)


def open_rows(db: sqlite_utils.Database, kind: str) -> list[OutboxRow]:
    return [row for row in rows(db) if row.kind == kind]


def remote_asset(asset_id: int, **fields: object) -> RemoteAsset:
    values: dict[str, object] = {
        "id": asset_id,
        "name": f"ACME-PRN-{asset_id:02d}",
        "catalog": "Field Equipment",
        "status": "in-use",
        "model": "HP LaserJet Pro M404dn",
        "serial": f"VNB3K{asset_id:05d}",
        "warranty": "2027-03-31",
        "last_updated": "2026-11-20T08:00:00Z",
        "site": "Acme Dental Clinic",
        "ticket_ids": (7,),
    }
    values.update(fields)
    return RemoteAsset(**values)  # type: ignore[arg-type]


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    replica = open_database(tmp_path / "replica.db")
    with transaction(replica):
        ticket_store.apply_remote_ticket(replica, remote_ticket(7, site="Acme Dental Clinic"))
        for asset_id in (1, 2, 3):
            store.upsert_remote_asset(replica, remote_asset(asset_id), in_inventory=True)
        store.apply_asset_tickets(
            replica,
            remote_asset(1),
            {7: AssetTicket(7, "Printer jams", "open", "alice", "2026-11-20T08:00:00Z")},
        )
        store.apply_history(
            replica,
            [
                AssetTransaction(60, 1, "Create", "2025-01-02T10:00:00Z", "dana", None, None, None),
                AssetTransaction(
                    61, 1, "Status", "2025-02-02T10:00:00Z", "dana", "Status", "new", "in-use"
                ),
            ],
        )
    return replica


def test_a_four_character_fragment_from_the_middle_of_a_label_finds_the_asset(
    db: sqlite_utils.Database,
) -> None:
    [found] = assets.find_assets(db, "k00002", today=TODAY)  # typed in lower case
    assert found.asset.name == "ACME-PRN-02"
    assert found.warranty.state == "in" and found.warranty.days_left == 119
    assert [a.asset.id for a in assets.find_assets(db, "dental")] == [1, 2, 3]  # by site
    assert assets.find_assets(db, "M404dn")  # by model
    assert assets.find_assets(db, "zzzz") == []


def test_the_exact_serial_comes_first(db: sqlite_utils.Database) -> None:
    with transaction(db):
        store.upsert_remote_asset(db, remote_asset(4, serial="XVNB3K00001"))
    ids = [a.asset.id for a in assets.find_assets(db, "VNB3K00001")]
    assert ids == [1, 4]


def test_what_a_usb_scanner_sends_is_a_clean_serial() -> None:
    assert assets.normalise_serial("  vnb3k12345\r\n") == "VNB3K12345"
    assert assets.normalise_serial("\x02VNB3K12345\x03\n") == "VNB3K12345"
    assert assets.normalise_serial("fdk7q-2m9xh\n", "Software Licences") == "fdk7q-2m9xh"


def test_an_asset_shows_its_warranty_history_and_tickets(db: sqlite_utils.Database) -> None:
    detail = assets.get_asset(db, 1, today=date(2027, 4, 10))
    assert detail is not None
    assert detail.warranty.state == "out"
    assert detail.warranty.label == "out of warranty: ended 31 Mar 2027"
    assert [e.text for e in detail.history] == ["created", "status: new → in-use"]
    assert [t.ticket_id for t in detail.tickets] == [7]


def test_an_assets_history_and_tickets_name_people_as_everywhere_else(
    db: sqlite_utils.Database,
) -> None:
    """By their RT real name once the people puller knows it; until then by the login,
    which is waiting to be asked about."""
    assert {"dana", "alice"} <= set(to_ask(db, 100, "2000-01-01T00:00:00Z"))
    with transaction(db):
        set_user_details(db, "dana", "Dana Whitfield", "dana@fielddesk.test")
    detail = assets.get_asset(db, 1)
    assert detail is not None
    assert [e.creator for e in detail.history] == ["Dana Whitfield", "Dana Whitfield"]
    assert [t.owner for t in detail.tickets] == ["alice"]


def test_an_assets_links_read_as_rt_records_them(db: sqlite_utils.Database) -> None:
    rt_ticket, rt_asset = "fsck.com-rt://fielddesk.test/ticket/7", "asset://fielddesk.test/2"
    with transaction(db):
        store.apply_history(
            db,
            [
                AssetTransaction(
                    70,
                    1,
                    "AddLink",
                    "2025-03-02T10:00:00Z",
                    "dana",
                    "ReferredToBy",
                    None,
                    rt_ticket,
                ),
                AssetTransaction(
                    71, 1, "DeleteLink", "2025-03-03T10:00:00Z", "dana", "RefersTo", rt_asset, None
                ),
            ],
        )
    detail = assets.get_asset(db, 1)
    assert detail is not None
    assert [e.text for e in detail.history][-2:] == [
        "linked to ticket #7",
        "unlinked from equipment #2",
    ]


def test_an_asset_added_on_a_visit_is_linked_listed_and_can_be_discarded(
    db: sqlite_utils.Database,
) -> None:
    local_id = assets.add_asset(
        db, {"name": "ACME-PRN-09", "serial": " x8rc0001\n", "model": "Brother"}, ticket_id=7
    )
    assert local_id < 0
    assert assets.find_assets(db, "RC00")[0].asset.serial == "X8RC0001"
    assert local_id in [a.id for a in assets.assets_of(db, 7)]
    [row] = open_rows(db, "asset_add")
    assert [t.action for t in assets.touches_of(db, 7)] == ["added"]
    outbox.discard(db, row.seq)
    assert assets.get_asset(db, local_id) is None
    assert assets.touches_of(db, 7) == []


def test_an_edit_shows_at_once_and_a_pull_does_not_undo_it(db: sqlite_utils.Database) -> None:
    assets.edit_asset(db, 2, {"serial": "vnb3k99999", "warranty": "2028-01-31"}, ticket_id=7)
    with transaction(db):
        store.upsert_remote_asset(db, remote_asset(2, model="HP M404n"))
    asset = store.get_asset_row(db, 2)
    assert asset is not None
    assert (asset.serial, asset.warranty, asset.model) == ("VNB3K99999", "2028-01-31", "HP M404n")
    assert asset.unsent == {"serial", "warranty"}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"warranty": "31/03/2027"}, "not a date"),
        ({"status": "broken"}, "not one of"),
        ({"name": " "}, "needs a name"),
        ({"colour": "red"}, "not an asset field"),
        ({"serial": "VNB3K00002"}, "nothing to change"),
    ],
)
def test_bad_edits_are_refused_in_one_line(
    db: sqlite_utils.Database, changes: dict[str, str], message: str
) -> None:
    with pytest.raises(InvalidChange, match=message):
        assets.edit_asset(db, 2, changes)
    assert open_rows(db, "asset_edit") == []


def test_a_replace_is_one_change_and_both_assets_are_on_the_report(
    db: sqlite_utils.Database,
) -> None:
    new_id = assets.replace_asset(
        db, 7, 1, note="RMA 55012, fuser fault", new_fields={"name": "ACME-PRN-10",
        "serial": "VNB9Q00001"},
    )  # fmt: skip
    old = store.get_asset_row(db, 1)
    new = store.get_asset_row(db, new_id)
    assert old is not None and new is not None
    assert old.status == "rma" and "RMA 55012" in (old.description or "")
    assert new.site == "Acme Dental Clinic" and new.model == old.model
    assert len(open_rows(db, "asset_replace")) == 1 and open_rows(db, "asset_add") == []
    report = report_content(db, 7, user="alice", technician="Alice Moreau")
    assert [(t.asset_name, t.action) for t in report.assets] == [
        ("ACME-PRN-01", "replaced"),
        ("ACME-PRN-10", "replacement"),
    ]
    assert "VNB9Q00001" in report.assets[0].detail


def test_retire_needs_a_reason_and_sets_the_status(db: sqlite_utils.Database) -> None:
    with pytest.raises(InvalidChange, match="say why"):
        assets.retire_asset(db, 3, "  ")
    assets.retire_asset(db, 3, "water damage", ticket_id=7)
    asset = store.get_asset_row(db, 3)
    assert asset is not None and asset.status == "retired"
    assert [t.action for t in assets.touches_of(db, 7)] == ["retired"]


def test_a_link_made_here_survives_a_pull_until_sent_then_rt_decides(
    db: sqlite_utils.Database,
) -> None:
    assets.link_asset(db, 7, 3)
    with transaction(db):
        store.apply_remote_assets(db, 7, [remote_asset(1)])  # RT does not know it yet
    assert {a.id for a in assets.assets_of(db, 7)} == {1, 3}
    db.execute("UPDATE outbox SET state = 'done'")
    with transaction(db):
        store.apply_remote_assets(db, 7, [remote_asset(1)])  # sent, then unlinked in RT
    assert {a.id for a in assets.assets_of(db, 7)} == {1}


def test_a_serial_corrected_before_the_upgrade_stays_unsent_after_it(tmp_path: Path) -> None:
    before = next(i for i, m in enumerate(MIGRATIONS) if "asset_history" in m)
    path = tmp_path / "old.db"
    connection = sqlite3.connect(path, isolation_level=None)
    old = sqlite_utils.Database(connection)
    for script in MIGRATIONS[:before]:
        _apply(old, script)
    connection.execute(f"PRAGMA user_version = {before}")
    connection.execute(
        "INSERT INTO assets (id, name, serial, base_serial, status) VALUES"
        " (5, 'ACME-PRN-05', 'VNB3K00099', 'VNB3K00055', 'in-use')"
    )
    connection.close()

    upgraded = open_database(path)
    with transaction(upgraded):
        store.upsert_remote_asset(upgraded, remote_asset(5, serial="VNB3K00055"))
    asset = store.get_asset_row(upgraded, 5)
    assert asset is not None and asset.serial == "VNB3K00099" and asset.serial_unsent
    assert [f.asset.id for f in assets.find_assets(upgraded, "K0009")] == [5]


def test_the_outbox_names_each_asset_change_in_words(db: sqlite_utils.Database) -> None:
    assets.edit_asset(db, 2, {"warranty": "2028-01-31"})
    assets.retire_asset(db, 3, "water damage")
    new_id = assets.replace_asset(db, 7, 1, note="RMA 9", new_fields={"name": "ACME-PRN-10"})
    assets.link_asset(db, 7, 2)
    assert [row.describe() for row in rows(db)] == [
        "ACME-PRN-02: warranty end → 2028-01-31",
        "ACME-PRN-03: retire",
        "#7: replace ACME-PRN-01 by ACME-PRN-10 (rma)",
        "#7: link ACME-PRN-02",
    ]
    assert new_id < 0


def test_a_warranty_reads_one_way_in_a_sentence_and_in_a_column() -> None:
    today = date(2026, 12, 5)
    sentence_and_column = {
        "2027-03-31": ("in warranty until 31 Mar 2027 · 116 days left", "until 31 Mar 2027"),
        "2026-12-06": ("in warranty until 6 Dec 2026 · 1 day left", "until 6 Dec 2026"),
        "2026-12-05": ("in warranty, ends today", "ends today"),
        "2026-12-04": ("out of warranty: ended 4 Dec 2026", "ended 4 Dec 2026"),
        None: ("warranty unknown", "unknown"),
    }
    for ends, words in sentence_and_column.items():
        warranty = warranty_state(ends, today)
        assert (warranty.label, warranty.short) == words, ends
