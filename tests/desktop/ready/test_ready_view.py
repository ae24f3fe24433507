"""Ready for the road: what is missing for today's and tomorrow's visits, and fetching it."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.shell.main_window import MainWindow
from devrt.instance import RunningRT
from sync import file_vault
from sync.connectors.base import NewAttachment, NoteRequest
from sync.profile import Profile
from sync.readiness import check_ready
from sync.session import DOWNLOAD_CAP_SETTING, Session, sign_in
from sync.store.settings import set_setting
from tests.integration.helpers import connector

pytestmark = pytest.mark.rt

MANUAL = b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024)  # a 3 MB service manual


def todays_first_visit(profile: Profile) -> int:
    session = Session(profile)
    try:
        check = check_ready(session.db)
    finally:
        session.close()
    return check.visits[0].visit.id


@pytest.fixture
def laptop_with_a_big_file_left_behind(rt: RunningRT, profile: Profile) -> tuple[Profile, int]:
    """alice synced with a 1 MB download cap; the supervisor attached a 3 MB manual."""
    sign_in(profile, rt.url, "alice", rt.token("alice"), "token")
    session = Session(profile)
    set_setting(session.db, DOWNLOAD_CAP_SETTING, "1")
    assert session.sync().ok
    session.close()
    visit_id = todays_first_visit(profile)
    connector(rt, "supervisor").add_note(
        NoteRequest(
            visit_id,
            str(uuid.uuid4()),
            "Service manual for this model attached.",
            attachments=(NewAttachment("manual.pdf", "application/pdf", MANUAL),),
        )
    )
    session = Session(profile)
    assert session.sync().ok
    session.close()
    return profile, visit_id


def test_ready_view_lists_the_missing_file_and_fetches_it(
    laptop_with_a_big_file_left_behind: tuple[Profile, int], qtbot: QtBot
) -> None:
    profile, visit_id = laptop_with_a_big_file_left_behind
    window = MainWindow(profile)
    qtbot.addWidget(window)
    window.show_page("ready")
    ready = window.ready
    assert "Not ready yet: 1 thing missing (3.0 MB to download)" in ready.verdict.text()
    assert ready.gaps.count() == 1
    assert f"#{visit_id}" in ready.gaps.item(0).text()
    assert "manual.pdf" in ready.gaps.item(0).text()

    with qtbot.waitSignal(window.sync_controller.finished, timeout=60_000) as done:
        ready.fetch_button.click()
    assert done.args[0].ok and done.args[0].files_fetched == 1
    assert "Ready for the road" in ready.verdict.text()
    assert not ready.gaps.isVisibleTo(ready)
    [path] = window.db.execute(
        "SELECT path FROM attachments WHERE filename = 'manual.pdf'"
    ).fetchone()
    assert file_vault.read_plain(Path(path)) == MANUAL


def test_a_laptop_that_never_synced_is_not_ready(profile: Profile, qtbot: QtBot) -> None:
    window = MainWindow(profile)
    qtbot.addWidget(window)
    window.show_page("ready")
    check = window.ready.check
    assert check is not None and not check.ready
    kinds = {gap.kind for gap in check.gaps}
    assert kinds == {"kb", "stale"}
    assert "never completed a sync" in window.ready.gaps.item(1).text()


def test_a_visit_without_its_history_is_flagged(alice: Profile, qtbot: QtBot) -> None:
    window = MainWindow(alice)
    qtbot.addWidget(window)
    window.show_page("ready")
    assert window.ready.check is not None and window.ready.check.ready
    visit_id = window.ready.check.visits[0].visit.id
    window.db.execute("DELETE FROM history WHERE ticket_id = ?", [visit_id])
    window.refresh()
    gaps = window.ready.check.gaps if window.ready.check else []
    assert [(g.kind, g.ticket_id) for g in gaps] == [("history", visit_id)]
