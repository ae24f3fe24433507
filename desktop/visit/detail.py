"""The visit detail panel: everything about one visit, and the work done on it.

``VisitDetail(db, profile, messages)`` shows a visit (``show_visit``) and
offers the work actions.  Every action is one local transaction through
``sync.outbox`` / ``sync.workflow``; the panel says "saved" only after it
committed, then re-reads the visit and emits ``changed``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import sqlite_utils
from PySide6.QtCore import QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.common.messages import MessageBridge
from desktop.common.user_errors import attempt
from desktop.visit import work
from desktop.visit.actions import VisitActions
from desktop.visit.attach import local_files
from desktop.visit.background import Background
from desktop.visit.composer import NoteDialog, NoteValues
from desktop.visit.contact import parse_contact
from desktop.visit.conversation import ConversationView, conversation_html
from desktop.visit.dialog_base import ActionDialog
from desktop.visit.dialogs import EscalateDialog, PartsDialog, SerialDialog, StatusDialog
from desktop.visit.equipment import EquipmentList
from desktop.visit.files_panel import FilesPanel
from desktop.visit.header import VisitHeader
from desktop.visit.new_ticket import NewTicketDialog, NewTicketValues
from desktop.visit.related_panel import RelatedPanel
from desktop.visit.report import ReportValues, ServiceReportDialog, render_pdf, report_filename
from sync import outbox, related, workflow
from sync.account import NotSignedIn, load_account
from sync.attachments import DEFAULT_MAX_BYTES
from sync.profile import Profile
from sync.store import assets as asset_store
from sync.store import files as file_store
from sync.store import related as related_store
from sync.store import tickets as ticket_store
from sync.store import users as user_store
from sync.store.settings import get_setting

T = TypeVar("T")
TAB_CONVERSATION, TAB_EQUIPMENT, TAB_FILES, TAB_RELATED = range(4)


class VisitDetail(QWidget):
    changed = Signal()  # after each committed local write
    draft_article_requested = Signal(int)  # visit id: the KB screen opens its draft dialog
    open_article_requested = Signal(int)  # article id (reserved: links to KB articles)
    visit_requested = Signal(int)  # open another of the technician's visits (related, new)

    def __init__(
        self,
        db: sqlite_utils.Database,
        profile: Profile,
        messages: MessageBridge,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.profile = profile
        self.messages = messages
        self.max_upload_bytes = DEFAULT_MAX_BYTES
        self.visit: ticket_store.Visit | None = None
        self.dialog: ActionDialog | None = None  # the action dialog open now, if any
        self.background = Background(messages, self)
        self.setAcceptDrops(True)
        self.setAccessibleName(self.tr("Visit details"))
        self._build()
        self._connect()
        self.show_visit(None)

    # -- layout ------------------------------------------------------------------
    def _build(self) -> None:
        self.work_actions = VisitActions(self)
        self.header = VisitHeader()
        self.conversation = ConversationView()
        self.equipment = EquipmentList()
        self.files = FilesPanel()
        self.related = RelatedPanel()
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Visit sections"))
        self.tabs.addTab(self.conversation, self.tr("&Conversation"))
        self.tabs.addTab(self.equipment, self.tr("E&quipment"))
        self.tabs.addTab(self.files, self.tr("F&iles"))
        self.tabs.addTab(self.related, self.tr("Re&lated"))

        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(8, 6, 8, 6)
        column.setSpacing(6)
        column.addWidget(self.header)
        column.addWidget(self.work_actions.toolbar())
        column.addWidget(self.tabs, 1)

        self.placeholder = QLabel(self.tr("Select a visit to see its details and history."))
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet("color: #5f6368; font-size: 13pt; padding: 24px;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

    def _connect(self) -> None:
        a = self.work_actions
        a["note"].triggered.connect(self.write_note)
        a["reply"].triggered.connect(self.write_reply)
        a["status"].triggered.connect(self.change_status)
        a["parts"].triggered.connect(self.edit_parts)
        a["files"].triggered.connect(self.add_files)
        a["report"].triggered.connect(self.sign_report)
        a["serial"].triggered.connect(self.record_serial)
        a["escalate"].triggered.connect(self.escalate)
        a["new_ticket"].triggered.connect(self.new_ticket)
        a["draft_article"].triggered.connect(self._request_draft)
        self.header.copied.connect(self._on_copied)
        self.header.related_clicked.connect(self._show_related_tab)
        self.conversation.file_clicked.connect(self.open_file)
        self.equipment.serial_requested.connect(self.record_serial_of)
        self.files.open_requested.connect(self.open_file)
        self.files.save_requested.connect(self.save_file_as)
        self.files.add_requested.connect(self.add_files)
        self.related.visit_requested.connect(self.visit_requested)

    # -- showing -----------------------------------------------------------------
    def show_visit(self, visit_id: int | None) -> None:
        """Show a visit (None: nothing selected). Reads only the local replica."""
        visit = ticket_store.get_visit(self.db, visit_id) if visit_id is not None else None
        self.visit = visit
        if visit is None:
            self.stack.setCurrentWidget(self.placeholder)
            self.work_actions.set_enabled(False)
            return
        names = {name: real or name for name, real in user_store.list_users(self.db)}
        assets = asset_store.assets_of(self.db, visit.id)
        files = file_store.files_of(self.db, visit.id)
        others = related_store.related_to(self.db, visit.id, visit.site, related.window_start())
        self.header.show_visit(visit, len(others))
        self.conversation.setHtml(
            conversation_html(ticket_store.history(self.db, visit.id), names, files)
        )
        self.equipment.set_assets(assets)
        self.files.set_files(files)
        self.related.set_related(others)
        self.tabs.setTabText(TAB_EQUIPMENT, self.tr("E&quipment ({n})").format(n=len(assets)))
        self.tabs.setTabText(TAB_FILES, self.tr("F&iles ({n})").format(n=len(files)))
        self.tabs.setTabText(TAB_RELATED, self.tr("Re&lated ({n})").format(n=len(others)))
        self.stack.setCurrentIndex(1)
        self.work_actions.set_enabled(visit.gone is None)
        self.work_actions["serial"].setEnabled(visit.gone is None and bool(assets))

    def refresh(self) -> None:
        self.show_visit(self.visit.id if self.visit else None)

    def shutdown(self) -> None:
        """Stop background work (call before closing the database)."""
        self.background.shutdown()
        if self.dialog is not None:
            self.dialog.reject()

    # -- helpers -------------------------------------------------------------------
    @property
    def user(self) -> str:
        name = get_setting(self.db, "user")
        if name:
            return name
        try:
            return load_account(self.profile).user
        except NotSignedIn:
            return ""

    def _write(self, action: Callable[[], T], saved: str) -> bool:
        """One durable local write; then the panel and the visit list catch up."""
        marker = object()
        result: Any = attempt(self.messages, lambda: action() or marker, saved=saved)
        if result is None:
            return False
        self.refresh()
        self.changed.emit()
        return True

    def _open_dialog(self, dialog: ActionDialog) -> None:
        if self.dialog is not None:
            self.dialog.reject()
        self.dialog = dialog
        dialog.finished.connect(self._on_dialog_finished)
        dialog.open()

    @Slot()
    def _on_dialog_finished(self) -> None:
        if self.sender() is self.dialog:
            self.dialog = None

    def _visit_id(self) -> int:
        assert self.visit is not None  # actions are disabled without a visit
        return self.visit.id

    # -- notes, replies and files --------------------------------------------------
    @Slot()
    def write_note(self) -> None:
        self._compose(public=False)

    @Slot()
    def write_reply(self) -> None:
        self._compose(public=True)

    @Slot()
    def add_files(self) -> None:
        dialog = self._compose(public=False)
        if dialog is not None:
            dialog.tray.pick()

    def _compose(self, *, public: bool, files: list[Path] | None = None) -> NoteDialog | None:
        if self.visit is None or self.visit.gone:
            return None
        dialog = NoteDialog(
            public=public,
            recipients=self.visit.requestors,
            messages=self.messages,
            max_bytes=self.max_upload_bytes,
            save=self._save_note,
            parent=self,
        )
        if files:
            dialog.tray.add_paths(files)
        self._open_dialog(dialog)
        return dialog

    def _save_note(self, values: NoteValues) -> bool | None:
        if not values.files:
            return self._add_note(values, [])
        task = functools.partial(
            work.import_files, self.profile.attachments_dir, values.files, self.max_upload_bytes
        )
        self._store_files_then_note(task, functools.partial(self._add_note, values))
        return None

    def _store_files_then_note(
        self,
        task: Callable[[], list[dict[str, Any]]],
        note: Callable[[list[dict[str, Any]]], bool],
    ) -> None:
        """Copy files durably on the worker; then, back here, the note that names them."""
        dialog = self.dialog

        def stored(files: list[dict[str, Any]]) -> None:
            saved = note(files)
            if not saved:
                work.discard_files(files)
            if dialog is not None:
                dialog.finish(saved)

        self.background.submit(task, stored, functools.partial(self._background_failed, dialog))

    def _add_note(
        self, values: NoteValues, stored: list[dict[str, Any]], saved: str | None = None
    ) -> bool:
        visit_id = self._visit_id()
        what = self.tr("Reply") if values.public else self.tr("Note")
        return self._write(
            lambda: outbox.add_note(
                self.db,
                visit_id,
                values.text,
                author=self.user,
                public=values.public,
                minutes=values.minutes,
                attachments=stored,
            ),
            saved=saved
            or self.tr("{what} saved on this laptop; it goes out at the next sync").format(
                what=what
            ),
        )

    def _background_failed(self, dialog: ActionDialog | None, _message: str) -> None:
        if dialog is not None:
            dialog.finish(False)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.visit is not None and not self.visit.gone and local_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = local_files(event.mimeData())
        if not files:
            return
        event.acceptProposedAction()
        if isinstance(self.dialog, NoteDialog):
            self.dialog.tray.add_paths(files)
        else:
            self._compose(public=False, files=files)

    # -- opening and saving files ------------------------------------------------------
    @Slot(int)
    def open_file(self, key: int) -> None:
        found = file_store.file_by_key(self.db, key)
        if found is None:
            return
        if found.path and Path(found.path).exists():
            QDesktopServices.openUrl(QUrl.fromLocalFile(found.path))
            return
        if found.id is None:
            self.messages.error(
                self.tr("{name} is no longer on this laptop").format(name=found.filename)
            )
            return
        self.messages.info(self.tr("Downloading {name}…").format(name=found.filename))
        self.background.submit(
            functools.partial(work.download, self.profile, found.id), self._downloaded
        )

    def _downloaded(self, path: Path) -> None:
        self.refresh()  # the file is on the laptop now
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    @Slot(int)
    def save_file_as(self, key: int) -> None:
        found = file_store.file_by_key(self.db, key)
        if found is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save a copy"), str(Path.home() / found.filename)
        )
        if not name:
            return
        source = Path(found.path) if found.path else None
        self.background.submit(
            functools.partial(work.download_and_copy, self.profile, found.id, source, Path(name)),
            self._copied_file,
        )

    def _copied_file(self, target: Path) -> None:
        self.refresh()
        self.messages.info(self.tr("Saved a copy to {path}").format(path=target))

    # -- status, parts, serial, escalation ----------------------------------------------
    @Slot()
    def change_status(self) -> None:
        if self.visit is None:
            return
        allowed = workflow.allowed_statuses(self.visit.status)
        self._open_dialog(StatusDialog(self.visit.status, allowed, self._save_status, self))

    def _save_status(self, status: str) -> bool:
        visit_id = self._visit_id()
        return self._write(
            lambda: workflow.set_status(self.db, visit_id, status),
            saved=self.tr("Status set to {s}; it goes out at the next sync").format(s=status),
        )

    @Slot()
    def edit_parts(self) -> None:
        if self.visit is None:
            return
        parts = workflow.parts_list(self.visit.parts_used)
        self._open_dialog(PartsDialog(parts, self._save_parts, self))

    def _save_parts(self, parts: list[str]) -> bool:
        visit_id = self._visit_id()
        return self._write(
            lambda: workflow.set_parts(self.db, visit_id, parts),
            saved=self.tr("Parts saved; they go out at the next sync"),
        )

    @Slot()
    def record_serial(self) -> None:
        self.record_serial_of(self.equipment.current_asset())

    @Slot(int)
    def record_serial_of(self, asset_id: int | None) -> None:
        if self.visit is None or self.visit.gone or not self.equipment.assets:
            return
        self._open_dialog(SerialDialog(self.equipment.assets, asset_id, self._save_serial, self))

    def _save_serial(self, values: tuple[int, str]) -> bool:
        asset_id, serial = values
        return self._write(
            lambda: outbox.set_asset_serial(self.db, asset_id, serial),
            saved=self.tr("Serial number saved; it goes out at the next sync"),
        )

    @Slot()
    def escalate(self) -> None:
        if self.visit is not None and not self.visit.gone:
            self._open_dialog(EscalateDialog(self._save_escalation, self))

    def _save_escalation(self, reason: str) -> bool:
        visit_id = self._visit_id()
        return self._write(
            lambda: outbox.escalate(self.db, visit_id, reason, author=self.user),
            saved=self.tr("Escalated to the supervisor; it goes out at the next sync"),
        )

    # -- signature and service report ----------------------------------------------------
    @Slot()
    def sign_report(self) -> None:
        if self.visit is None or self.visit.gone:
            return
        user = self.user
        names = dict(user_store.list_users(self.db))
        content = workflow.report_content(
            self.db, self.visit.id, user=user, technician=names.get(user) or user
        )
        signer = parse_contact(self.visit.contact).name
        self._open_dialog(ServiceReportDialog(content, signer, self._save_report, self))

    def _save_report(self, values: ReportValues) -> bool | None:
        when = datetime.now().astimezone()
        pdf = render_pdf(values, when)
        made = [
            (f"signature-{values.content.ticket_id}-{when:%Y%m%d-%H%M}.png", values.signature_png),
            (report_filename(values.content.ticket_id, when), pdf),
        ]
        text = self.tr("Service report signed on site by {name}.").format(name=values.signer)
        if values.content.work_done:
            text += "\n\n" + self.tr("Work done:") + "\n" + values.content.work_done
        note = NoteValues(text=text, minutes=0, public=False, files=[])
        saved = self.tr("Signed service report attached; it goes out at the next sync")
        self._store_files_then_note(
            functools.partial(work.keep_made_files, self.profile.attachments_dir, made),
            functools.partial(self._add_note, note, saved=saved),
        )
        return None

    # -- new ticket, KB draft --------------------------------------------------------------
    @Slot()
    def new_ticket(self) -> None:
        if self.visit is not None:
            self._open_dialog(NewTicketDialog(self.visit, self._save_new_ticket, self))

    def _save_new_ticket(self, values: NewTicketValues) -> bool:
        created: list[int] = []

        def create() -> int:
            new_id = outbox.create_ticket(
                self.db,
                subject=values.subject,
                content=values.description or values.subject,
                owner=self.user,
                requestor=values.requestor or None,
                fields={"site": values.site, "address": values.address, "contact": values.contact},
            )
            created.append(new_id)
            return new_id

        ok = self._write(
            create,
            saved=self.tr("New ticket saved; it is created on the helpdesk at the next sync"),
        )
        if ok and created:
            self.visit_requested.emit(created[0])
        return ok

    @Slot()
    def _request_draft(self) -> None:
        if self.visit is not None:
            self.draft_article_requested.emit(self.visit.id)

    # -- small things -------------------------------------------------------------------------
    @Slot(str, str)
    def _on_copied(self, what: str, text: str) -> None:
        self.messages.info(self.tr("Copied {what}: {text}").format(what=what, text=text))

    @Slot()
    def _show_related_tab(self) -> None:
        self.tabs.setCurrentIndex(TAB_RELATED)
