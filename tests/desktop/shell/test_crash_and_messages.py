"""Bugs reach a crash dialog with a copyable report; known errors become clear messages."""

from __future__ import annotations

import errno
import sys
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desktop.common.messages import Level, MessageBridge
from desktop.common.user_errors import attempt, describe
from desktop.shell.banner import Banner
from desktop.shell.crash import CrashHandler, crash_report, setup_logging
from desktop.shell.crash_dialog import CrashDialog
from sync.connectors.rt_auth import Credentials
from sync.outbox import InvalidChange


def test_a_bug_is_logged_and_reported_with_the_log_path(tmp_path: Path, qtbot: QtBot) -> None:
    log_path = setup_logging(tmp_path / "logs")
    handler = CrashHandler(log_path)
    handler.show_dialog = False
    try:
        raise KeyError("visit_start")
    except KeyError as error:
        with qtbot.waitSignal(handler.crashed) as crashed:
            handler.handle(KeyError, error, error.__traceback__)
    report = crashed.args[0]
    assert "KeyError: 'visit_start'" in report and "FieldDesk" in report
    assert "KeyError: 'visit_start'" in log_path.read_text(encoding="utf-8")

    dialog = CrashDialog(report, log_path)
    qtbot.addWidget(dialog)
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == report
    assert any(str(log_path) in label.text() for label in dialog.findChildren(QLabel))


def test_a_crash_report_and_the_log_hold_no_customer_text_or_secret(
    tmp_path: Path, qtbot: QtBot
) -> None:
    note = "Code for the server room is 4471, ask Hannah Briggs on +44 23 9200 3390 after six"
    token = Credentials("alice", token="1-38-0123456789abcdef0123456789abcdef").token
    log_path = setup_logging(tmp_path / "logs")
    handler = CrashHandler(log_path)
    handler.show_dialog = False
    reports = []
    for error in (ValueError(f"cannot lay out {note!r}"), RuntimeError(f"sent {token}")):
        try:
            raise error
        except Exception as raised:  # noqa: BLE001 - any bug ends here
            with qtbot.waitSignal(handler.crashed) as crashed:
                handler.handle(type(raised), raised, raised.__traceback__)
        reports.append(crashed.args[0])
    logged = log_path.read_text(encoding="utf-8")
    for text in (*reports, logged):
        assert "Hannah" not in text and "4471" not in text and str(token) not in text
    assert "ValueError: (" in reports[0] and "characters left out" in reports[0]
    assert "RuntimeError: sent <token>" in reports[1]
    assert "test_crash_and_messages.py" in reports[0]  # where it failed is kept


def test_the_handler_replaces_and_restores_the_excepthook(tmp_path: Path) -> None:
    previous = sys.excepthook
    handler = CrashHandler(tmp_path / "x.log")
    handler.install()
    assert sys.excepthook == handler.handle
    handler.uninstall()
    assert sys.excepthook is previous


def test_known_errors_become_messages_and_bugs_do_not() -> None:
    messages = MessageBridge()
    said = []
    messages.shown.connect(said.append)
    messages.listen()

    def fails() -> None:
        raise InvalidChange("the note is empty")

    assert attempt(messages, fails, saved="Saved") is None
    assert [(m.level, m.text) for m in said] == [(Level.ERROR, "the note is empty")]
    assert attempt(messages, lambda: 42, saved="Saved") == 42
    assert said[-1].text == "Saved"
    full = OSError(errno.ENOSPC, "No space left on device")
    assert describe(full) == (
        "The disk is full: free some space, then try again. Nothing was saved."
    )
    assert describe(KeyError("x")) is None


def test_messages_said_before_the_window_listens_are_not_lost() -> None:
    messages = MessageBridge()
    messages.warning("Offline since 09:12")
    assert [m.text for m in messages.listen()] == ["Offline since 09:12"]


def test_errors_stay_on_screen_news_fades(qtbot: QtBot) -> None:
    banner = Banner()
    qtbot.addWidget(banner)
    messages = MessageBridge()
    messages.shown.connect(banner.show_message)
    messages.listen()
    messages.error("The helpdesk refused a change")
    assert not banner.isHidden()
    assert not banner._fade.isActive()
    messages.info("Note saved")
    assert banner._fade.isActive()
    banner.close_button.click()
    assert banner.isHidden()


def test_crash_report_names_versions() -> None:
    try:
        1 / 0  # noqa: B018
    except ZeroDivisionError as error:
        report = crash_report(ZeroDivisionError, error, error.__traceback__)
    assert "Python" in report and "PySide6" in report and "ZeroDivisionError" in report
