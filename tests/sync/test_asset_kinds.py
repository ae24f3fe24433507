"""Sending the asset change kinds, against a double of our Connector interface:
what goes to the helpdesk, in which order, and what a resend after a failure does."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import sqlite_utils

from sync import assets
from sync.changes import KINDS
from sync.changes.kind import Blocked, PushContext
from sync.connectors.base import NewAssetRequest, RemoteAsset
from sync.errors import ConflictError, RetryableError
from sync.store import assets as store
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from sync.store.outbox import OutboxRow, rows
from tests.sync.test_assets import remote_asset
from tests.sync.test_store import remote_ticket


class AssetDesk:
    """The helpdesk's assets, as far as the asset kinds use them."""

    def __init__(self) -> None:
        self.assets: dict[int, RemoteAsset] = {i: remote_asset(i) for i in (1, 2)}
        self.client_ids: dict[str, int] = {}
        self.links: set[tuple[int, int]] = set()
        self.calls: list[str] = []
        self.fail: dict[str, BaseException] = {}  # call name -> raised once, after RT acted
        self.versions: dict[int, int] = dict.fromkeys(self.assets, 1)
        self.between_read_and_write: dict[int, dict[str, str]] = {}

    def _call(self, name: str) -> None:
        self.calls.append(name)

    def _maybe_fail(self, name: str) -> None:
        error = self.fail.pop(name, None)
        if error is not None:
            raise error

    def fetch_asset(self, asset_id: int) -> RemoteAsset:
        self._call("fetch")
        found = dataclasses.replace(self.assets[asset_id], etag=str(self.versions[asset_id]))
        meanwhile = self.between_read_and_write.pop(asset_id, None)
        if meanwhile:  # someone saves in RT after our read
            self.assets[asset_id] = dataclasses.replace(self.assets[asset_id], **meanwhile)  # type: ignore[arg-type]
            self.versions[asset_id] += 1
        return found

    def create_asset(self, request: NewAssetRequest) -> int:
        self._call("create")
        new_id = max(self.assets) + 1
        self.versions[new_id] = 1
        self.assets[new_id] = remote_asset(new_id, name=request.name, serial=None, ticket_ids=())
        self.client_ids[request.client_asset_id] = new_id
        self._maybe_fail("create")
        return new_id

    def find_asset(self, client_asset_id: str) -> int | None:
        self._call("find")
        return self.client_ids.get(client_asset_id)

    def update_asset(
        self, asset_id: int, fields: dict[str, str | None], *, version: str | None = None
    ) -> None:
        self._call("update")
        if version is not None and version != str(self.versions[asset_id]):
            raise ConflictError("412")
        self.assets[asset_id] = dataclasses.replace(self.assets[asset_id], **fields)  # type: ignore[arg-type]
        self.versions[asset_id] += 1
        self._maybe_fail("update")

    def link_asset(self, ticket_id: int, asset_id: int) -> None:
        self._call("link")
        self.links.add((ticket_id, asset_id))


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    replica = open_database(tmp_path / "replica.db")
    with transaction(replica):
        ticket_store.apply_remote_ticket(replica, remote_ticket(7, site="Acme Dental Clinic"))
        for asset_id in (1, 2):
            store.upsert_remote_asset(replica, remote_asset(asset_id), in_inventory=True)
    return replica


def push(db: sqlite_utils.Database, desk: AssetDesk) -> PushContext:
    """One pass over the open rows, as the engine does (stopping at an error)."""
    ctx = PushContext(db, desk)  # type: ignore[arg-type]
    for row in rows(db):
        if row.state in ("pending", "in_flight"):
            KINDS[row.kind].send(ctx, row)
    return ctx


def only_row(db: sqlite_utils.Database) -> OutboxRow:
    [row] = rows(db, include_done=True)
    return row


def test_an_add_whose_reply_was_lost_is_found_not_created_again(db: sqlite_utils.Database) -> None:
    desk = AssetDesk()
    local = assets.add_asset(db, {"name": "ACME-SW-02"}, ticket_id=7)
    desk.fail["create"] = RetryableError("connection reset after the request was sent")
    with pytest.raises(RetryableError):
        push(db, desk)
    assert only_row(db).state == "in_flight"
    push(db, desk)
    assert desk.calls.count("create") == 1 and "find" in desk.calls
    new_id = desk.client_ids[only_row(db).uuid]
    assert only_row(db).state == "done" and (7, new_id) in desk.links
    assert store.get_asset_row(db, local) is None
    assert [a.id for a in assets.assets_of(db, 7)] == [new_id]


