"""The visit panel: what a technician reads, and every work action, over a real replica."""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from desktop.common.icons import icon
from desktop.common.messages import Level, Message
from desktop.visit import VisitDetail
from desktop.visit.composer import NoteDialog
from desktop.visit.dialogs import StatusDialog
from devrt.instance import RunningRT
from sync import attachments, file_vault, outbox
from sync.connectors.base import NewAttachment, NoteRequest, RemoteTransaction
from sync.profile import Profile
from sync.session import Session
from sync.store import files as file_store
from sync.store import tickets as ticket_store
from sync.store import transaction
from tests.desktop.visit import helpers
from tests.desktop.visit.conftest import acme_printer_visit
from tests.integration.helpers import connector

pytestmark = pytest.mark.rt


def visible_text(panel: VisitDetail) -> str:
    return panel.header.title.text() + "\n" + panel.conversation.toPlainText()


def open_rows(db: sqlite_utils.Database, kind: str) -> list[outbox.OutboxRow]:
    return [r for r in outbox.rows(db) if r.kind == kind]


def test_a_visit_shows_customer_site_equipment_history_and_recurring_incidents(
    panel: VisitDetail,
) -> None:
    assert "Front-desk printer jams on every second page" in panel.header.title.text()
    assert "12 Harbour Street" in panel.header.site.text()
    assert "Julie Marsh" in panel.header.person.text()
    assert "13.B2.D1" in panel.conversation.toPlainText()  # the customer's request
    assert "Remote check via the EWS" in panel.conversation.toPlainText()  # alice's note
    equipment = panel.equipment.list.topLevelItem(0)
    assert [equipment.text(i) for i in range(3)] == [
        "ACME-PRN-01",
        "HP LaserJet Pro M404dn",
        "VNB3K12345",
    ]
    assert equipment.text(3).startswith("until")
    related = panel.related.list
    earlier = {
        related.topLevelItem(i).text(2): related.topLevelItem(i).text(4)
        for i in range(related.topLevelItemCount())
    }
    # Colleagues by their RT real names (asked by the sync), as on the dispatch board.
    assert earlier["Reception printer jamming again (13.B2)"] == "Bob Okafor"
    assert earlier["Reception printer keeps jamming (13.B2)"] == "Carol Lindqvist"
    assert "3 other tickets" in panel.header.banner.text()
    assert panel.tabs.tabText(3) == "Re&lated (3)"


