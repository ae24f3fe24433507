"""Visits as the replica would list them, placed around the present moment."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.visits import VisitsPage
from sync.store import tickets as ticket_store
from sync.store.tickets import Visit


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def visit(
    visit_id: int,
    *,
    starts_in: timedelta | None,
    hours: float = 1,
    status: str = "open",
    subject: str = "Printer jams",
    owner: str = "alice",
    due_in: timedelta | None = None,
) -> Visit:
    now = datetime.now(UTC)
    start = now + starts_in if starts_in is not None else None
    return Visit(
        id=visit_id,
        subject=subject,
        status=status,
        priority=50,
        owner=owner,
        due=iso(now + due_in) if due_in is not None else None,
        site=f"Site {visit_id}",
        address=None,
        contact=None,
        visit_start=iso(start) if start else None,
        visit_end=iso(start + timedelta(hours=hours)) if start else None,
        parts_used=None,
        requestors=[],
        time_worked=0,
        last_updated=None,
        is_local=False,
        gone=None,
        pending_changes=0,
        open_conflicts=0,
    )


def list_alone(qtbot: QtBot, width: int) -> VisitsPage:
    """The page's list on its own window, as wide as it is in the main window."""
    shown = VisitsPage(QWidget())
    qtbot.addWidget(shown)
    shown.list.setParent(None)
    qtbot.addWidget(shown.list)
    shown.list.resize(width, 400)
    shown.list.show()
    QApplication.processEvents()
    return shown


def record_reading_threads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """From now on, the name of the thread each read of every visit runs on."""
    names: list[str] = []
    real = ticket_store.list_visit_rows

    def recorded(db: object) -> list[tuple[object, ...]]:
        names.append(threading.current_thread().name)
        return real(db)  # type: ignore[arg-type]

    monkeypatch.setattr(ticket_store, "list_visit_rows", recorded)
    return names
