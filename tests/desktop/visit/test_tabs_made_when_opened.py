"""The tabs behind the conversation are made when first opened (later_tabs.py); the
technician sees no difference: their titles count from the start, and a tab opened
after other visits were shown shows the visit on show now."""

from __future__ import annotations

import sqlite_utils
from pytestqt.qtbot import QtBot

from desktop.visit.detail import TAB_EQUIPMENT, TAB_FILES
from desktop.visit.equipment import EquipmentList
from sync.profile import Profile
from sync.store import tickets as ticket_store
from sync.store import transaction
from tests.desktop.assets.site_assets import VISIT, seed
from tests.desktop.visit.local_visit import local_db, local_panel
from tests.sync.test_store import remote_ticket

__all__ = ["local_db"]  # the fixture, used by name

OTHER = 8  # a visit with no equipment


def test_a_tab_opened_later_shows_the_visit_on_show(
    qtbot: QtBot,
    profile: Profile,
    local_db: sqlite_utils.Database,
) -> None:
    seed(local_db)
    with transaction(local_db):
        ticket_store.apply_remote_ticket(local_db, remote_ticket(OTHER, subject="Wi-Fi drops"))
    panel = local_panel(qtbot, profile, local_db)  # shows visit 3: not in this replica
    panel.show_visit(OTHER)
    panel.show_visit(VISIT)
    assert panel.tabs.tabText(TAB_EQUIPMENT) == "E&quipment (1)"  # counted, not yet made
    assert panel.findChild(EquipmentList) is None

    panel.tabs.setCurrentIndex(TAB_EQUIPMENT)  # a click on the tab
    equipment = panel.findChild(EquipmentList)
    assert equipment is not None and equipment.isVisible()
    assert equipment.list.topLevelItemCount() == 1

    panel.show_visit(OTHER)  # a made tab follows the visits shown after
    assert equipment.list.topLevelItemCount() == 0
    assert panel.tabs.tabText(TAB_EQUIPMENT) == "E&quipment"
    assert panel.files is panel.files  # made once
    assert panel.tabs.widget(TAB_FILES).isAncestorOf(panel.files)
