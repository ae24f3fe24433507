"""A bug inside a sync ends that run for the window too: the next sync still starts."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop.shell.main_window import MainWindow
from desktop.shell.sync_controller import SyncController
from sync.profile import Profile
from sync.report import SyncReport
from tests.replica_faults import fill


class BuggySession:
    """A session whose sync meets a bug (a puller raising what nobody expected)."""

    def __init__(self, _profile: Profile) -> None:
        pass

    def sync(self, **_options: Any) -> None:
        raise RuntimeError("a bug in a puller")

    def close(self) -> None:
        pass


def test_a_bug_in_a_sync_is_reported_and_the_next_sync_starts(
    profile: Profile, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sync.session.Session", BuggySession)
    controller = SyncController(profile)
    for _run in range(2):
        with qtbot.captureExceptions() as raised:
            with qtbot.waitSignal(controller.failed, timeout=10_000) as said:
                assert controller.start(), "a sync starts (it did not after a bug)"
            qtbot.waitUntil(lambda: not controller.running)
        assert "unexpected error" in said.args[0]
        assert "next sync tries again" in said.args[0]
        # ...and the bug itself still reaches the crash handler, with its report.
        assert [str(error) for _kind, error, _trace in raised] == ["a bug in a puller"]


def test_a_run_that_ends_without_a_report_leaves_no_step_in_the_status_bar(
    profile: Profile, qtbot: QtBot
) -> None:
    """The words "Sending your changes: 0 of 1" stayed after a sync refused by the helpdesk's
    certificate or sign-in had ended, as if it were still sending."""
    fill(profile, notes=1)  # not signed in: the window starts no sync of its own
    window = MainWindow(profile)
    qtbot.addWidget(window)
    window.show()
    controller = window.sync_controller
    controller.progressed.emit("push", 0, 1, "Sending your changes: 0 of 1 — #50: note")
    assert window.statusBar().currentMessage().startswith("Sending your changes")
    controller.failed.emit("the helpdesk's certificate is not trusted")
    assert window.statusBar().currentMessage() == ""


def test_a_visit_merged_or_deleted_on_the_helpdesk_is_said_in_the_window(
    profile: Profile, qtbot: QtBot
) -> None:
    """The command line said "#57 was merged into #58 on the helpdesk."; the window
    said nothing of a visit that left the list."""
    fill(profile, notes=1)
    window = MainWindow(profile)
    qtbot.addWidget(window)
    said: list[str] = []
    window.messages.shown.connect(lambda message: said.append(message.text))
    left = ["#57 was merged into #58 on the helpdesk.", "#61 was deleted on the helpdesk."]
    window.sync_controller.finished.emit(SyncReport(tickets_removed=2, visits_left=left))
    assert " ".join(left) in said
