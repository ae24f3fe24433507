"""The visit's first lines say what waits for the technician: a conflict is not "unsent"."""

from __future__ import annotations

from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot

from desktop.visit.header import VisitHeader
from sync.store.tickets import Visit


def shown(header: VisitHeader) -> str:
    document = QTextDocument()
    document.setHtml(header.facts.text())
    return document.toPlainText()


def visit(pending: int, conflicts: int) -> Visit:
    return Visit(
        id=4, subject="Scanner to e-mail broken", status="open", priority=50, owner="alice",
        due=None, site="Quayside Print & Copy", address=None, contact=None,
        visit_start=None, visit_end=None, parts_used=None, requestors=[], time_worked=0,
        last_updated=None, is_local=False, gone=None, pending_changes=pending,
        open_conflicts=conflicts,
    )  # fmt: skip


def test_a_conflict_is_named_beside_what_is_unsent(qtbot: QtBot) -> None:
    header = VisitHeader()
    qtbot.addWidget(header)
    header.show_visit(visit(pending=1, conflicts=1), related=0)
    assert "● 1 unsent" in shown(header)
    assert "⚠ 1 conflict to decide" in shown(header)
    header.show_visit(visit(pending=0, conflicts=0), related=0)
    assert "unsent" not in shown(header) and "conflict" not in shown(header)
