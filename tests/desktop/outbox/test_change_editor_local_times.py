"""An unsent visit-time change is shown and edited on the laptop's clock, as the visit.

The Edit dialog said "Visit start of #3 → 2026-11-23T09:30:00Z" and offered
"2026-11-23 09:30" (its "(UTC)" hint a placeholder, gone once there is text) beside a
visit shown at 10:30 Berlin time: typing the local time meant sent it an hour off.
"""

from __future__ import annotations

from typing import Any

import pytest
import sqlite_utils
from PySide6.QtWidgets import QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from desktop.outbox.editor import ChangeEditor
from sync import outbox
from tests.cli.test_local_times import in_berlin
from tests.desktop.visit.local_visit import VISIT, local_db, seed

__all__ = ["in_berlin", "local_db"]  # the fixtures


def start_editor(qtbot: QtBot, db: sqlite_utils.Database, saved: list[Any]) -> ChangeEditor:
    seed(db)  # the visit starts 2026-11-23T09:00:00Z: 10:00 in Berlin
    outbox.set_fields(db, VISIT, {"visit_start": "2026-11-23T09:30:00Z"})
    [row] = outbox.rows(db)

    def save(changes: dict[str, Any]) -> bool:
        saved.append(changes)
        return True

    editor = ChangeEditor(row, save)
    qtbot.addWidget(editor)
    editor.show()
    return editor


@pytest.mark.usefixtures("in_berlin")
def test_the_change_reads_and_is_typed_in_local_time(
    qtbot: QtBot, local_db: sqlite_utils.Database
) -> None:
    saved: list[Any] = []
    editor = start_editor(qtbot, local_db, saved)
    texts = [label.text() for label in editor.findChildren(QLabel)]
    assert "Visit start of #3 → Mon 23 Nov 10:30" in texts
    field = editor.findChild(QLineEdit)
    assert field is not None and field.text() == "2026-11-23 10:30"
    field.setText("2026-11-23 11:00")
    editor.submit()
    assert saved == [{"visit_start": "2026-11-23T10:00:00Z"}]  # 11:00 Berlin


@pytest.mark.usefixtures("in_berlin")
def test_a_time_the_clocks_skip_is_said_and_not_saved(
    qtbot: QtBot, local_db: sqlite_utils.Database
) -> None:
    saved: list[Any] = []
    editor = start_editor(qtbot, local_db, saved)
    field = editor.findChild(QLineEdit)
    assert field is not None
    field.setText("2026-03-29 02:30")
    editor.submit()
    assert saved == []
    assert "does not exist" in editor.status.text()
    assert editor.isVisible()
