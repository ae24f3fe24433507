"""The Network check window as a technician uses it, against listeners on 127.0.0.1."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest
import sqlite_utils
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from desktop.common.messages import Message, MessageBridge
from desktop.common.theme import hex_colour
from desktop.netcheck import NetcheckDialog
from sync.netcheck import history
from sync.netcheck.result import NO_RIGHTS, PASS, ProbeResult
from sync.netcheck.run import Run
from sync.profile import Profile
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from sync.store.outbox import rows
from tests.netcheck_servers import canned_http, silent_tcp, slow_header
from tests.sync.test_store import remote_ticket

FINISHED_MS = 15_000


@pytest.fixture
def db(profile: Profile) -> Iterator[sqlite_utils.Database]:
    database = open_database(profile.ensure().database_path)
    with transaction(database):
        ticket_store.apply_remote_ticket(database, remote_ticket(site="ACME Dental"))
    yield database
    database.close()


@pytest.fixture
def said() -> list[Message]:
    return []


@pytest.fixture
def dialog(
    db: sqlite_utils.Database, profile: Profile, qtbot: QtBot, said: list[Message]
) -> NetcheckDialog:
    messages = MessageBridge()
    messages.listen()
    messages.shown.connect(said.append)
    visit = ticket_store.get_visit(db, 7)
    window = NetcheckDialog(db, profile, messages, visit=visit, author="alice")
    qtbot.addWidget(window)
    window.show()
    return window


def run_and_wait(qtbot: QtBot, dialog: NetcheckDialog) -> None:
    with qtbot.waitSignal(dialog.runner.finished, timeout=FINISHED_MS):
        qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)


def statuses(dialog: NetcheckDialog) -> list[str]:
    table = dialog.results.widget
    return [table.item(row, 0).text() for row in range(table.rowCount())]


def test_a_closed_port_shows_as_failed_and_a_fix_shows_as_better(
    qtbot: QtBot, dialog: NetcheckDialog, db: sqlite_utils.Database
) -> None:
    with silent_tcp() as switch, socket.socket() as printer:
        printer.bind(("127.0.0.1", 0))  # bound, not listening: the port is closed
        port = printer.getsockname()[1]
        dialog.targets.setPlainText(
            f"127.0.0.1:{switch}  # switch\n127.0.0.1:{port}  # reception printer"
        )
        run_and_wait(qtbot, dialog)
        assert statuses(dialog)[1:] == ["✓ Pass", "✗ Fail"]
        detail = dialog.results.widget.item(2, 4).text()
        assert f"nothing listens on port {port}" in detail
        assert dialog.summary.text() == "1 failed, 2 passed."

        printer.listen()  # the printer is back on the network
        run_and_wait(qtbot, dialog)
        assert statuses(dialog)[1:] == ["✓ Pass", "✓ Pass"]

    dialog.tabs.setCurrentIndex(1)
    table = dialog.compare.widget
    row = next(
        r
        for r in range(table.rowCount())
        if table.item(r, 1).text().endswith("(reception printer)")
    )
    assert table.item(row, 2).text().startswith("✗ Fail")
    assert table.item(row, 3).text().startswith("✓ Pass")
    assert table.item(row, 4).text() == "▲ better"
    assert len(history.runs_for_site(db, "ACME Dental")) == 2


def test_attach_queues_one_note_and_then_says_attached(
    qtbot: QtBot, dialog: NetcheckDialog, db: sqlite_utils.Database, said: list[Message]
) -> None:
    with silent_tcp() as switch:
        dialog.targets.setPlainText(f"127.0.0.1:{switch}")
        run_and_wait(qtbot, dialog)
    assert dialog.attach_button.isEnabled()
    with qtbot.waitSignal(dialog.changed):
        qtbot.mouseClick(dialog.attach_button, Qt.MouseButton.LeftButton)
    (row,) = rows(db)
    assert row.kind == "note" and row.payload["content"].startswith("Network check at ACME")
    assert not dialog.attach_button.isEnabled()
    assert dialog.attach_button.text() == "Attached"
    assert said[-1].text.startswith("Network check attached to #7")


def test_cancel_stops_a_check_waiting_for_its_timeout(qtbot: QtBot, dialog: NetcheckDialog) -> None:
    dialog.speed.setChecked(False)
    dialog.timeout.setValue(60)
    with silent_tcp() as port:
        dialog.targets.setPlainText(f"http://127.0.0.1:{port}/")
        qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: statuses(dialog)[-1] == "Running…", timeout=FINISHED_MS)
        assert dialog.run_button.text() == "&Cancel"
        with qtbot.waitSignal(dialog.runner.finished, timeout=3000):
            qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    assert statuses(dialog)[-1] == "– Cancelled"
    assert "(cancelled)" in dialog.summary.text()


def test_cancel_during_a_slow_answer_is_cancelled_and_never_attached_as_a_pass(
    qtbot: QtBot, dialog: NetcheckDialog, db: sqlite_utils.Database
) -> None:
    dialog.speed.setChecked(False)
    dialog.timeout.setValue(60)
    sending = threading.Event()
    with canned_http(slow_header(seconds=60), every_s=0.1, sending=sending) as port:
        dialog.targets.setPlainText(f"http://127.0.0.1:{port}/  # intranet")
        qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(sending.is_set, timeout=FINISHED_MS)  # its answer has begun
        with qtbot.waitSignal(dialog.runner.finished, timeout=FINISHED_MS):
            qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    assert statuses(dialog)[-1] == "– Cancelled"
    assert dialog.results.widget.item(2 - 1, 3).text() == "—"
    assert "(cancelled)" in dialog.summary.text()
    assert dialog.current is not None
    assert [r.status for r in dialog.current.run.results][-1] == "cancelled"
    with qtbot.waitSignal(dialog.changed):
        qtbot.mouseClick(dialog.attach_button, Qt.MouseButton.LeftButton)
    (row,) = rows(db)
    note = row.payload["content"]
    assert "| CANCELLED | HTTP | http://127.0.0.1:" in note
    assert "| PASS | HTTP |" not in note


def test_a_target_that_means_nothing_is_named_and_nothing_runs(
    qtbot: QtBot, dialog: NetcheckDialog
) -> None:
    dialog.targets.setPlainText("printer:99999")
    qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    assert dialog.target_error.isVisible()
    assert "port must be a number from 1 to 65535" in dialog.target_error.text()
    assert not dialog.runner.running


def test_targets_saved_for_the_site_come_back_next_time(
    qtbot: QtBot,
    dialog: NetcheckDialog,
    db: sqlite_utils.Database,
    profile: Profile,
) -> None:
    dialog.targets.setPlainText("nas.acme.test:445  # the NAS")
    qtbot.mouseClick(dialog.save_targets_button, Qt.MouseButton.LeftButton)
    dialog.close()
    again = NetcheckDialog(
        db, profile, MessageBridge(), visit=ticket_store.get_visit(db, 7), author="alice"
    )
    qtbot.addWidget(again)
    assert again.targets.toPlainText() == "nas.acme.test:445  # the NAS"
    assert "1 saved on this laptop" in again.site_label.text()


def test_copy_gives_the_results_as_text_failures_first(
    qtbot: QtBot, dialog: NetcheckDialog
) -> None:
    with silent_tcp() as switch, socket.socket() as printer:
        printer.bind(("127.0.0.1", 0))
        dialog.targets.setPlainText(
            f"127.0.0.1:{switch}  # switch\n127.0.0.1:{printer.getsockname()[1]}  # printer"
        )
        with qtbot.waitSignal(dialog.runner.finished, timeout=FINISHED_MS):
            qtbot.keyClick(dialog.targets, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    lines = QGuiApplication.clipboard().text().splitlines()
    assert lines[0].startswith("Network check at ACME Dental")
    assert lines[5].startswith("| FAIL | TCP |") and lines[5].count("(printer)") == 1
    assert not any("attached" in line for line in lines)


def test_a_ping_this_laptop_may_not_send_is_not_run_and_not_a_failure(
    dialog: NetcheckDialog,
) -> None:
    """As `fielddesk netcheck` says it (exit 0): the network was not shown to be at fault."""
    run = Run(started="2026-12-05T10:00:00+00:00")
    run.results = [
        ProbeResult("tcp", "printer:9100", PASS, "2 ms"),
        ProbeResult("icmp", "10.0.0.1", NO_RIGHTS, "not allowed"),
    ]
    dialog._finished(run)
    assert dialog.summary.text() == "1 passed, 1 not run."
    assert hex_colour("overdue") not in dialog.summary.styleSheet()
    assert hex_colour("ok") in dialog.summary.styleSheet()
