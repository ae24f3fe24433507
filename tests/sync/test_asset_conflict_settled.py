"""An equipment change in conflict leaves the outbox once its conflicts are settled,
against a double of the helpdesk and the ``fielddesk`` command on the replica.

Before: "keep mine", "take theirs", or a later change conflicting on the same field
closed the conflict but left the change "in conflict" for good: its visit "[1 unsent]",
listed by ``fielddesk outbox``, refused by ``outbox discard``, and never removed.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
import sqlite_utils

from sync import assets
from sync.outbox import set_asset_serial
from sync.profile import Profile
from sync.store import assets as store
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from sync.store.outbox import rows
from tests.cli.runner import run
from tests.sync.older_replica import replica_before
from tests.sync.test_asset_kinds import AssetDesk, push
from tests.sync.test_assets import remote_asset
from tests.sync.test_store import remote_ticket

VISIT = 7
PRINTER = 1


@pytest.fixture
def db(profile: Profile, memory_keyring: object) -> sqlite_utils.Database:
    replica = open_database(profile.database_path)
    with transaction(replica):
        ticket_store.apply_remote_ticket(replica, remote_ticket(VISIT, site="Acme Dental Clinic"))
        store.upsert_remote_asset(replica, remote_asset(PRINTER), in_inventory=True)
    return replica


def saved_in_rt(desk: AssetDesk, serial: str) -> None:
    """A colleague corrects the printer's serial in RT."""
    desk.assets[PRINTER] = dataclasses.replace(desk.assets[PRINTER], serial=serial)
    desk.versions[PRINTER] += 1


def serial_in_conflict(db: sqlite_utils.Database, desk: AssetDesk, mine: str, theirs: str) -> int:
    """The technician sets ``mine`` on the visit, RT meanwhile got ``theirs``: the open
    conflict's id once the sync met it."""
    assets.edit_asset(db, PRINTER, {"serial": mine}, ticket_id=VISIT)
    saved_in_rt(desk, theirs)
    assert push(db, desk).conflicts == 1
    [conflict] = assets.open_asset_conflicts(db, PRINTER)
    assert (conflict.mine, conflict.theirs) == (mine, theirs)
    return conflict.id


