"""The Equipment screen over a replica written here: find, scan, the record, replace."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlite_utils
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.assets import AssetsPage
from desktop.assets.dialogs import AssetFieldsDialog, ReplaceDialog
from desktop.assets.finder import AssetFinder
from sync import assets
from sync.local_days import local_days
from sync.stamps import STAMP_FORMAT, parse_stamp
from sync.store import assets as store
from sync.store import tickets as ticket_store
from sync.store import transaction
from sync.store.outbox import rows
from tests.desktop.assets.site_assets import SITE, VISIT, site_db
from tests.desktop.gui_helpers import Said
from tests.sync.test_assets import remote_asset
from tests.sync.test_store import remote_ticket

__all__ = ["site_db"]


@pytest.fixture
def page(site_db: sqlite_utils.Database, qtbot: QtBot) -> AssetsPage:
    screen = AssetsPage(site_db, Said().bridge)
    qtbot.addWidget(screen)
    screen.resize(1200, 700)
    screen.show()
    return screen


def shown_rows(page: AssetsPage) -> list[list[str]]:
    results = page.finder.results
    return [
        [results.topLevelItem(r).text(c) for c in range(results.columnCount())]  # type: ignore[union-attr]
        for r in range(results.topLevelItemCount())
    ]


def test_four_characters_of_a_serial_list_the_asset_with_its_warranty_and_status(
    page: AssetsPage, qtbot: QtBot
) -> None:
    qtbot.keyClicks(page.finder.box, "k00002")
    qtbot.waitUntil(lambda: page.finder.results.topLevelItemCount() == 1)
    qtbot.keyClicks(page.finder.box, "\b\b")  # now "k000": all three share it
    page.finder.box.setText("0002")
    qtbot.waitUntil(lambda: len(shown_rows(page)) == 1)
    [[name, serial, model, site, warranty, status]] = shown_rows(page)
    assert (name, serial, site) == ("ACME-PRN-02", "VNB3K00002", "Acme Dental Clinic")
    assert model == "HP LaserJet Pro M404dn"
    assert warranty == "ended 30 Jun 2026"
    assert status == "in-use"
    page.finder.box.setText("zzzz")
    qtbot.waitUntil(lambda: "Nothing on this laptop matches" in page.finder.hint.text())


@pytest.fixture
def noon(site_db: sqlite_utils.Database) -> str:
    """Today's noon on the laptop's clock, as a replica stamp: the clinic's visit is then."""
    start, _end = local_days()
    stamp = (parse_stamp(start) + timedelta(hours=12)).strftime(STAMP_FORMAT)
    with transaction(site_db):
        ticket_store.apply_remote_ticket(
            site_db, remote_ticket(VISIT, site=SITE, visit_start=stamp)
        )
    return stamp


def test_before_anything_is_typed_todays_equipment_is_listed_and_the_first_open(
    site_db: sqlite_utils.Database, noon: str, qtbot: QtBot
) -> None:
    screen = AssetsPage(site_db, Said().bridge)
    qtbot.addWidget(screen)
    screen.show()

    screen.refresh()  # as the rail does when the screen is shown

    qtbot.waitUntil(lambda: len(shown_rows(screen)) == 3)
    # The visit's own printer first, then the rest of the clinic's equipment.
    assert [row[0] for row in shown_rows(screen)] == ["ACME-PRN-01", "ACME-PRN-02", "ACME-PRN-03"]
    assert screen.record.title.text() == "ACME-PRN-01"
    assert "today's visits" in screen.finder.hint.text()
    with qtbot.waitSignal(screen.finder.opened, check_params_cb=lambda asset: asset == 1):
        qtbot.keyClick(screen.finder.box, Qt.Key.Key_Return)  # Enter: the highlighted one
    screen.finder.box.setText("0003")
    qtbot.waitUntil(lambda: len(shown_rows(screen)) == 1)
    screen.finder.box.clear()  # back to the day's list
    qtbot.waitUntil(lambda: len(shown_rows(screen)) == 3)

    with transaction(site_db):  # the afternoon's visit, at the café
        ticket_store.apply_remote_ticket(
            site_db, remote_ticket(VISIT + 1, site="Café Lumière", visit_start=noon)
        )
        store.upsert_remote_asset(
            site_db, remote_asset(20, site="Café Lumière", name="CAFE-TILL-1"), in_inventory=True
        )
    screen.set_current_visit(VISIT + 1)  # picked in My visits: its equipment heads the list
    qtbot.waitUntil(
        lambda: [row[0] for row in shown_rows(screen)][:2] == ["CAFE-TILL-1", "ACME-PRN-01"]
    )
    assert screen.record.title.text() == "CAFE-TILL-1"


