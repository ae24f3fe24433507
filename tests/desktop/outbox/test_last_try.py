"""The Outbox's detail says who spoke: RT's refusal in red, our own word on a change still on
its way (a lost answer, a wait before sending again) plainly, as its last try."""

from __future__ import annotations

import time

import sqlite_utils
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.common.messages import MessageBridge
from desktop.outbox.model import state_text
from desktop.outbox.view import OutboxView
from sync import outbox
from sync.changes import NotYetResent
from sync.store.outbox import mark_rejected
from tests.desktop.visit.local_visit import VISIT, local_db, seed

__all__ = ["local_db"]  # the fixture

RED = "#c62828"


def detail_of(qtbot: QtBot, db: sqlite_utils.Database) -> str:
    view = OutboxView(db, MessageBridge())
    qtbot.addWidget(view)
    view.table.selectRow(0)
    return view.detail.text()


def a_note_in_doubt(db: sqlite_utils.Database) -> None:
    """A note sent without an answer, that the helpdesk does not show yet."""
    seed(db)
    outbox.add_note(db, VISIT, "Replaced the fuser unit.", author="alice", minutes=15)
    [row] = outbox.rows(db)
    outbox.mark_in_flight(db, row)
    outbox.mark_retry(db, row.seq, str(NotYetResent(time.time() + 100)), 0)


def test_a_note_in_doubt_reads_as_its_last_try_not_as_a_refusal(
    qtbot: QtBot, local_db: sqlite_utils.Database
) -> None:
    a_note_in_doubt(local_db)

    text = detail_of(qtbot, local_db)

    assert "State: sending" in text
    assert "<b>Last try:</b>" in text
    assert "may still be saving it" in text
    assert "helpdesk said" not in text.lower()
    assert RED not in text


def test_the_table_does_not_put_our_words_under_the_helpdesks_name(
    qtbot: QtBot, local_db: sqlite_utils.Database
) -> None:
    a_note_in_doubt(local_db)
    view = OutboxView(local_db, MessageBridge())
    qtbot.addWidget(view)
    model = view.table.model()
    headers = [
        model.headerData(column, Qt.Orientation.Horizontal) for column in range(model.columnCount())
    ]
    words_column = headers.index("Last try")

    assert "may still be saving it" in model.index(0, words_column).data()
    assert not any("helpdesk said" in str(header).lower() for header in headers)


def test_a_refused_note_shows_what_the_helpdesk_said_in_red(
    qtbot: QtBot, local_db: sqlite_utils.Database
) -> None:
    seed(local_db)
    outbox.add_note(local_db, VISIT, "Customer key: see cabinet 3.", author="alice")
    [row] = outbox.rows(local_db)
    mark_rejected(local_db, row.seq, "you may not write on this visit: it is assigned to bob")

    text = detail_of(qtbot, local_db)

    assert "<b>The helpdesk said:</b>" in text
    assert f"color:{RED}'>you may not write on this visit" in text


def test_the_state_says_when_a_retry_is_due_unless_the_clock_was_set_back(
    local_db: sqlite_utils.Database,
) -> None:
    seed(local_db)
    outbox.add_note(local_db, VISIT, "Cleaned the fan.", author="alice")
    [row] = outbox.rows(local_db)
    outbox.mark_in_flight(local_db, row)
    outbox.mark_retry(local_db, row.seq, "HTTP 502", 120.0)
    [row] = outbox.rows(local_db)
    now = time.time()

    assert state_text(row, now).startswith("waiting to retry at ")
    # The laptop's clock was a day fast when the retry was stamped: due now, as the
    # engine sends it, not "waiting" until tomorrow.
    assert state_text(row, now - 86_400) == "sending"


def test_a_note_whose_sending_never_left_reads_pending_not_sending(
    local_db: sqlite_utils.Database,
) -> None:
    """The helpdesk could not be reached (a definite answer): nothing of it is on its
    way, so it is not shown as being sent."""
    seed(local_db)
    outbox.add_note(local_db, VISIT, "Customer asked for a spare toner.", author="alice")
    [row] = outbox.rows(local_db)
    outbox.mark_in_flight(local_db, row)
    outbox.mark_answered(local_db, row.seq)

    [row] = outbox.rows(local_db)
    assert state_text(row) == "pending"
