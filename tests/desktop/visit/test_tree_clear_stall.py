"""Leaving a visit with hundreds of files, equipment or related tickets refills its lists
at once: the old rows go without the current row walking up through each of them (which
had the view measure its columns again at every step: over a second for 300 files), and
the new rows' columns are still sized to their contents. The time itself is measured by
bench/tree_refill.py."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget
from pytestqt.qtbot import QtBot

from desktop.visit.equipment import ASSET_ROLE, EquipmentList
from desktop.visit.files_panel import KEY_ROLE, FilesPanel
from desktop.visit.related_panel import ID_ROLE, RelatedPanel
from sync.store.assets import Asset
from sync.store.files import VisitFile
from sync.store.related import Related

ROWS = 300


def visit_files(first_key: int, count: int, *, away: bool) -> list[VisitFile]:
    """``away``: said to be no longer on this laptop (a long Where), else not downloaded."""
    return [
        VisitFile(
            key=first_key + n,
            id=first_key + n,
            filename=f"fuser-area-{first_key + n}.jpg",
            content_type="image/jpeg",
            size=180_000 + n,
            path=f"/nowhere/{first_key + n}.jpg" if away else None,
            created="2026-12-05T09:30:00Z",
            transaction_id=None,
            client_uuid=None,
        )
        for n in range(count)
    ]


def shown(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    qtbot.waitExposed(widget)


def rows(tree: QTreeWidget, role: int) -> list[int]:
    return [tree.topLevelItem(r).data(0, role) for r in range(tree.topLevelItemCount())]  # type: ignore[union-attr]


class CurrentRowWatch:
    """Each time the tree changes its current row: the key (``role``) of the row made
    current, None for none. Keys, not the rows: the old rows' Python wrappers, held
    here, changed how ``QTreeWidget.clear()`` let the rows go and hid the defect."""

    def __init__(self, tree: QTreeWidget, role: int) -> None:
        self.role = role
        self.made_current: list[int | None] = []
        tree.currentItemChanged.connect(self._changed)

    def _changed(self, now: QTreeWidgetItem | None, _before: QTreeWidgetItem | None) -> None:
        self.made_current.append(None if now is None else int(now.data(0, self.role)))


def widths(tree: QTreeWidget) -> list[int]:
    return [tree.header().sectionSize(c) for c in range(tree.columnCount())]


def test_leaving_a_visit_with_300_files_shows_the_next_ones_sized_to_contents(
    qtbot: QtBot,
) -> None:
    panel = FilesPanel()
    shown(qtbot, panel)
    panel.set_files(visit_files(1, ROWS, away=True))
    qtbot.wait(1)  # laid out and painted, as when the tab is on screen
    assert panel.current_key() == ROWS  # the newest file is the current row
    before = widths(panel.list)
    watch = CurrentRowWatch(panel.list, KEY_ROLE)

    panel.set_files(visit_files(1001, ROWS, away=False))
    qtbot.wait(1)

    assert rows(panel.list, KEY_ROLE) == list(range(1001, 1001 + ROWS))
    assert panel.list.topLevelItem(0).text(3) == "on the helpdesk"  # type: ignore[union-attr]
    assert panel.current_key() == 1000 + ROWS
    assert [i.data(0, KEY_ROLE) for i in panel.list.selectedItems()] == [1000 + ROWS]
    assert panel.open_button.isEnabled()
    # The current row was let go at once, not moved up onto each old row as it went.
    assert watch.made_current == [None, 1000 + ROWS]
    # The columns are measured again over the new rows: "Where" got narrower.
    header = panel.list.header()
    for column in (1, 2, 3):
        assert header.sectionResizeMode(column) == QHeaderView.ResizeMode.ResizeToContents
    assert header.sectionResizeMode(0) == QHeaderView.ResizeMode.Stretch
    after = widths(panel.list)
    assert after[3] < before[3]
    fresh = FilesPanel()
    shown(qtbot, fresh)
    fresh.set_files(visit_files(1001, ROWS, away=False))
    qtbot.wait(1)
    assert after == widths(fresh.list)  # as if the visit had been opened first


def test_a_visit_with_no_files_after_300_says_so(qtbot: QtBot) -> None:
    panel = FilesPanel()
    shown(qtbot, panel)
    panel.set_files(visit_files(1, ROWS, away=False))
    qtbot.wait(1)
    panel.set_files([])
    assert panel.list.topLevelItemCount() == 0
    assert panel.current_key() is None
    assert panel.shown.currentWidget() is panel.shown.note
    assert not panel.open_button.isEnabled()


def printer(asset_id: int) -> Asset:
    return Asset(asset_id, f"Printer {asset_id}", "HP LaserJet Pro M404dn", None, None, "in-use")


def test_equipment_refilled_keeps_the_chosen_asset_without_walking_the_old_rows(
    qtbot: QtBot,
) -> None:
    equipment = EquipmentList()
    shown(qtbot, equipment)
    equipment.set_assets([printer(n) for n in range(1, ROWS + 1)])
    qtbot.wait(1)
    equipment.list.setCurrentItem(equipment.list.topLevelItem(ROWS - 1))  # asset ROWS
    watch = CurrentRowWatch(equipment.list, ASSET_ROLE)

    # Another visit's equipment, the chosen printer among it (now first).
    again = [printer(ROWS)] + [printer(n) for n in range(1001, 1000 + ROWS)]
    equipment.set_assets(again)
    qtbot.wait(1)

    assert rows(equipment.list, ASSET_ROLE) == [ROWS, *range(1001, 1000 + ROWS)]
    assert equipment.current_asset() == ROWS  # still the one chosen
    assert equipment.list.currentItem() is equipment.list.topLevelItem(0)
    assert watch.made_current == [None, ROWS]  # not up through assets 299, 298, ...
    assert all(b.isEnabled() for b in equipment.buttons.values())
    header = equipment.list.header()
    assert header.sectionResizeMode(0) == QHeaderView.ResizeMode.ResizeToContents
    assert header.sectionResizeMode(1) == QHeaderView.ResizeMode.Stretch


def related(ticket_id: int) -> Related:
    return Related(
        id=ticket_id,
        subject=f"Toner smears #{ticket_id}",
        status="resolved",
        owner="bob",
        site="Acme Dental",
        created="2026-11-02T08:00:00Z",
        visit_start=None,
        same_asset=False,
        mine=False,
    )


def test_related_tickets_refilled_after_one_was_chosen(qtbot: QtBot) -> None:
    panel = RelatedPanel()
    shown(qtbot, panel)
    panel.set_related([related(n) for n in range(1, ROWS + 1)])
    qtbot.wait(1)
    panel.list.setCurrentItem(panel.list.topLevelItem(ROWS - 1))
    watch = CurrentRowWatch(panel.list, ID_ROLE)

    panel.set_related([related(n) for n in range(5001, 5011)])
    qtbot.wait(1)

    assert rows(panel.list, ID_ROLE) == list(range(5001, 5011))
    assert panel.list.currentItem() is None  # another visit's tickets: none chosen yet
    assert watch.made_current == [None]  # let go once, not up through each old row
    assert panel.list.header().sectionResizeMode(0) == QHeaderView.ResizeMode.ResizeToContents
