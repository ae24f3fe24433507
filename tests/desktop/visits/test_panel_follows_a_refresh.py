"""After a refresh of the visit list (a sync, a save) the visit panel reads the selected
visit again on a worker, shows what changed, and leaves an unchanged visit alone."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.shell.main_window import MainWindow
from desktop.visit import detail
from desktop.visit.snapshot import VisitSnapshot
from sync import outbox
from sync.connectors.base import RemoteArticle
from sync.store import checklists as checklist_store
from sync.store import tickets as ticket_store
from sync.store import transaction
from tests.desktop.visits.conftest import day
from tests.desktop.visits.test_refresh_off_the_gui_thread import refreshed
from tests.sync.test_store import remote_ticket


@pytest.fixture
def panel_reads(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The thread each read of the visit panel ran on, from now on."""
    window.visit_panel  # noqa: B018 - made (as just after the first paint) before counting
    names: list[str] = []
    real = detail.read_visit

    def recorded(db: object, visit_id: int) -> VisitSnapshot | None:
        names.append(threading.current_thread().name)
        return real(db, visit_id)  # type: ignore[arg-type]

    monkeypatch.setattr(detail, "read_visit", recorded)
    return names


def conversation(window: MainWindow) -> str:
    return window.visit_panel.conversation.toPlainText()


def test_a_note_that_arrived_shows_in_the_panel_read_off_the_gui_thread(
    window: MainWindow, qtbot: QtBot, panel_reads: list[str]
) -> None:
    assert window.visits.select(30)
    panel_reads.clear()  # picking a visit reads it at once, on the GUI thread
    outbox.add_note(window.db, 30, "Fuser replaced, test page fine", author="alice", minutes=5)

    with qtbot.waitSignal(window.visit_panel.reread_done, timeout=10_000):
        refreshed(window, qtbot, window.refresh)

    assert "Fuser replaced, test page fine" in conversation(window)
    assert window.visit_panel.visit is not None and window.visit_panel.visit.id == 30
    assert panel_reads and threading.main_thread().name not in panel_reads


def test_a_changed_subject_shows_in_the_panel_header(window: MainWindow, qtbot: QtBot) -> None:
    assert window.visits.select(30)
    with transaction(window.db):  # what a sync writes
        ticket_store.apply_remote_ticket(
            window.db, remote_ticket(30, subject="Toner and drum", visit_start=day(30))
        )

    with qtbot.waitSignal(window.visit_panel.reread_done, timeout=10_000):
        refreshed(window, qtbot, window.refresh)

    assert "Toner and drum" in window.visit_panel.header.title.text()


def test_an_unchanged_visit_keeps_what_the_technician_selected_in_it(
    window: MainWindow, qtbot: QtBot
) -> None:
    """Nothing new: the conversation is not drawn again, so text being selected for a
    copy stays selected through a sync."""
    outbox.add_note(window.db, 30, "Checked the tray sensor", author="alice", minutes=5)
    assert window.visits.select(30)
    window.visit_panel.conversation.selectAll()
    assert window.visit_panel.conversation.textCursor().hasSelection()

    with qtbot.waitSignal(window.visit_panel.reread_done, timeout=10_000):
        refreshed(window, qtbot, window.refresh)

    assert window.visit_panel.conversation.textCursor().hasSelection()


def test_a_visit_picked_while_the_panel_rereads_is_not_replaced_by_the_late_answer(
    window: MainWindow, qtbot: QtBot
) -> None:
    assert window.visits.select(30)
    outbox.add_note(window.db, 30, "Late answer", author="alice", minutes=5)
    answers: list[object] = []
    window.visit_panel.reread()  # as after a refresh
    assert window.visit_panel._reader is not None
    window.visit_panel._reader.found.connect(lambda *args: answers.append(args))
    assert window.visits.select(31)  # the technician picks another visit meanwhile

    qtbot.waitUntil(lambda: bool(answers), timeout=10_000)  # the re-read of 30 came back
    qtbot.wait(50)

    assert window.visit_panel.visit is not None and window.visit_panel.visit.id == 31
    assert "Late answer" not in conversation(window)


def test_a_tick_made_while_the_panel_reads_is_not_undone_by_that_read(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The re-read under way was read before the tick: its answer must not draw the
    checklist without it (the technician would tick again, and really untick it)."""
    db = window.db
    with transaction(db):
        checklist_store.remember_visit_types(db, 30, ("Cabinet",))
        checklist_store.apply_remote_templates(
            db,
            [RemoteArticle(9, "Cabinet", "", "Door locked\nUPS ok", "2026-11-20T08:00:00Z", False)],
        )
    assert window.visits.select(30)
    window.visit_panel.show_visit(30)
    checklist = window.visit_panel.checklist
    assert not checklist.lists[0].items[0].ticked
    with transaction(db):  # what a sync writes
        ticket_store.apply_remote_ticket(
            db, remote_ticket(30, subject="Toner and drum", visit_start=day(30))
        )
    shown_after_reads: list[bool] = []
    window.visit_panel.reread_done.connect(
        lambda: shown_after_reads.append(checklist.lists[0].items[0].ticked)
    )

    window.visit_panel.reread()  # as after the refresh that followed the sync
    time.sleep(0.5)  # the worker has read; its answer waits for the event loop
    next(iter(checklist.item_rows())).setCheckState(0, Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: bool(shown_after_reads), timeout=10_000)
    qtbot.wait(200)

    assert all(shown_after_reads), shown_after_reads
    assert checklist_store.checklists(db, 30)[0].items[0].ticked
    assert "Toner and drum" in window.visit_panel.header.title.text()