def test_clicking_the_phone_number_copies_it(
    panel: VisitDetail, qtbot: QtBot, said: list[Message]
) -> None:
    phone = panel.header.phone_buttons[0]
    assert phone.isVisible() and phone.text() == "+44 23 9200 1234"
    qtbot.mouseClick(phone, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "+44 23 9200 1234"
    qtbot.mouseClick(panel.header.email_buttons[0], Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "reception@acme-dental.example"
    assert said[-1].text.startswith("Copied")


def test_a_note_with_time_is_shown_unsent_and_queued(
    panel: VisitDetail, qtbot: QtBot, db: sqlite_utils.Database, said: list[Message]
) -> None:
    before = acme_printer_visit(db).time_worked
    with qtbot.waitSignal(panel.changed):
        helpers.write_note(qtbot, panel, "Replaced the fuser; 50 duplex pages OK.", quick=(15, 30))
    assert "Replaced the fuser" in panel.conversation.toPlainText()
    assert "not yet sent" in panel.conversation.toPlainText()
    [row] = open_rows(db, "note")
    assert row.payload["time_taken"] == 45 and row.payload["public"] is False
    assert acme_printer_visit(db).time_worked == before + 45
    assert "45 min" in panel.conversation.toPlainText()
    assert said[-1].level == Level.INFO and "saved" in said[-1].text


def test_a_reply_goes_to_the_customer(
    panel: VisitDetail, qtbot: QtBot, db: sqlite_utils.Database
) -> None:
    helpers.write_note(qtbot, panel, "All fixed, Julie.", quick=(15,), public=True)
    [row] = open_rows(db, "note")
    assert row.payload["public"] is True and row.payload["time_taken"] == 15
    assert "Reply to customer" in panel.conversation.toPlainText().split("All fixed")[0][-200:]


def test_an_empty_note_cannot_be_saved(panel: VisitDetail) -> None:
    panel.work_actions["note"].trigger()
    dialog = panel.dialog
    assert isinstance(dialog, NoteDialog)
    assert not dialog.save_button.isEnabled()


def test_status_offers_only_what_a_technician_may_set(
    panel: VisitDetail, qtbot: QtBot, db: sqlite_utils.Database
) -> None:
    panel.work_actions["status"].trigger()
    dialog = panel.dialog
    assert isinstance(dialog, StatusDialog)
    offered = {b.property("status") for b in dialog.choices.buttons()}
    assert offered == {"stalled", "resolved"}  # it is open; rejecting is the supervisor's call
    dialog.reject()
    helpers.set_status(qtbot, panel, "resolved", reason="customer needs the printer back")
    assert acme_printer_visit(db).status == "resolved"
    assert "resolved" in panel.header.facts.text()
    [row] = open_rows(db, "set_fields")
    assert row.payload["changes"] == {"status": "resolved"}


def test_parts_used(panel: VisitDetail, qtbot: QtBot, db: sqlite_utils.Database) -> None:
    helpers.record_parts(qtbot, panel, ["1 x HP RM2-5399 fuser", "  1 x Tray 2 roller kit "])
    assert acme_printer_visit(db).parts_used == "1 x HP RM2-5399 fuser\n1 x Tray 2 roller kit"
    [row] = open_rows(db, "set_fields")
    assert row.payload["changes"]["parts_used"].startswith("1 x HP")


def test_correcting_a_serial_number(
    panel: VisitDetail, qtbot: QtBot, db: sqlite_utils.Database
) -> None:
    helpers.record_serial(qtbot, panel, "VNB3K99999")
    assert panel.equipment.list.topLevelItem(0).text(2) == "VNB3K99999 ●"  # unsent
    [row] = open_rows(db, "asset_serial")
    assert row.payload["serial"] == "VNB3K99999"


def test_escalating_needs_a_reason_and_raises_priority(
    panel: VisitDetail, qtbot: QtBot, db: sqlite_utils.Database
) -> None:
    helpers.escalate(qtbot, panel, "Fuser under HP warranty: needs an HP case.")
    assert "ESCALATION: Fuser under HP warranty" in panel.conversation.toPlainText()
    assert acme_printer_visit(db).priority == 90


def test_dropping_a_photo_on_the_visit_previews_and_attaches_it(
    panel: VisitDetail, qtbot: QtBot, db: sqlite_utils.Database, tmp_path: Path, alice: Profile
) -> None:
    photo = helpers.make_photo(tmp_path / "fuser.jpg")
    helpers.drop_files(panel, [photo])
    dialog = panel.dialog
    assert isinstance(dialog, NoteDialog)
    assert dialog.tray.count() == 1
    generic = icon("attach").pixmap(32, 32).toImage()
    qtbot.waitUntil(  # the photo's preview, decoded off the GUI thread, replaces the file icon
        lambda: dialog.tray.item(0).icon().pixmap(32, 32).toImage() != generic
    )
    assert dialog.save_button.isEnabled()  # a photo alone is a note
    qtbot.keyClicks(dialog.text, "Old fuser, worn sleeve.")
    helpers.save(qtbot, panel, dialog)
    [row] = open_rows(db, "note")
    [stored] = row.payload["attachments"]
    assert stored["filename"] == "fuser.jpg" and stored["content_type"] == "image/jpeg"
    assert Path(stored["path"]).is_relative_to(alice.attachments_dir)
    assert file_vault.read_plain(Path(stored["path"])) == photo.read_bytes()
    assert photo.read_bytes() not in Path(stored["path"]).read_bytes()  # kept encrypted
    files = panel.files.list
    assert files.topLevelItem(files.topLevelItemCount() - 1).text(3) == "not yet sent"
    assert "Attached: fuser.jpg" in panel.conversation.toPlainText()  # a word: no emoji font


def test_picking_files_refuses_one_over_the_size_cap_before_copying(
    panel: VisitDetail,
    *,
    qtbot: QtBot,
    db: sqlite_utils.Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    said: list[Message],
) -> None:
    small = helpers.make_photo(tmp_path / "label.png")
    big = tmp_path / "video.mp4"
    big.write_bytes(b"\0" * 300_000)
    panel.max_upload_bytes = 200_000
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", lambda *_a, **_k: ([str(small), str(big)], "")
    )
    panel.work_actions["files"].trigger()
    dialog = panel.dialog
    assert isinstance(dialog, NoteDialog)
    assert [p.name for p in dialog.tray.paths] == ["label.png"]
    assert any(
        "video.mp4" in m.text and "limit" in m.text for m in said if m.level == Level.WARNING
    )
    helpers.save(qtbot, panel, dialog)
    [row] = open_rows(db, "note")
    assert [a["filename"] for a in row.payload["attachments"]] == ["label.png"]


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", data))


def test_signed_service_report_is_a_local_pdf_attached_to_the_visit(
    panel: VisitDetail, qtbot: QtBot, db: sqlite_utils.Database
) -> None:
    helpers.record_parts(qtbot, panel, ["1 x HP RM2-5399 fuser"])
    helpers.write_note(qtbot, panel, "Fitted the new fuser.", quick=(60,), public=True)
    dialog = helpers.sign_report(qtbot, panel, "Julie Marsh")
    assert "Fitted the new fuser." in dialog.work.toPlainText()  # work done from her replies
    report = open_rows(db, "note")[-1]
    png, pdf = report.payload["attachments"]
    assert png["content_type"] == "image/png" and pdf["content_type"] == "application/pdf"
    assert file_vault.read_plain(Path(png["path"])).startswith(b"\x89PNG")
    data = file_vault.read_plain(Path(pdf["path"]))
    assert data.startswith(b"%PDF-") and pdf_pages(data) >= 1
    assert b"/Subtype /Image" in data or b"/Subtype/Image" in data  # the signature is in it
    assert "signed on site by Julie Marsh" in panel.conversation.toPlainText()


def test_undo_and_clear_on_the_signature_pad(panel: VisitDetail) -> None:
    panel.work_actions["report"].trigger()
    dialog = panel.dialog
    assert dialog is not None
    pad = dialog.pad  # type: ignore[attr-defined]
    helpers.draw_signature(pad)
    assert len(pad.strokes) == 2
    pad.undo()
    assert len(pad.strokes) == 1 and not pad.empty
    pad.clear()
    assert pad.empty and not dialog.save_button.isEnabled()


def test_new_ticket_at_this_site_appears_locally(
    panel: VisitDetail, qtbot: QtBot, db: sqlite_utils.Database
) -> None:
    with qtbot.waitSignal(panel.visit_requested) as opened:
        helpers.new_ticket(qtbot, panel, "Second reception PC will not boot")
    new_id = opened.args[0]
    assert new_id < 0  # local until the sync creates it
    created = ticket_store.get_visit(db, new_id)
    assert created is not None and created.subject == "Second reception PC will not boot"
    assert (created.site, created.contact) == ("Acme Dental Clinic", acme_printer_visit(db).contact)
    assert created.owner == "alice"


def test_hostile_html_is_neither_run_nor_loaded(
    panel: VisitDetail, db: sqlite_utils.Database
) -> None:
    visit = acme_printer_visit(db)
    hostile = (
        "<p>Hi</p><script>alert('pwned')</script>"
        "<img src='http://tracker.example/beacon.gif' onerror='alert(1)'>"
        "<a href='javascript:alert(2)'>click</a><iframe src='http://evil.example'></iframe>"
        "<p style='background:url(http://tracker.example/bg.png)'>styled</p>"
    )
    with transaction(db):
        ticket_store.apply_remote_history(
            db,
            visit.id,
            [
                RemoteTransaction(
                    999_999,
                    visit.id,
                    "Correspond",
                    "2026-11-23T10:00:00Z",
                    "customer@x",
                    body=hostile,
                    body_type="text/html",
                )
            ],
        )
    panel.conversation.requested_resources.clear()
    panel.show_visit(visit.id)
    shown = panel.conversation.toHtml()
    assert "Hi" in panel.conversation.toPlainText() and "styled" in panel.conversation.toPlainText()
    for bad in ("alert", "tracker.example", "evil.example", "javascript:", "<img"):
        assert bad not in shown
    assert panel.conversation.requested_resources == []


def test_a_file_not_yet_downloaded_is_fetched_off_the_gui_thread_when_opened(
    rt: RunningRT,
    *,
    alice: Profile,
    panel: VisitDetail,
    db: sqlite_utils.Database,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A visit a few days away: its files are not downloaded by the sync.
    later = _visit_in_days(db, 3)
    connector(rt, "supervisor").add_note(
        NoteRequest(
            later.id,
            "photo-1",
            "Photo from the customer",
            attachments=(NewAttachment("rack.png", "image/png", b"\x89PNG fake"),),
        )
    )
    session = Session(alice)
    try:
        assert session.sync().ok
    finally:
        session.close()
    [remote] = [f for f in file_store.files_of(db, later.id) if f.filename == "rack.png"]
    assert remote.path is None
    panel.show_visit(later.id)
    threads: list[str] = []
    real_fetch = attachments.fetch_attachment

    def fetch(*args: Any, **kwargs: Any) -> Path:
        threads.append(threading.current_thread().name)
        return real_fetch(*args, **kwargs)

    opened: list[QUrl] = []
    monkeypatch.setattr(attachments, "fetch_attachment", fetch)
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    panel.files.list.setCurrentItem(
        panel.files.list.topLevelItem(panel.files.list.topLevelItemCount() - 1)
    )
    qtbot.mouseClick(panel.files.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(opened), timeout=15_000)
    assert threads and threads[0] != threading.main_thread().name
    assert Path(opened[0].toLocalFile()).read_bytes() == b"\x89PNG fake"
    assert (
        panel.files.list.topLevelItem(panel.files.list.topLevelItemCount() - 1).text(3)
        == "on this laptop"
    )


def _visit_in_days(db: sqlite_utils.Database, days: int) -> ticket_store.Visit:
    day = (datetime.now(UTC) + timedelta(days=days)).strftime("%Y-%m-%d")
    return next(v for v in ticket_store.list_visits(db) if (v.visit_start or "").startswith(day))