def test_an_edit_of_an_asset_added_here_waits_for_its_rt_id(db: sqlite_utils.Database) -> None:
    desk = AssetDesk()
    local = assets.add_asset(db, {"name": "ACME-SW-02"})
    assets.edit_asset(db, local, {"serial": "SW1"})
    edit = next(r for r in rows(db) if r.kind == "asset_edit")
    with pytest.raises(Blocked):
        KINDS["asset_edit"].send(PushContext(db, desk), edit)  # type: ignore[arg-type]
    push(db, desk)
    [new_id] = desk.client_ids.values()
    assert desk.assets[new_id].serial == "SW1"


def test_an_edit_merges_per_field_and_keeps_a_real_conflict(db: sqlite_utils.Database) -> None:
    desk = AssetDesk()
    assets.edit_asset(db, 1, {"model": "HP M404n", "warranty": "2028-03-31"})
    desk.assets[1] = dataclasses.replace(desk.assets[1], model="HP LaserJet M404dw")
    ctx = push(db, desk)
    assert ctx.conflicts == 1 and only_row(db).state == "conflict"
    assert desk.assets[1].model == "HP LaserJet M404dw", "RT's edit was not overwritten"
    assert desk.assets[1].warranty == "2028-03-31", "the other field still went"
    [conflict] = assets.open_asset_conflicts(db)
    assert (conflict.mine, conflict.theirs) == ("HP M404n", "HP LaserJet M404dw")
    assert not assets.resolve_asset_conflict(db, conflict.id, "theirs")
    asset = store.get_asset_row(db, 1)
    assert asset is not None and asset.model == "HP LaserJet M404dw" and not asset.unsent


def test_an_edit_rt_already_holds_sends_nothing(db: sqlite_utils.Database) -> None:
    desk = AssetDesk()
    assets.edit_asset(db, 1, {"model": "HP M404n"})
    desk.assets[1] = dataclasses.replace(desk.assets[1], model="HP M404n")
    push(db, desk)
    assert "update" not in desk.calls and only_row(db).state == "done"


def test_a_replace_that_failed_half_way_finishes_without_a_second_asset(
    db: sqlite_utils.Database,
) -> None:
    desk = AssetDesk()
    assets.replace_asset(db, 7, 1, note="RMA 1", new_fields={"name": "ACME-PRN-09"})
    desk.fail["update"] = RetryableError("502 from the gateway")
    with pytest.raises(RetryableError):
        push(db, desk)
    push(db, desk)
    assert desk.calls.count("create") == 1
    [new_id] = desk.client_ids.values()
    assert desk.assets[1].status == "rma" and "RMA 1" in (desk.assets[1].description or "")
    assert {(7, 1), (7, new_id)} <= desk.links
    assert only_row(db).state == "done"


def test_an_edit_raced_by_a_save_in_rt_is_merged_again_not_written_over_it(
    db: sqlite_utils.Database,
) -> None:
    desk = AssetDesk()
    assets.edit_asset(db, 1, {"model": "HP M404n", "warranty": "2028-03-31"})
    desk.between_read_and_write[1] = {"model": "HP LaserJet M404dw"}
    ctx = push(db, desk)
    assert desk.calls == ["fetch", "update", "fetch", "update"], "refused once, then merged"
    assert desk.assets[1].model == "HP LaserJet M404dw", "RT's save was overwritten"
    assert desk.assets[1].warranty == "2028-03-31"
    assert ctx.conflicts == 1 and only_row(db).state == "conflict"


def test_a_retirement_note_whose_reply_was_lost_is_not_added_twice(
    db: sqlite_utils.Database,
) -> None:
    desk = AssetDesk()
    desk.assets[1] = dataclasses.replace(desk.assets[1], description="Reception")
    with transaction(db):
        store.upsert_remote_asset(db, desk.assets[1])
    assets.retire_asset(db, 1, "lightning damage")
    desk.assets[1] = dataclasses.replace(desk.assets[1], description="Reception, ceiling")
    desk.fail["update"] = RetryableError("connection reset after the request was sent")
    with pytest.raises(RetryableError):
        push(db, desk)
    push(db, desk)
    first, note = (desk.assets[1].description or "").splitlines()
    assert first == "Reception, ceiling" and note.endswith("retired: lightning damage")
    assert only_row(db).state == "done" and desk.calls.count("update") == 1
    shown = store.get_asset_row(db, 1)
    assert shown is not None and shown.description == desk.assets[1].description


def test_a_description_edited_then_retired_here_is_no_conflict_with_itself(
    db: sqlite_utils.Database,
) -> None:
    desk = AssetDesk()
    assets.edit_asset(db, 1, {"description": "Leased, contract 4471"})
    assets.retire_asset(db, 1, "scrapped")
    ctx = push(db, desk)
    assert ctx.conflicts == 0
    first, note = (desk.assets[1].description or "").splitlines()
    assert first == "Leased, contract 4471" and note.endswith("retired: scrapped")
