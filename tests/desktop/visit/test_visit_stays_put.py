"""Nothing moves under the pointer: a long visit title never shifts the list/detail divider,
and every work dialog names the visit it belongs to."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from pytestqt.qtbot import QtBot

from desktop.shell.main_window import MainWindow
from desktop.visit.composer import NoteDialog
from desktop.visit.dialogs import EscalateDialog, PartsDialog, StatusDialog
from sync.profile import Profile
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from tests.sync.test_store import remote_ticket

LONG_TITLE = (
    "Front-desk printer jams on every second page and the reception PC cannot find it "
    "after the network switch was replaced; also HP-LaserJet-M404dn-serial-VNB3K12345-"
    "firmware-002.2035A-needs-checking-before-the-warranty-runs-out"
)


def two_visits(profile: Profile) -> None:
    db = open_database(profile.database_path)
    with transaction(db):
        ticket_store.apply_remote_ticket(
            db, remote_ticket(3, subject="Toner", site="Elmgrove Medical Practice")
        )
        ticket_store.apply_remote_ticket(
            db,
            remote_ticket(
                4,
                subject=LONG_TITLE,
                site="St Bartholomew's Community Health Centre and Pharmacy (East Wing)",
                due="2026-11-20T09:00:00Z",
                visit_end="2026-11-23T17:30:00Z",
                contact=(
                    "Dr Julie Marsh-Featherstonehaugh, +44 23 9200 1234, +44 7700 900123,"
                    " julie.marsh-featherstonehaugh@stbartholomews-health.example.org,"
                    " reception.east-wing@stbartholomews-health.example.org"
                ),
            ),
        )
    db.close()


def window_with(qtbot: QtBot, profile: Profile, size: tuple[int, int]) -> MainWindow:
    two_visits(profile)
    window = MainWindow(profile)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return window


def placed(window: MainWindow) -> tuple[QRect, QRect, list[int]]:
    splitter = window.visits.splitter
    lst = window.visits.list
    return (
        QRect(lst.mapTo(window, QPoint(0, 0)), lst.size()),
        QRect(window.visit_panel.mapTo(window, QPoint(0, 0)), window.visit_panel.size()),
        splitter.sizes(),
    )


@pytest.mark.parametrize("size", [(1280, 800), (1024, 640)])
def test_a_long_title_does_not_move_the_divider(
    qtbot: QtBot, profile: Profile, size: tuple[int, int]
) -> None:
    window = window_with(qtbot, profile, size)
    window.open_visit(3)
    qtbot.wait(50)
    before = placed(window)
    window.open_visit(4)
    qtbot.wait(50)
    assert window.visit_panel.header.title.full_text.startswith("#4 ")
    assert placed(window) == before
    window.open_visit(3)
    qtbot.wait(50)
    assert placed(window) == before


def test_every_work_dialog_names_its_visit(qtbot: QtBot, profile: Profile) -> None:
    window = window_with(qtbot, profile, (1280, 800))
    window.open_visit(3)
    panel = window.visit_panel
    for action, kind in (
        ("note", NoteDialog),
        ("reply", NoteDialog),
        ("status", StatusDialog),
        ("parts", PartsDialog),
        ("escalate", EscalateDialog),
    ):
        panel.work_actions[action].trigger()
        dialog = panel.dialog
        assert isinstance(dialog, kind)
        title = dialog.windowTitle()
        assert title.endswith(" on #3 · Elmgrove Medical Practice"), title
        assert dialog.visit_line.isVisible()
        assert dialog.visit_line.text() == "#3 · Elmgrove Medical Practice — Toner"
        dialog.reject()
    panel.work_actions["note"].trigger()
    note = panel.dialog
    assert isinstance(note, NoteDialog)
    assert note.windowTitle() == "Internal note on #3 · Elmgrove Medical Practice"
    note.reply.setChecked(True)  # the dialog renames itself, still naming the visit
    assert note.windowTitle() == "Reply to the customer on #3 · Elmgrove Medical Practice"
    note.reject()
