"""Asset work from the visit's equipment tab, in the whole window: what it writes, what
the window then shows (unsent marks, the Outbox count), and asset conflicts."""

from __future__ import annotations

from datetime import datetime

import pytest
import sqlite_utils
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.assets.dialogs import AssetFieldsDialog, LinkAssetDialog
from desktop.common.theme import colour
from desktop.shell.main_window import MainWindow
from desktop.visit.report import report_html
from sync import assets
from sync.profile import Profile
from sync.store.outbox import rows
from sync.workflow import report_content
from tests.desktop.assets.site_assets import VISIT, site_db

__all__ = ["site_db"]


@pytest.fixture
def window(profile: Profile, site_db: sqlite_utils.Database, qtbot: QtBot) -> MainWindow:
    shown = MainWindow(profile)
    qtbot.addWidget(shown)
    shown.show()
    shown.open_visit(VISIT)
    return shown


def equipment_rows(window: MainWindow) -> dict[str, list[str]]:
    tree = window.visit_panel.equipment.list
    found = {}
    for r in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(r)
        assert item is not None
        found[item.text(0)] = [item.text(c) for c in range(tree.columnCount())]
    return found


def unsent(db: sqlite_utils.Database) -> list[str]:
    return [r.kind for r in rows(db) if r.state != "done"]


def test_an_asset_found_on_site_is_added_to_the_visit_unsent_and_counted(
    window: MainWindow, site_db: sqlite_utils.Database, qtbot: QtBot
) -> None:
    assert list(equipment_rows(window)) == ["ACME-PRN-01"]
    window.visit_panel.equipment.buttons["add"].click()
    dialog = window.assets.asset_actions.dialog
    assert isinstance(dialog, AssetFieldsDialog) and dialog.isVisible()
    edits = dialog.fields.edits
    assert edits["site"].text() == "Acme Dental Clinic"  # the visit's site, already filled
    qtbot.keyClicks(edits["name"], "ACME-PRN-04")
    edits["serial"].setFocus()
    qtbot.keyClicks(edits["serial"], "cn12ab3456")
    qtbot.keyClick(edits["serial"], Qt.Key.Key_Return)  # the scanner's Enter
    assert dialog.isVisible() and dialog.focusWidget() is edits["model"]  # on to the next field
    qtbot.keyClicks(edits["model"], "HP LaserJet M404dn")
    qtbot.keyClick(edits["model"], Qt.Key.Key_Return)  # Enter in another field: saved
    qtbot.waitUntil(lambda: not dialog.isVisible())

    assert unsent(site_db) == ["asset_add"]
    # The visit panel shows the saved asset once the list's own read (off the GUI thread) is in.
    qtbot.waitUntil(lambda: "ACME-PRN-04" in equipment_rows(window))
    row = equipment_rows(window)["ACME-PRN-04"]
    assert row[2] == "CN12AB3456" and "added here, not yet sent" in row[4]
    assert window.rail.pages["outbox"].item.text() == "Outbox (1)"
    report = report_html(
        report_content(site_db, VISIT, user="alice", technician="Alice"), "Julie", datetime.now()
    )
    assert "<h2>Equipment</h2>" in report and "<b>ACME-PRN-04</b> added" in report


def test_linking_a_known_asset_by_scanning_it(
    window: MainWindow, site_db: sqlite_utils.Database, qtbot: QtBot
) -> None:
    window.visit_panel.equipment.buttons["link"].click()
    dialog = window.assets.asset_actions.dialog
    assert isinstance(dialog, LinkAssetDialog)
    box = dialog.finder.box
    qtbot.keyClicks(box, "VNB3K00003")  # replaces the site the box opened with
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert unsent(site_db) == ["asset_link"]
    qtbot.waitUntil(lambda: set(equipment_rows(window)) == {"ACME-PRN-01", "ACME-PRN-03"})


def test_retire_from_the_visit_shows_the_status_and_one_change(
    window: MainWindow, site_db: sqlite_utils.Database, qtbot: QtBot
) -> None:
    window.visit_panel.equipment.list.setCurrentItem(
        window.visit_panel.equipment.list.topLevelItem(0)
    )
    window.visit_panel.equipment.buttons["retire"].click()
    dialog = window.assets.asset_actions.dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.reason, "Drum unit cracked, customer keeps it")  # type: ignore[attr-defined]
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert unsent(site_db) == ["asset_retire"]
    qtbot.waitUntil(lambda: equipment_rows(window)["ACME-PRN-01"][4] == "retired")


def test_an_asset_conflict_is_in_conflicts_and_resolved_by_keeping_mine(
    window: MainWindow, site_db: sqlite_utils.Database, qtbot: QtBot
) -> None:
    # What the send of a warranty edit records when RT got a third value meanwhile.
    site_db.execute("UPDATE assets SET warranty = '2028-01-31' WHERE id = 2")
    site_db.execute(
        "INSERT INTO asset_conflicts (asset_id, field, base, mine, theirs, outbox_seq, created)"
        " VALUES (2, 'warranty', '2026-06-30', '2028-01-31', '2027-06-30', 1,"
        " '2026-12-01T09:00:00Z')"
    )
    site_db.conn.commit()
    window.refresh()
    assert window.rail.pages["conflicts"].item.text() == "Conflicts (1)"
    window.show_page("conflicts")
    view = window.conflicts
    assert view.model.index(0, 0).data() == "⚙ ACME-PRN-02"
    assert view.model.index(0, 1).data() == "Warranty end"
    assert view.panes["mine"].toPlainText() == "2028-01-31"
    assert view.panes["theirs"].toPlainText() == "2027-06-30"
    assert not view.both_action.isEnabled()  # a date holds one value
    view.mine_action.trigger()

    assert assets.open_asset_conflicts(site_db) == []
    assert unsent(site_db) == ["asset_edit"]  # mine goes to the helpdesk
    assert "kept yours" in view.outcome.text()
    assert window.rail.pages["conflicts"].item.text() == "Conflicts"


def test_the_visits_equipment_words_and_colours_a_warranty_as_the_finder_does(
    window: MainWindow,
) -> None:
    tree = window.visit_panel.equipment.list
    item = tree.topLevelItem(0)
    assert item is not None and item.text(0) == "ACME-PRN-01"
    assert item.text(3) == "ended 30 Jun 2025"  # the finder's words, not "expired 30 Jun 2025"
    assert item.foreground(3).color() == colour("overdue")