def test_the_link_dialogs_finder_lists_only_what_is_typed(
    site_db: sqlite_utils.Database, noon: str, qtbot: QtBot
) -> None:
    finder = AssetFinder(site_db, offers_the_day=False)  # the dialog names the site itself
    qtbot.addWidget(finder)
    finder.show()
    try:
        with qtbot.waitSignal(finder.query.found):
            finder.research()
        assert finder.results.topLevelItemCount() == 0
        assert "Type or scan" in finder.hint.text()
    finally:
        finder.shutdown()  # its search thread (the dialog stops it when it closes)


def test_a_scan_ending_in_enter_opens_the_asset_with_its_history_and_tickets(
    page: AssetsPage, qtbot: QtBot
) -> None:
    page.finder.box.setFocus()
    qtbot.keyClicks(page.finder.box, "vnb3k00001")  # the scanner types fast…
    qtbot.keyClick(page.finder.box, Qt.Key.Key_Return)  # …and Enter before the search answers
    qtbot.waitUntil(lambda: page.record.title.text() == "ACME-PRN-01")
    assert "out of warranty: ended 30 Jun 2025" in page.record.chips.text()
    assert page.record.values["serial"].text() == "VNB3K00001"
    history = page.record.history
    assert [history.topLevelItem(r).text(2) for r in range(2)] == [  # type: ignore[union-attr]
        "status: new → in-use",
        "created",
    ]
    assert page.record.tickets.topLevelItem(0).text(0) == f"#{VISIT}"  # type: ignore[union-attr]
    assert page.record.on_visits.text() == "On your visit #7"
    assert page.finder.box.selectedText() == "vnb3k00001"  # the next scan replaces it


def test_replace_sends_the_old_one_to_rma_and_puts_the_new_one_on_the_visit_in_one_change(
    page: AssetsPage, site_db: sqlite_utils.Database, qtbot: QtBot
) -> None:
    page.set_current_visit(VISIT)
    page.open_asset(1)
    page.record.replace_button.click()
    dialog = page.asset_actions.dialog
    assert isinstance(dialog, ReplaceDialog) and dialog.isVisible()
    assert dialog.rma.isChecked()
    qtbot.keyClicks(dialog.reason, "Fuser fault, RMA 4471")
    new = dialog.fields.edits
    new["name"].clear()
    qtbot.keyClicks(new["name"], "ACME-PRN-10")
    qtbot.keyClicks(new["serial"], " vnb3k00010 ")
    qtbot.keyClick(new["serial"], Qt.Key.Key_Return)  # the scanner's Enter: not a Save
    assert dialog.isVisible() and new["serial"].text() == "VNB3K00010"
    with qtbot.waitSignal(page.changed):
        dialog.save_button.click()
    assert not dialog.isVisible()

    [change] = [r for r in rows(site_db) if r.state != "done"]
    assert change.kind == "asset_replace" and change.ticket_ref == VISIT
    old = assets.get_asset(site_db, 1)
    assert old is not None and old.asset.status == "rma"
    assert "Fuser fault, RMA 4471" in (old.asset.description or "")
    on_visit = {a.name: a for a in assets.assets_of(site_db, VISIT)}
    assert on_visit["ACME-PRN-10"].serial == "VNB3K00010" and on_visit["ACME-PRN-10"].local
    assert page.record.title.text() == "ACME-PRN-10"  # the record shows what was put in

    with transaction(site_db):  # the sync created it in RT: it takes RT's id
        store.renumber_asset(site_db, on_visit["ACME-PRN-10"].id, 500)
    page.refresh()
    assert page.asset_id == 500 and page.record.title.text() == "ACME-PRN-10"


