"""What a screen reader gets of the Network check: the result of a run read out when it
ends (at once when a check failed), the summary named with what it says, and a target
that means nothing read out with the focus back in the box to fix it.  All of these used
to be silent: shown far from the focus, in red or green.  And the targets box follows
the application's text size, as every other field does.
"""

from __future__ import annotations

import socket

import pytest
import sqlite_utils
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QFontDatabase
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.common.messages import MessageBridge
from desktop.netcheck import NetcheckDialog
from sync.netcheck.result import PASS, ProbeResult
from sync.netcheck.run import Run
from sync.profile import Profile
from tests.desktop.keyboard_helpers import Announced, record_announcements
from tests.desktop.netcheck.test_dialog import db, dialog, run_and_wait, said
from tests.netcheck_servers import silent_tcp

__all__ = ["db", "dialog", "said"]  # the fixtures, shared with the dialog's tests

URGENT = QAccessible.AnnouncementPoliteness.Assertive
POLITE = QAccessible.AnnouncementPoliteness.Polite


@pytest.fixture
def heard(monkeypatch: pytest.MonkeyPatch) -> Announced:
    return record_announcements(monkeypatch)


def test_a_run_with_a_failure_is_read_out_at_once(
    qtbot: QtBot, dialog: NetcheckDialog, heard: Announced
) -> None:
    dialog.speed.setChecked(False)
    with silent_tcp() as switch, socket.socket() as printer:
        printer.bind(("127.0.0.1", 0))  # bound, not listening: the port is closed
        dialog.targets.setPlainText(
            f"127.0.0.1:{switch}  # switch\n127.0.0.1:{printer.getsockname()[1]}  # printer"
        )
        run_and_wait(qtbot, dialog)
    assert heard == [("1 failed, 2 passed.", URGENT)]
    assert dialog.summary.accessibleName() == "Check summary: 1 failed, 2 passed."


def test_a_run_that_passed_is_read_out_politely(dialog: NetcheckDialog, heard: Announced) -> None:
    run = Run(started="2026-12-05T10:00:00+00:00")
    run.results = [ProbeResult("tcp", "printer:9100", PASS, "2 ms")]
    dialog._finished(run)
    assert heard == [("1 passed.", POLITE)]
    assert dialog.summary.accessibleName() == "Check summary: 1 passed."


def test_a_target_that_means_nothing_is_read_out_and_the_focus_goes_to_it(
    qtbot: QtBot, dialog: NetcheckDialog, heard: Announced
) -> None:
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.targets.setPlainText("printer:99999")
    dialog.run_button.setFocus()
    qtbot.keyClick(dialog.run_button, Qt.Key.Key_Space)
    [(error, politeness)] = heard
    assert "port must be a number from 1 to 65535" in error and politeness is URGENT
    assert QApplication.focusWidget() is dialog.targets
    assert dialog.targets.accessibleDescription() == error  # said again on the box
    assert dialog.target_error.accessibleName() == f"Target error: {error}"

    dialog.targets.setPlainText("printer:9100")  # fixed
    dialog.save_targets()
    assert dialog.targets.accessibleDescription() == ""
    assert not dialog.target_error.isVisibleTo(dialog)


def test_the_targets_follow_the_applications_text_size(
    qtbot: QtBot, db: sqlite_utils.Database, profile: Profile
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.font()
    larger = app.font()
    larger.setPointSizeF(before.pointSizeF() + 6)
    app.setFont(larger)
    try:
        window = NetcheckDialog(db, profile, MessageBridge())
        qtbot.addWidget(window)
    finally:
        app.setFont(before)
    assert window.targets.font().pointSizeF() == larger.pointSizeF()
    fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    assert window.targets.font().family() == fixed.family()  # still one of fixed pitch
