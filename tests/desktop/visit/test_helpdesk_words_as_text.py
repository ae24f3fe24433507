"""The visit header, the reply dialog and the work dialogs show the helpdesk's words as
written: a subject, site, contact or requestor address with an ``<img>`` in it shows
that text, and never loads the image from this laptop."""

from __future__ import annotations

import html
from datetime import timedelta
from pathlib import Path

import pytest
import sqlite_utils
from PySide6.QtWidgets import QInputDialog, QLabel
from pytestqt.qtbot import QtBot

from desktop.common.messages import MessageBridge
from desktop.visit.attach import AttachmentTray
from desktop.visit.composer import NoteDialog
from desktop.visit.detail import TAB_CHECKLIST
from desktop.visit.dialogs import SerialDialog, StatusDialog
from desktop.visit.header import VisitHeader
from sync.connectors.base import RemoteArticle
from sync.profile import Profile
from sync.store import checklists as store
from sync.store import transaction
from sync.store.assets import Asset
from sync.visit_display import VisitDisplay
from tests.desktop.common.shown_as_qt_would import hostile_image, label_shows, tooltip_shows
from tests.desktop.visit.local_visit import VISIT, local_db, local_panel, seed
from tests.desktop.visits.helpers import visit

__all__ = ["local_db"]  # the fixture, used by name


def test_the_header_tooltips_show_subject_site_contact_and_address_as_written(
    qtbot: QtBot, tmp_path: Path
) -> None:
    img = hostile_image(tmp_path)
    address = f'"{img}"@evil.example'
    hostile = visit(9001, starts_in=timedelta(hours=1), subject=f"{img} Printer offline")
    header = VisitHeader(VisitDisplay())
    qtbot.addWidget(header)
    header.show_visit(
        hostile._replace(site=f"{img} Quayside", contact=f"{img} Tom", requestors=[address]), 0
    )
    assert tooltip_shows(header.title.toolTip()) == f"#9001 {img} Printer offline"
    assert tooltip_shows(header.site.toolTip()) == f"{img} Quayside"
    assert tooltip_shows(header.person.toolTip()).startswith("<img src=")  # the name as parsed
    [button] = [b for b in header.email_buttons if b.property("copy_text")]
    assert tooltip_shows(button.toolTip()) == f"Copy e-mail address: {address}"


def test_the_reply_says_whom_it_goes_to_as_the_addresses_are_written(
    qtbot: QtBot, tmp_path: Path
) -> None:
    address = f'"{hostile_image(tmp_path)}"@evil.example'
    dialog = NoteDialog(
        public=True,
        recipients=[address, "julie@elmgrove.example"],
        messages=MessageBridge(),
        max_bytes=10_000_000,
        save=lambda *_: None,
    )
    qtbot.addWidget(dialog)
    assert label_shows(dialog.to) == f"Goes to: {address}, julie@elmgrove.example"


def test_the_work_dialogs_quote_status_items_and_serial_as_written(
    qtbot: QtBot, tmp_path: Path
) -> None:
    img = hostile_image(tmp_path)
    status = StatusDialog(
        f"{img}open", ("open", "resolved"), lambda _: True, open_required=(f"{img} Test print",)
    )
    qtbot.addWidget(status)
    shown = [label_shows(label) for label in status.findChildren(QLabel)]
    assert f"Now: {img}open. Set it to:" in shown
    assert label_shows(status.warning).endswith(f"not done: {img} Test print")
    printer = Asset(1, f"{img}PRN", None, f"{img}VNB3K", None, "in-use")
    serial = SerialDialog([printer], 1, lambda _: True)
    qtbot.addWidget(serial)
    assert label_shows(serial.current) == f"Recorded now: {img}VNB3K"


def test_a_file_to_send_shows_its_path_as_written(qtbot: QtBot, tmp_path: Path) -> None:
    saved = tmp_path / "<img src=local.png> invoice.pdf"  # as saved from a stranger's mail
    saved.write_bytes(b"%PDF-1.4\n")
    tray = AttachmentTray(MessageBridge(), 10_000_000)
    qtbot.addWidget(tray)
    assert tray.add_paths([saved]) == 1
    assert tooltip_shows(tray.item(0).toolTip()) == str(saved)


def test_a_checklist_item_is_quoted_as_written_on_hover_and_when_asked_why(
    qtbot: QtBot,
    profile: Profile,
    local_db: sqlite_utils.Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    img = hostile_image(tmp_path)
    seed(local_db)
    with transaction(local_db):
        store.remember_visit_types(local_db, VISIT, ("Cabinet",))
        template = f"<p>{html.escape(img)} Door locked [required]</p>"  # RT's editor: HTML
        store.apply_remote_templates(
            local_db, [RemoteArticle(9, "Cabinet", "", template, "2026-11-20T08:00:00Z", False)]
        )
    panel = local_panel(qtbot, profile, local_db)
    panel.tabs.setCurrentIndex(TAB_CHECKLIST)
    tree = panel.checklist.tree
    qtbot.waitUntil(lambda: tree.currentItem() is not None)
    assert tooltip_shows(tree.currentItem().toolTip(0)) == f"{img} Door locked\nRequired"

    asked: list[str] = []

    def answer(_parent: object, _title: str, label: str) -> tuple[str, bool]:
        asked.append(label)
        return "", False

    monkeypatch.setattr(QInputDialog, "getText", answer)
    panel.checklist.ask_reason(f"required items not done: 1 {img} Door locked")
    assert tooltip_shows(asked[0]).startswith(f"required items not done: 1 {img} Door locked\n")
    panel.shutdown()
