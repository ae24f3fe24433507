"""The Equipment screen over alice's replica after a real sync with the private RT:
the site's inventory is found by a fragment of a label, and a replace done in the
dialog reaches RT once, the old printer in RMA and the new one on the visit."""

from __future__ import annotations

import pytest
import sqlite_utils
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.assets import AssetsPage
from desktop.assets.dialogs import ReplaceDialog
from devrt.instance import RunningRT
from sync import assets
from sync.profile import Profile
from sync.store import open_database
from sync.store import tickets as ticket_store
from sync.store.outbox import rows
from tests.desktop.gui_helpers import Said, sync
from tests.integration.helpers import connector

pytestmark = pytest.mark.rt

SITE = "Acme Dental Clinic"


@pytest.fixture
def page(alice: Profile, qtbot: QtBot) -> AssetsPage:
    db = open_database(alice.database_path)
    screen = AssetsPage(db, Said().bridge)
    qtbot.addWidget(screen)
    screen.resize(1200, 700)
    screen.show()
    return screen


def test_a_scanned_label_opens_the_asset_rt_holds_for_the_site(
    page: AssetsPage, qtbot: QtBot
) -> None:
    qtbot.keyClicks(page.finder.box, "c1a9")  # the middle of the access point's F4E2C1A9B3D7
    qtbot.waitUntil(lambda: page.finder.results.topLevelItemCount() == 1)
    assert page.finder.results.topLevelItem(0).text(0) == "ACME-AP-01"  # type: ignore[union-attr]
    page.finder.box.selectAll()
    qtbot.keyClicks(page.finder.box, "ACME-PRN-01")
    qtbot.keyClick(page.finder.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.record.title.text() == "ACME-PRN-01")
    tickets = page.record.tickets
    subjects = {tickets.topLevelItem(r).text(3) for r in range(tickets.topLevelItemCount())}  # type: ignore[union-attr]
    assert "Front-desk printer jams on every second page" in subjects
    assert page.record.history.topLevelItemCount() >= 1


def test_a_replace_in_the_dialog_reaches_rt_once(
    rt: RunningRT, alice: Profile, page: AssetsPage, qtbot: QtBot
) -> None:
    db: sqlite_utils.Database = page.db
    visit = next(
        v for v in ticket_store.list_visits(db) if v.site == SITE and "printer" in v.subject
    )
    [old] = [
        f.asset for f in assets.find_assets(db, "ACME-PRN-01") if f.asset.name == "ACME-PRN-01"
    ]
    page.set_current_visit(visit.id)
    page.open_asset(old.id)
    page.record.replace_button.click()
    dialog = page.asset_actions.dialog
    assert isinstance(dialog, ReplaceDialog)
    qtbot.keyClicks(dialog.reason, "HP case 5012-778: fuser fault")
    dialog.fields.edits["name"].setText("ACME-PRN-07")
    qtbot.keyClicks(dialog.fields.edits["serial"], "vnb9q00007")
    qtbot.keyClick(dialog.fields.edits["serial"], Qt.Key.Key_Return)
    with qtbot.waitSignal(page.changed):
        dialog.save_button.click()
    assert [r.kind for r in rows(db) if r.state != "done"] == ["asset_replace"]

    report = sync(alice)

    assert report.pushed >= 1
    boss = connector(rt, "supervisor")
    assert boss.fetch_asset(old.id).status == "rma"
    [row] = [r for r in rows(db, include_done=True) if r.kind == "asset_replace"]
    created = int(row.result or 0)
    assert boss.fetch_asset(created).serial == "VNB9Q00007"
    assert {old.id, created} <= {a.id for a in boss.fetch_assets(visit.id)}
    page.refresh()
    assert page.record.title.text() == "ACME-PRN-07"
    assert "not yet sent" not in page.record.chips.text()