def test_a_replace_without_a_reason_stays_open_and_says_why(
    page: AssetsPage, site_db: sqlite_utils.Database
) -> None:
    said = Said()
    page.asset_actions.messages = said.bridge
    page.set_current_visit(VISIT)
    page.open_asset(2)
    page.record.replace_button.click()
    dialog = page.asset_actions.dialog
    assert isinstance(dialog, ReplaceDialog)
    dialog.from_site.setChecked(True)
    dialog.save_button.click()
    assert dialog.isVisible()
    assert said.texts() == ["say why it was replaced (e.g. the RMA number)"]
    assert [r for r in rows(site_db) if r.state != "done"] == []


def test_a_licence_key_is_masked_until_shown(
    page: AssetsPage, site_db: sqlite_utils.Database
) -> None:
    site_db.execute("UPDATE assets SET licence_key = 'ABCD-1234-SECRET' WHERE id = 3")
    page.open_asset(3)
    assert page.record.licence.isVisibleTo(page) and "SECRET" not in page.record.licence.text()
    page.record.licence_show.click()
    assert page.record.licence.text() == "ABCD-1234-SECRET"
    page.open_asset(2)  # another asset: no key, no row
    assert not page.record.licence.isVisibleTo(page)


def test_an_edit_goes_in_the_visits_report_only_for_equipment_on_that_visit(
    page: AssetsPage, site_db: sqlite_utils.Database, qtbot: QtBot
) -> None:
    page.set_current_visit(VISIT)
    for asset_id, warranty in ((2, "2028-01-31"), (1, "2028-02-29")):
        page.open_asset(asset_id)
        page.record.edit_button.click()
        dialog = page.asset_actions.dialog
        assert isinstance(dialog, AssetFieldsDialog)
        dialog.fields.edits["warranty"].setText(warranty)
        with qtbot.waitSignal(page.changed):
            dialog.save_button.click()
        assert page.record.values["warranty"].text() == f"{warranty} ●"  # unsent, marked
    assert [r.kind for r in rows(site_db) if r.state != "done"] == ["asset_edit", "asset_edit"]
    assert [t.asset_name for t in assets.touches_of(site_db, VISIT)] == ["ACME-PRN-01"]


def test_after_a_save_the_list_and_the_record_stay_on_the_asset_worked_on(
    page: AssetsPage, qtbot: QtBot
) -> None:
    qtbot.keyClicks(page.finder.box, "vnb3k0000")
    qtbot.waitUntil(lambda: page.finder.results.topLevelItemCount() == 3)
    assert page.record.title.text() == "ACME-PRN-01"  # the first match, opened
    page.finder.results.setCurrentItem(page.finder.results.topLevelItem(1))
    assert page.record.title.text() == "ACME-PRN-02"
    page.record.edit_button.click()
    dialog = page.asset_actions.dialog
    assert isinstance(dialog, AssetFieldsDialog)
    dialog.fields.edits["description"].setText("Surgery 2, on the trolley")
    with qtbot.waitSignal(page.finder.query.found):  # the list searched again
        dialog.save_button.click()
    current = page.finder.results.currentItem()
    assert current is not None and current.text(0) == "ACME-PRN-02"
    assert page.record.title.text() == "ACME-PRN-02"
    assert page.record.values["description"].text() == "Surgery 2, on the trolley ●"
