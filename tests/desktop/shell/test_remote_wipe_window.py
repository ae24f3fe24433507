"""IT wipes a lost laptop from RT: the window sends the unsent note, erases, and says so."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from desktop.common.copied import copy_text
from desktop.shell.main_window import MainWindow
from devrt.instance import RunningRT
from sync import outbox
from sync.profile import Profile
from sync.profile_key import load_key
from sync.store import tickets as ticket_store
from tests.integration import rt_admin
from tests.integration.helpers import comments_with

pytestmark = pytest.mark.rt

NOTE = "Left the spare toner with reception (wipe test)"


@pytest.fixture
def wipe_asked(rt: RunningRT) -> Iterator[None]:
    rt_admin.set_wipe_flag(rt, "alice", wipe=True)
    yield
    rt_admin.set_wipe_flag(rt, "alice", wipe=False)


def test_the_window_sends_what_it_holds_then_is_wiped_and_says_so(
    rt: RunningRT, alice: Profile, qtbot: QtBot, wipe_asked: None
) -> None:
    assert load_key(alice.root) is not None  # the replica's key, in the keyring
    window = MainWindow(alice)
    qtbot.addWidget(window)
    window.show()
    visit = next(v for v in ticket_store.list_visits(window.db) if v.status in ("new", "open"))
    outbox.add_note(window.db, visit.id, NOTE, author="alice")
    copy_text("Julie Marsh, +44 23 9200 3390")  # a contact copied with the header's button

    with qtbot.waitSignal(window.wiped_by_it, timeout=60_000):
        window.sync_action.trigger()

    assert not window.isVisible()
    assert len(comments_with(rt, visit.id, NOTE)) == 1
    assert load_key(alice.root) is None
    assert not alice.database_path.exists()
    assert QGuiApplication.clipboard().text() == "", "no customer's words left to paste"
    reopened = MainWindow(alice)  # what the app opens next
    qtbot.addWidget(reopened)
    assert reopened.account is None and ticket_store.list_visits(reopened.db) == []
    assert "IT wiped FieldDesk's data on this laptop" in reopened.banner.text.text()
    assert "IT asked for it from the helpdesk" in reopened.banner.text.text()
