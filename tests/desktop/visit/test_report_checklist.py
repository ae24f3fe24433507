"""The service report carries the visit's checklists and the day's time."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from desktop.visit.report import ReportValues, render_pdf, report_html
from sync import workflow
from sync.changes.checklist import send_checklists
from sync.connectors.base import RemoteArticle
from sync.store import checklists as store
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from tests.sync.test_store import remote_ticket


def test_the_report_shows_each_checklist_item_with_its_result(tmp_path: Path, qtbot: QtBot) -> None:
    db = open_database(tmp_path / "fd.db")
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket())
        store.remember_visit_types(db, 7, ("Cabinet",))
        store.apply_remote_templates(
            db,
            [RemoteArticle(9, "Cabinet", "", "UPS runtime [value: min]\nDoor locked [required]",
                           "2026-11-20T08:00:00Z", disabled=False)],
        )  # fmt: skip
    store.ensure_checklists(db, 7)
    store.set_value(db, 7, 1, "25", by="alice")
    send_checklists(db, 7, author="alice", reason="no key on site")
    content = workflow.report_content(db, 7, user="alice", technician="Alice Moreau")
    assert content.work_done == "", "the checklist's note is not 'work done' text"

    page = report_html(content, "Julie Marsh", datetime(2026, 11, 23, 11, 0))
    assert "<h2>Checklist: Cabinet (1/2 done)</h2>" in page
    assert "<td>1</td><td>UPS runtime</td><td>done</td><td>25</td>" in page
    assert "<td>Door locked</td><td>NOT DONE (required): no key on site</td>" in page
    assert "(today: " in page
    image = QImage(300, 100, QImage.Format.Format_ARGB32)
    pdf = render_pdf(ReportValues(content, "Julie Marsh", image, b""), datetime(2026, 11, 23))
    assert pdf.startswith(b"%PDF")
    db.close()
