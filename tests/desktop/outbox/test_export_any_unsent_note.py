"""Outbox → Other ways → Export… keeps any unsent note in a file, refused or not.

Its author may never sign in again (account disabled, token revoked, gone): the file
is then the only way the work leaves the laptop, and it says truthfully why the note
was not sent.  The other ways (a comment anyway, a new ticket) stay for a note whose
ticket was taken away.  No helpdesk needed: the replica is made here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from desktop.outbox.view import OutboxView
from sync import outbox
from sync.errors import Cause
from tests.desktop.gui_helpers import Said
from tests.desktop.outbox.test_unsent_changes import db, select, view

__all__ = ["db", "view"]  # the fixtures, used by name


def note(db: sqlite_utils.Database, text: str) -> int:
    outbox.add_note(db, 7, text, author="alice", minutes=20)
    return outbox.rows(db)[-1].seq


def export(qtbot: QtBot, view: OutboxView, monkeypatch: pytest.MonkeyPatch, target: Path) -> str:
    """Other ways → Export… to ``target``, as the user picks it; the file's text."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), ""))
    with qtbot.waitSignal(view.other_ways.exported, timeout=10_000):
        view.other_ways.export_action.trigger()
    return target.read_text(encoding="utf-8")


def offered(view: OutboxView) -> list[str]:
    ways = view.other_ways
    actions = (ways.comment_action, ways.new_ticket_action, ways.export_action)
    return [a.text().replace("&", "") for a in actions if a.isVisible()]


def test_a_pending_note_is_exported_saying_it_was_waiting(
    view: OutboxView,
    said: Said,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    seq = note(view.db, "Fuser swapped, 40 pages fine.")
    select(qtbot, view, seq)

    assert view.other_ways.button.isVisible()
    assert offered(view) == ["Export to a file…"]  # not a comment, not a new ticket
    assert "Keep the note in a file" in view.other_ways.button.toolTip()
    assert "Other ways → Export" in view.detail.text()
    assert "may already be on the ticket" not in view.detail.text()
    text = export(qtbot, view, monkeypatch, tmp_path / "note.md")

    assert "- Not sent because: it was waiting to be sent\n" in text
    assert "Fuser swapped, 40 pages fine." in text and "- Time worked: 20 min" in text
    assert any("Exported to" in t for t in said.texts())
    assert outbox.get_row(view.db, seq) is not None  # kept until discarded


def test_a_note_refused_for_a_bad_value_is_exported_with_the_helpdesks_words(
    view: OutboxView, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seq = note(view.db, "Parts: RM2-5399.")
    outbox.mark_rejected(view.db, seq, "Time Worked: not a number", Cause.INVALID)
    select(qtbot, view, seq)

    assert offered(view) == ["Export to a file…"]
    detail = view.detail.text()
    assert "Edit it and retry" in detail and "Or keep it in a file: Other ways → Export" in detail
    assert "may already be on the ticket" not in detail
    text = export(qtbot, view, monkeypatch, tmp_path / "refused.md")

    assert "- Not sent because: Time Worked: not a number\n" in text


def test_a_note_taken_away_keeps_every_other_way_and_a_field_change_none(
    view: OutboxView, qtbot: QtBot
) -> None:
    seq = note(view.db, "Toner left in reception.")
    outbox.mark_rejected(view.db, seq, "#7 is assigned to bob", Cause.REASSIGNED)
    select(qtbot, view, seq)
    assert offered(view) == [
        "Send anyway as a comment…",
        "Move to a new ticket…",
        "Export to a file…",
    ]
    assert "no longer yours" in view.other_ways.button.toolTip()
    assert "a comment anyway, a new ticket, a file" in view.detail.text()

    outbox.set_fields(view.db, 7, {"parts_used": "RM2-5399"})
    select(qtbot, view, outbox.rows(view.db)[-1].seq)
    assert not view.other_ways.button.isVisible()
