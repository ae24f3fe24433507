"""A sync's failure ("Sync incomplete: the helpdesk is busy or failing (HTTP 500)", "Not
synced: … create a new token") leaves the screen when a later sync completes; a refusal
or a conflict told with it still waits for the technician, and stays.

The failure used to stay all day beside "Online · synced just now · all sent".
"""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from desktop.common.messages import Level
from desktop.shell.banner import Banner
from desktop.shell.main_window import MainWindow
from devrt.instance import RunningRT
from sync.account import Account, save_account
from sync.engine import SyncReport
from sync.profile import Profile
from tests.desktop.gui_helpers import Said
from tests.desktop.shell.test_helpdesk_busy import Window, clock, window
from tests.faults.proxy import FaultProxy, any_request

__all__ = ["clock", "window"]  # the fixtures, shared with the busy-helpdesk tests

FAILING = "the helpdesk is busy or failing (HTTP 500): Internal Server Error"
REVOKED = "the helpdesk refused alice's token: create a new token in RT"
REFUSED = "the helpdesk no longer shows you 'Parts used': ask the RT administrator"


@pytest.fixture
def banner(said: Said, qtbot: QtBot) -> Banner:
    """The window's toast, showing what the bridge says."""
    toast = Banner()
    qtbot.addWidget(toast)
    said.bridge.shown.connect(toast.show_message)
    return toast


def test_a_failure_goes_when_a_later_sync_completes(window: Window, banner: Banner) -> None:
    finished = window.sync.controller.finished
    failures = [
        (SyncReport(error=FAILING), f"Sync incomplete: {FAILING}"),
        (SyncReport(auth_failed=True, error=REVOKED), f"Not synced: {REVOKED}"),
    ]
    for failed, words in failures:
        finished.emit(failed)
        assert banner.isVisible() and words in banner.text.text()
        finished.emit(SyncReport(offline=True, error="no network"))  # not over yet
        assert banner.isVisible()

        finished.emit(SyncReport(pushed=1, tickets_pulled=2))
        assert banner.isHidden(), failed


def test_a_refusal_told_with_the_failure_stays(window: Window, banner: Banner) -> None:
    window.sync.controller.finished.emit(SyncReport(error=FAILING, rejected=[REFUSED]))
    assert "Sync incomplete" in banner.text.text() and REFUSED in banner.text.text()

    window.sync.controller.finished.emit(SyncReport(tickets_pulled=1))
    assert banner.isVisible()
    assert REFUSED in banner.text.text()  # it waits in the Outbox
    assert "Sync incomplete" not in banner.text.text()
    assert banner.message is not None and banner.message.level is Level.ERROR


def test_a_conflict_is_no_failure_and_stays(window: Window, banner: Banner) -> None:
    window.sync.controller.finished.emit(SyncReport(pushed=1, conflicts=1))
    window.sync.controller.finished.emit(SyncReport(tickets_pulled=1))
    assert banner.isVisible() and "to decide in Conflicts" in banner.text.text()


def test_a_dismissed_message_does_not_come_back(window: Window, banner: Banner) -> None:
    window.sync.controller.finished.emit(SyncReport(error=FAILING, rejected=[REFUSED]))
    banner.close_button.click()
    window.sync.controller.finished.emit(SyncReport(tickets_pulled=1))
    assert banner.isHidden()


def test_only_the_syncs_failure_is_withdrawn(window: Window, banner: Banner, said: Said) -> None:
    window.sync.controller.finished.emit(SyncReport(error=FAILING))
    said.bridge.error("The photo could not be attached: the disk is full.")  # not the sync's
    window.sync.controller.finished.emit(SyncReport(tickets_pulled=1))
    assert banner.isVisible() and "disk is full" in banner.text.text()


@pytest.mark.rt
def test_the_window_takes_back_a_helpdesk_failure_once_it_syncs_again(
    rt: RunningRT, alice: Profile, qtbot: QtBot
) -> None:
    with FaultProxy(rt.url) as proxy:
        save_account(alice, Account(url=proxy.url, user="alice", auth="token"), rt.token("alice"))
        window = MainWindow(alice)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)

        proxy.replace_status(any_request, 500)
        with qtbot.waitSignal(window.sync_controller.finished, timeout=90_000):
            window.auto_sync.periodic.timeout.emit()
        assert window.banner.isVisible()
        assert "Sync incomplete" in window.banner.text.text()
        assert "HTTP 500" in window.banner.text.text()

        proxy.clear()
        with qtbot.waitSignal(window.sync_controller.finished, timeout=90_000) as finished:
            window.auto_sync.periodic.timeout.emit()
        assert finished.args[0].ok
        assert window.banner.isHidden()
        assert window.indicator.text.text().startswith("Online · synced just now")
