"""One person, one name on screen: the RT real name when known, else the login."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlite_utils
from pytestqt.qtbot import QtBot

from desktop.common.messages import MessageBridge
from desktop.conflicts import ConflictsView
from desktop.dispatch import DispatchBoard
from desktop.shell.main_window import MainWindow
from desktop.visits.model import OWNER, VisitsModel
from sync.account import Account, save_account
from sync.profile import Profile
from sync.store import dispatch as board_store
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from sync.store.users import display_name, remember_users, set_user_details
from tests.desktop.dispatch.sample_board import FIRST_ID, seed_board


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    database = open_database(tmp_path / "replica.db")
    seed_board(database)  # Bob Brennan owns #103
    yield database
    database.close()


def test_a_login_with_a_real_name_is_shown_by_it_and_one_without_by_itself(
    db: sqlite_utils.Database,
) -> None:
    with transaction(db):
        remember_users(db, ["dave"])
    assert display_name(db, "bob") == "Bob Brennan"
    assert display_name(db, "dave") == "dave"
    assert display_name(db, "nobody-known") == "nobody-known"


def test_the_owner_column_and_the_board_name_bob_alike(
    db: sqlite_utils.Database, qtbot: QtBot
) -> None:
    visit = ticket_store.get_visit(db, FIRST_ID + 3)
    assert visit is not None and visit.owner == "bob"
    model = VisitsModel()
    model.set_visits([visit], {})
    row = next(r for r in range(model.rowCount()) if model.visit_at(r) is not None)
    assert model.index(row, OWNER).data() == "Bob Brennan"

    board = DispatchBoard(db, MessageBridge())
    qtbot.addWidget(board)
    [block] = [b for b in board.timeline.blocks() if b.ticket.id == FIRST_ID + 3]
    tip = board.timeline._tooltip(block.ticket)
    assert "Bob Brennan" in tip and "bob ·" not in tip
    waiting = board_store.to_dispatch(db)[0]
    start = datetime.now(UTC) + timedelta(days=1)
    board._open_dialog(waiting, "bob", start, start + timedelta(hours=1))
    assert board.dialog is not None
    assert board.dialog.technician.currentText() == "Bob Brennan"  # not "Bob Brennan (bob)"
    board.dialog.reject()


def test_the_window_title_names_the_user_as_everywhere_else(profile: Profile, qtbot: QtBot) -> None:
    save_account(profile, Account(url="https://rt.example", user="bob", auth="token"), "t")
    seeded = open_database(profile.database_path)
    with transaction(seeded):
        set_user_details(seeded, "bob", "Bob Brennan", "bob@example.com")
    seeded.close()
    window = MainWindow(profile)
    qtbot.addWidget(window)
    assert window.windowTitle() == "FieldDesk — Bob Brennan at https://rt.example"


def test_a_conflict_over_the_owner_names_the_people(
    db: sqlite_utils.Database, qtbot: QtBot
) -> None:
    with transaction(db):
        db.execute(
            "INSERT INTO conflicts (ticket_id, field, base, mine, theirs, created)"
            " VALUES (?, 'owner', 'alice', 'bob', 'carol', '2026-11-23T08:00:00Z')",
            [FIRST_ID],
        )
    screen = ConflictsView(db, MessageBridge())
    qtbot.addWidget(screen)
    shown = {key: pane.toPlainText() for key, pane in screen.panes.items()}
    assert shown == {"base": "Alice Archer", "mine": "Bob Brennan", "theirs": "Carol Chen"}
