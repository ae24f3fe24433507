"""Equipment records changed on the laptop and in RT alike, against the real RT:
nothing RT holds is overwritten unseen, whichever change writes the asset."""

from __future__ import annotations

import pytest

from sync import assets
from sync.changes.asset_retire import dated_note
from sync.connectors.base import RemoteAsset
from sync.connectors.rt import RTConnector
from sync.errors import ConflictError
from sync.outbox import set_asset_serial
from sync.store.outbox import InvalidChange, rows
from tests.integration import acme_assets
from tests.integration.acme_assets import SITE, by_name, printer_visit
from tests.integration.helpers import Technician

pytestmark = pytest.mark.rt

alice = acme_assets.alice  # this module's own laptop and supervisor
boss = acme_assets.boss


def test_a_change_made_in_rt_between_the_laptops_read_and_write_is_not_overwritten(
    alice: Technician, boss: RTConnector, monkeypatch: pytest.MonkeyPatch
) -> None:
    nas = by_name(alice, "ACME-NAS-01")
    assets.edit_asset(alice.db, nas.id, {"model": "Synology DS220+ 2-bay"})
    read = alice.connector.fetch_asset
    saves = ["Synology DS224+"]  # the supervisor's, in RT's web UI, once

    def read_then_the_supervisor_saves(asset_id: int) -> RemoteAsset:
        copy = read(asset_id)
        if asset_id == nas.id and saves:
            boss.update_asset(nas.id, {"model": saves.pop()})
        return copy

    monkeypatch.setattr(alice.connector, "fetch_asset", read_then_the_supervisor_saves)

    report = alice.sync()

    assert boss.fetch_asset(nas.id).model == "Synology DS224+", "the supervisor's save was lost"
    assert report.conflicts == 1, report
    [conflict] = assets.open_asset_conflicts(alice.db, nas.id)
    assert (conflict.field, conflict.mine, conflict.theirs) == (
        "model",
        "Synology DS220+ 2-bay",
        "Synology DS224+",
    )


def test_a_replacement_keeps_what_rt_wrote_in_the_old_assets_description(
    alice: Technician, boss: RTConnector
) -> None:
    printer = by_name(alice, "ACME-PRN-01")
    visit = printer_visit(alice)
    assets.replace_asset(
        alice.db, visit.id, printer.id, note="RMA 55120, fuser",
        new_fields={"name": "ACME-PRN-02", "serial": "VNB9Q00042"},
    )  # fmt: skip
    boss.update_asset(printer.id, {"description": "Leased from PrintCo, contract 4471"})

    assert alice.sync().ok

    server = boss.fetch_asset(printer.id)
    lines = (server.description or "").splitlines()
    assert lines[0] == "Leased from PrintCo, contract 4471", "RT's description was overwritten"
    assert len(lines) == 2 and "RMA 55120, fuser" in lines[1]
    assert server.status == "rma"
    assert assets.get_asset(alice.db, printer.id).asset.description == server.description  # type: ignore[union-attr]
    again = alice.sync()
    assert again.ok and again.pushed == 0
    assert boss.fetch_asset(printer.id).description == server.description, "the note went twice"


def test_a_replacement_whose_old_asset_rt_also_moved_waits_for_a_decision(
    alice: Technician, boss: RTConnector
) -> None:
    visit = printer_visit(alice)
    old = by_name(alice, "ACME-PRN-02")  # the one fitted in the last test
    assets.replace_asset(alice.db, visit.id, old.id, note="DOA", new_fields={"name": "ACME-PRN-03"})
    boss.update_asset(old.id, {"status": "stolen"})

    report = alice.sync()

    assert report.conflicts == 1, report
    assert boss.fetch_asset(old.id).status == "stolen", "RT's status was overwritten"
    [row] = [r for r in rows(alice.db, include_done=True) if r.payload.get("asset_id") == old.id]
    assert row.state == "conflict" and "status" in (row.last_error or "")
    new_id = int(row.result or 0)
    assert boss.fetch_asset(new_id).name == "ACME-PRN-03", "the rest of the replacement went"
    assert new_id in {a.id for a in boss.fetch_assets(visit.id)}
    [conflict] = assets.open_asset_conflicts(alice.db, old.id)
    assert (conflict.field, conflict.mine, conflict.theirs) == ("status", "rma", "stolen")


def test_a_retirement_note_goes_on_rts_description_as_it_is_now(
    alice: Technician, boss: RTConnector
) -> None:
    access_point = by_name(alice, "ACME-AP-01")
    assets.retire_asset(alice.db, access_point.id, "lightning damage")
    boss.update_asset(access_point.id, {"description": "Ceiling mount, reception"})

    assert alice.sync().ok

    server = boss.fetch_asset(access_point.id)
    assert server.status == "retired"
    first, note = (server.description or "").splitlines()
    assert first == "Ceiling mount, reception"
    assert note.endswith("retired: lightning damage")


def test_a_serial_recorded_on_a_visit_does_not_overwrite_one_corrected_in_rt(
    alice: Technician, boss: RTConnector
) -> None:
    nas = by_name(alice, "ACME-NAS-01")
    set_asset_serial(alice.db, nas.id, "2110QBR482717")
    boss.update_asset(nas.id, {"serial": "2110QBR482799"})

    report = alice.sync()

    assert boss.fetch_asset(nas.id).serial == "2110QBR482799", "RT's serial was overwritten"
    assert report.conflicts == 1, report
    [conflict] = [c for c in assets.open_asset_conflicts(alice.db, nas.id) if c.field == "serial"]
    assert (conflict.mine, conflict.theirs) == ("2110QBR482717", "2110QBR482799")
    assert assets.resolve_asset_conflict(alice.db, conflict.id, "mine")
    assert alice.sync().ok
    assert boss.fetch_asset(nas.id).serial == "2110QBR482717"


def test_a_write_onto_an_older_version_of_an_asset_is_refused_whole(
    alice: Technician, boss: RTConnector
) -> None:
    nas = by_name(alice, "ACME-NAS-01")
    seen = alice.connector.fetch_asset(nas.id)
    boss.update_asset(nas.id, {"model": "Synology DS224+ (checked)"})

    with pytest.raises(ConflictError):
        alice.connector.update_asset(nas.id, {"model": "mine", "site": "x"}, version=seen.etag)

    server = boss.fetch_asset(nas.id)
    assert (server.model, server.site) == ("Synology DS224+ (checked)", SITE)


def test_a_note_rt_cuts_to_its_255_characters_is_taken_not_refused_again_and_again(
    alice: Technician, boss: RTConnector
) -> None:
    switch = by_name(alice, "ACME-PRN-03")  # fitted two tests above
    assets.edit_asset(alice.db, switch.id, {"description": "Rack 2,\r\nport 24"})
    assets.retire_asset(alice.db, switch.id, "surge damage, replaced under warranty")
    boss.update_asset(switch.id, {"description": "Loaned by the dealer. " * 10})  # 220

    report = alice.sync()

    assert report.ok and not report.rejected, report
    server = boss.fetch_asset(switch.id)
    assert server.status == "retired"
    assert len(server.description or "") == 255, "RT keeps the first 255 characters"
    assert not [r for r in rows(alice.db) if r.state in ("pending", "in_flight", "rejected")]


def test_a_note_that_cannot_fit_the_record_is_refused_when_written() -> None:
    with pytest.raises(InvalidChange, match="shorten the note by"):
        dated_note("x" * 240, "lightning damage, replaced the whole unit", 12)