def cli_json(capsys: pytest.CaptureFixture[str], profile: Profile, *args: str) -> object:
    code, out, err = run(capsys, profile.root, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def unsent_on_the_visit(capsys: pytest.CaptureFixture[str], profile: Profile) -> int:
    visits = cli_json(capsys, profile, "visits")
    assert isinstance(visits, list)
    [visit] = [v for v in visits if v["id"] == VISIT]
    return int(visit["pending_changes"])


def assert_nothing_waits(
    db: sqlite_utils.Database, capsys: pytest.CaptureFixture[str], profile: Profile
) -> None:
    assert [(r.kind, r.state) for r in rows(db)] == []
    assert cli_json(capsys, profile, "outbox") == []
    assert unsent_on_the_visit(capsys, profile) == 0
    assert assets.open_asset_conflicts(db) == []


def test_taking_theirs_closes_the_change(
    db: sqlite_utils.Database, profile: Profile, capsys: pytest.CaptureFixture[str]
) -> None:
    desk = AssetDesk()
    conflict = serial_in_conflict(db, desk, "ALICE-1", "BOB-1")
    assert unsent_on_the_visit(capsys, profile) == 1

    assert not assets.resolve_asset_conflict(db, conflict, "theirs")

    assert_nothing_waits(db, capsys, profile)
    assert store.get_asset_row(db, PRINTER).serial == "BOB-1"  # type: ignore[union-attr]


def test_keeping_mine_closes_the_change_and_sends_mine_once(
    db: sqlite_utils.Database, profile: Profile, capsys: pytest.CaptureFixture[str]
) -> None:
    desk = AssetDesk()
    conflict = serial_in_conflict(db, desk, "ALICE-2", "BOB-2")

    assert assets.resolve_asset_conflict(db, conflict, "mine")

    [queued] = rows(db)  # only the decision waits, not the change that met the conflict
    assert (queued.kind, queued.state, queued.payload["fields"]) == (
        "asset_edit",
        "pending",
        {"serial": "ALICE-2"},
    )
    push(db, desk)
    assert desk.assets[PRINTER].serial == "ALICE-2"
    assert_nothing_waits(db, capsys, profile)
    assert desk.calls.count("update") == 1


def test_a_later_change_conflicting_again_closes_the_earlier_one(
    db: sqlite_utils.Database, profile: Profile, capsys: pytest.CaptureFixture[str]
) -> None:
    desk = AssetDesk()
    serial_in_conflict(db, desk, "ALICE-3", "BOB-3")
    assets.edit_asset(db, PRINTER, {"serial": "ALICE-3C"}, ticket_id=VISIT)
    saved_in_rt(desk, "BOB-3C")  # RT moved again before the later change went

    assert push(db, desk).conflicts == 1

    [later] = assets.open_asset_conflicts(db)  # the user decides on the value typed last
    assert (later.mine, later.theirs) == ("ALICE-3C", "BOB-3C")
    [waiting] = rows(db)
    assert waiting.state == "conflict" and waiting.payload["fields"] == {"serial": "ALICE-3C"}
    assert unsent_on_the_visit(capsys, profile) == 1
    assets.resolve_asset_conflict(db, later.id, "theirs")
    assert_nothing_waits(db, capsys, profile)


def test_a_later_change_that_reaches_rt_settles_the_earlier_conflict(
    db: sqlite_utils.Database, profile: Profile, capsys: pytest.CaptureFixture[str]
) -> None:
    desk = AssetDesk()
    serial_in_conflict(db, desk, "ALICE-5", "BOB-5")
    # Having seen RT's value, the technician types the serial again; RT did not move since.
    assets.edit_asset(db, PRINTER, {"serial": "ALICE-5B"}, ticket_id=VISIT)

    assert push(db, desk).conflicts == 0

    assert desk.assets[PRINTER].serial == "ALICE-5B"
    # No stale question left: "keep mine" on it would have sent ALICE-5 over ALICE-5B.
    assert_nothing_waits(db, capsys, profile)


def test_a_change_with_two_conflicts_waits_until_both_are_decided(
    db: sqlite_utils.Database, profile: Profile, capsys: pytest.CaptureFixture[str]
) -> None:
    desk = AssetDesk()
    assets.edit_asset(db, PRINTER, {"serial": "ALICE-4", "model": "M404n"}, ticket_id=VISIT)
    desk.assets[PRINTER] = dataclasses.replace(desk.assets[PRINTER], serial="BOB-4", model="X")
    assert push(db, desk).conflicts == 2
    first, second = assets.open_asset_conflicts(db)

    assets.resolve_asset_conflict(db, first.id, "theirs")
    assert [r.state for r in rows(db)] == ["conflict"]

    assets.resolve_asset_conflict(db, second.id, "theirs")
    assert_nothing_waits(db, capsys, profile)


def test_a_replica_holding_a_settled_change_in_conflict_heals_when_opened(
    tmp_path: Path,
) -> None:
    """Changes left "in conflict" by the earlier build: settled ones are done, one whose
    conflict is still open (and a ticket's field change) stays."""
    path = tmp_path / "old.db"
    with replica_before(path, "'asset_serial'") as old, transaction(old):
        ticket_store.apply_remote_ticket(old, remote_ticket(VISIT))
        for asset_id in (1, 2, 3):
            store.upsert_remote_asset(old, remote_asset(asset_id), in_inventory=True)
        # 1 decided, 2 its conflict replaced by a later one (deleted), 3 still open
        set_asset_serial(old, 1, "MINE-1")
        for asset_id in (2, 3):
            assets.edit_asset(old, asset_id, {"serial": f"MINE-{asset_id}"}, ticket_id=VISIT)
        assets.edit_asset(old, 1, {"model": "M404n"}, ticket_id=VISIT)  # never in conflict
        old.execute(
            "INSERT INTO outbox (uuid, ticket_ref, kind, payload, base, created, updated)"
            " VALUES ('f', ?, 'fields', '{}', '{}', 'now', 'now')",
            [VISIT],
        )
        old.execute("UPDATE outbox SET state = 'conflict' WHERE seq IN (1, 2, 3, 5)")
        for seq, resolved in ((1, "theirs"), (3, None)):
            old.execute(
                "INSERT INTO asset_conflicts (asset_id, field, mine, theirs, outbox_seq, created,"
                " resolved) VALUES (?, 'serial', 'MINE', 'RT', ?, 'now', ?)",
                [seq, seq, resolved],
            )
        old.execute(
            "INSERT INTO conflicts (ticket_id, field, mine, theirs, outbox_seq, created)"
            " VALUES (?, 'status', 'resolved', 'open', 5, 'now')",
            [VISIT],
        )

    db = open_database(path)

    states = {r.seq: r.state for r in rows(db, include_done=True)}
    assert states == {1: "done", 2: "done", 3: "conflict", 4: "pending", 5: "conflict"}
    assert ticket_store.get_visit(db, VISIT).pending_changes == 3  # type: ignore[union-attr]
