"""The technician's work on the visit shown: each action's dialog, and its durable write.

Each action opens its dialog (one at a time: a new one closes the last); the
dialog's Save does one local transaction through ``sync.outbox`` /
``sync.workflow`` and, once it committed, says "saved" and emits ``saved`` so
the panel re-reads the visit.  Files are copied durably on the panel's worker
(``work``) before the note that names them is written.  ``sync.outbox`` and
``sync.workflow`` are imported by the actions, the dialogs when first opened: the
panel is made without them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from desktop.common.user_errors import attempt
from desktop.visit import work
from sync.account import NotSignedIn, load_account
from sync.contact import parse_contact
from sync.store import checklists as checklist_store
from sync.store import tickets as ticket_store
from sync.store import timers
from sync.store import users as user_store
from sync.store.settings import get_setting

if TYPE_CHECKING:  # the dialogs, the report's PDF and the new ticket's load when first used
    from desktop.common.action_dialog import ActionDialog
    from desktop.visit.composer import NoteDialog, NoteValues
    from desktop.visit.detail import VisitDetail
    from desktop.visit.dialogs import StatusDialog
    from desktop.visit.new_ticket import NewTicketValues
    from desktop.visit.report import ReportValues
    from sync.workflow import ReportContent


class VisitWrites(QObject):
    saved = Signal()  # a write committed: the panel re-reads the visit, the window the lists
    visit_requested = Signal(int)  # a ticket opened here: show it

    def __init__(self, panel: VisitDetail) -> None:
        super().__init__(panel)
        self.panel = panel  # what the dialogs belong to, and whose visit they work on
        self.db = panel.db
        self.profile = panel.profile
        self.messages = panel.messages
        self.background = panel.background
        self.dialog: ActionDialog | None = None  # the action dialog open now, if any

    @property
    def visit(self) -> ticket_store.Visit | None:
        return self.panel.visit

    # -- helpers -------------------------------------------------------------------
    def user_name(self) -> str:
        return self.user

    @property
    def user(self) -> str:
        name = get_setting(self.db, "user")
        if name:
            return name
        try:
            return load_account(self.profile).user
        except NotSignedIn:
            return ""

    def _write(self, action: Callable[[], object], saved: str) -> bool:
        """One durable local write; then the panel and the visit list catch up.

        An action that answers None changed nothing (Enter on a prefilled status, parts
        list or serial): the dialog closes with nothing queued and no "saved" said."""
        unchanged = object()

        def act() -> object:
            result = action()
            return unchanged if result is None else result

        done = attempt(self.messages, act)
        if done is None:
            return False  # refused: the message says why, the dialog stays
        if done is not unchanged:
            self.messages.info(saved)  # after the local transaction committed
            self.saved.emit()
        return True

    def _open_dialog(self, dialog: ActionDialog) -> None:
        from desktop.common.action_dialog import VisitRef  # noqa: PLC0415 - loaded with dialog

        if self.dialog is not None:
            self.dialog.reject()
        self.dialog = dialog
        if self.visit is not None:
            dialog.belongs_to(VisitRef.of(self.visit))
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
        self.compose(public=False)

    @Slot()
    def write_reply(self) -> None:
        self.compose(public=True)

    @Slot()
    def add_files(self) -> None:
        dialog = self.compose(public=False)
        if dialog is not None:
            dialog.tray.pick()

    def compose(self, *, public: bool, files: list[Path] | None = None) -> NoteDialog | None:
        from desktop.visit.composer import NoteDialog  # noqa: PLC0415 - see TYPE_CHECKING

        if self.visit is None or self.visit.gone:
            return None
        dialog = NoteDialog(
            public=public,
            recipients=self.visit.requestors,
            **self._reply_copies(self.visit.id),
            messages=self.messages,
            max_bytes=self.panel.max_upload_bytes,
            save=self._save_note,
            parent=self.panel,
        )
        if files:
            dialog.tray.add_paths(files)
        self._open_dialog(dialog)
        return dialog

    def _save_note(self, values: NoteValues) -> bool | None:
        if not values.files:
            return self._add_note(values, [])
        task = functools.partial(
            work.import_files,
            self.profile.attachments_dir,
            values.files,
            self.panel.max_upload_bytes,
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
        from sync import outbox  # noqa: PLC0415 - the write paths load at the first write

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

    # -- status, parts, serial, escalation ----------------------------------------------
    @Slot()
    def change_status(self) -> None:
        from sync import workflow  # noqa: PLC0415 - the write paths load at the first write

        if self.visit is None:
            return
        allowed = workflow.allowed_statuses(self.visit.status)
        open_required = self._open_required(self.visit.id)
        from desktop.visit.dialogs import StatusDialog  # noqa: PLC0415 - see TYPE_CHECKING

        self._open_dialog(
            StatusDialog(
                self.visit.status,
                allowed,
                self._save_status,
                self.panel,
                open_required=open_required,
                signed=workflow.last_signed_report(self.db, self.visit.id, user=self.user),
                timers=workflow.timers_with_time(self.db, self.visit.id),
                requestors=self.visit.requestors,
                **self._reply_copies(self.visit.id),
            )
        )

    def _reply_copies(self, visit_id: int) -> dict[str, Any]:
        """Whom RT mails a reply to besides the requestors, as the reply dialogs take it:
        ``cc``, the ticket's Ccs (None: not known yet), and ``watched``, it has AdminCcs."""
        copied = ticket_store.watchers(self.db, visit_id)
        return {"cc": copied.ccs if copied else None, "watched": bool(copied and copied.admin_ccs)}

    def _open_required(self, visit_id: int) -> tuple[str, ...]:
        """Required checklist items not done and with no reason yet: '3 Test print'."""
        return tuple(
            f"{item.number} {item.text}"
            for checklist in checklist_store.checklists(self.db, visit_id)
            if not checklist.reason
            for item in checklist.missing_required
        )

    def _save_status(self, status: str) -> bool:
        from desktop.visit.dialogs import StatusDialog  # noqa: PLC0415 - see TYPE_CHECKING
        from sync import workflow  # noqa: PLC0415 - the write paths load at the first write

        visit_id = self._visit_id()
        dialog = self.dialog
        if status == "resolved" and isinstance(dialog, StatusDialog):
            return self._resolve(visit_id, dialog)
        return self._write(
            lambda: workflow.set_status(self.db, visit_id, status),
            saved=self.tr("Status set to {s}; it goes out at the next sync").format(s=status),
        )

    def _resolve(self, visit_id: int, dialog: StatusDialog) -> bool:
        """The close-out in one durable step (the timers' time if chosen, checklists, note
        and its time, status); then the signature, unless the technician chose otherwise:
        the report reads the visit's time after the timers' time was logged."""
        from sync import workflow  # noqa: PLC0415 - the write paths load at the first write

        reason = dialog.reason_text()
        note, minutes, sign_next = dialog.resolution_values()
        open_required = self._open_required(visit_id)
        if open_required and not reason:
            dialog.ask_reason(open_required)  # in the dialog: the message bar is behind it
            return False
        resolved = attempt(
            self.messages,
            lambda: workflow.resolve(
                self.db,
                visit_id,
                note,
                minutes=minutes,
                author=self.user,
                reason=reason or None,
                log_timers=dialog.logs_timers(),
                tell_customer=dialog.tells_customer(),
            ),
        )
        if resolved is None:
            return False
        logged = " and ".join(entry.text for entry in resolved.logged)
        note_words = (
            self.tr("its reply to the customer") if dialog.tells_customer() else self.tr("its note")
        )
        self.messages.info(  # said once the transaction committed
            self.tr("Resolved with {note} and {logged}; it goes out at the next sync").format(
                note=note_words, logged=logged
            )
            if logged
            else self.tr("Resolved with {note}; it goes out at the next sync").format(
                note=note_words
            )
        )
        self.saved.emit()
        if sign_next:  # the report dialog names time left on a timer itself
            QTimer.singleShot(0, self.sign_report)  # once the status dialog has closed
        else:
            self._point_out_running_timer(visit_id)
        return True

    def _point_out_running_timer(self, visit_id: int) -> None:
        running = timers.running(self.db)
        if running is not None and running.ticket_id == visit_id:
            self.messages.warning(
                self.tr(
                    "The {what} timer is still running on this visit: stop it to log the time"
                ).format(what=running.label.lower())
            )

    @Slot()
    def edit_parts(self) -> None:
        from sync import workflow  # noqa: PLC0415 - the write paths load at the first write

        if self.visit is None:
            return
        from desktop.visit.dialogs import PartsDialog  # noqa: PLC0415 - see TYPE_CHECKING

        parts = workflow.parts_list(self.visit.parts_used)
        self._open_dialog(PartsDialog(parts, self._save_parts, self.panel))

    def _save_parts(self, parts: list[str]) -> bool:
        from sync import workflow  # noqa: PLC0415 - the write paths load at the first write

        visit_id = self._visit_id()
        return self._write(
            lambda: workflow.set_parts(self.db, visit_id, parts),
            saved=self.tr("Parts saved; they go out at the next sync"),
        )

    @Slot()
    def record_serial(self) -> None:
        self.record_serial_of(self.panel.equipment.current_asset())

    @Slot(int)
    def record_serial_of(self, asset_id: int | None) -> None:
        if self.visit is None or self.visit.gone or not self.panel.equipment.assets:
            return
        from desktop.visit.dialogs import SerialDialog  # noqa: PLC0415 - see TYPE_CHECKING

        assets = self.panel.equipment.assets
        self._open_dialog(SerialDialog(assets, asset_id, self._save_serial, self.panel))

    def _save_serial(self, values: tuple[int, str]) -> bool:
        from sync import outbox  # noqa: PLC0415 - the write paths load at the first write

        asset_id, serial = values
        return self._write(
            lambda: outbox.set_asset_serial(self.db, asset_id, serial),
            saved=self.tr("Serial number saved; it goes out at the next sync"),
        )

    @Slot()
    def escalate(self) -> None:
        from desktop.visit.dialogs import EscalateDialog  # noqa: PLC0415 - see TYPE_CHECKING

        if self.visit is not None and not self.visit.gone:
            self._open_dialog(EscalateDialog(self._save_escalation, self.panel))

    def _save_escalation(self, reason: str) -> bool:
        from sync import outbox  # noqa: PLC0415 - the write paths load at the first write

        visit_id = self._visit_id()
        return self._write(
            lambda: outbox.escalate(self.db, visit_id, reason, author=self.user),
            saved=self.tr("Escalated to the supervisor; it goes out at the next sync"),
        )

    # -- signature and service report ----------------------------------------------------
    @Slot()
    def sign_report(self) -> None:
        from desktop.visit.report import ServiceReportDialog  # noqa: PLC0415 - see TYPE_CHECKING

        if self.visit is None or self.visit.gone:
            return
        content = self._report_content(self.visit.id)
        signer = parse_contact(self.visit.contact).name
        dialog = ServiceReportDialog(
            content, signer, self._save_report, self.panel, log_timers=self._log_timers
        )
        self._open_dialog(dialog)

    def _report_content(self, visit_id: int) -> ReportContent:
        from sync import workflow  # noqa: PLC0415 - the write paths load at the first write

        user = self.user
        names = dict(user_store.list_users(self.db))
        return workflow.report_content(
            self.db, visit_id, user=user, technician=names.get(user) or user
        )

    def _log_timers(self, visit_id: int) -> ReportContent | None:
        """The report dialog's "Log it now": the visit's timers stopped and their time
        logged (one durable step), then what the report says with it."""
        from sync import workflow  # noqa: PLC0415 - the write paths load at the first write

        logged = attempt(
            self.messages,
            lambda: workflow.stop_and_log_timers(self.db, visit_id, author=self.user),
        )
        if logged is None:
            return None
        if logged:
            self.messages.info(
                self.tr("{logged} logged; it goes out at the next sync").format(
                    logged=" and ".join(entry.text for entry in logged)
                )
            )
        self.saved.emit()
        return self._report_content(visit_id)

    def _save_report(self, values: ReportValues) -> bool | None:
        from desktop.visit.composer import NoteValues  # noqa: PLC0415 - see TYPE_CHECKING
        from desktop.visit.report import (  # noqa: PLC0415
            render_pdf,
            replaces_text,
            report_filename,
        )
        from sync.workflow import REPORT_NOTE_PREFIX  # noqa: PLC0415

        when = datetime.now().astimezone()
        pdf = render_pdf(values, when)
        made = [
            (f"signature-{values.content.ticket_id}-{when:%Y%m%d-%H%M}.png", values.signature_png),
            (report_filename(values.content.ticket_id, when), pdf),
        ]
        # The first line is read back (sync.workflow.last_signed_report): the signer.
        text = f"{REPORT_NOTE_PREFIX}{values.signer}."
        if values.content.replaces is not None:
            text += "\n" + replaces_text(values.content.replaces)
        if values.content.work_done:
            text += "\n\n" + self.tr("Work done:") + "\n" + values.content.work_done
        note = NoteValues(text=text, minutes=0, public=False, files=[])
        saved = self.tr("Signed service report attached; it goes out at the next sync")
        self._store_files_then_note(
            functools.partial(work.keep_made_files, self.profile.attachments_dir, made),
            functools.partial(self._add_note, note, saved=saved),
        )
        return None

    # -- new ticket at this site ---------------------------------------------------------
    @Slot()
    def new_ticket(self) -> None:
        from desktop.visit.new_ticket import NewTicketDialog  # noqa: PLC0415 - see TYPE_CHECKING

        if self.visit is not None:
            self._open_dialog(NewTicketDialog(self.visit, self._save_new_ticket, self.panel))

    def _save_new_ticket(self, values: NewTicketValues) -> bool:
        from sync import outbox  # noqa: PLC0415 - the write paths load at the first write

        created: list[int] = []
        # RT links the new ticket to the visit it came up at ("Refers to").  A visit
        # opened on this laptop has no helpdesk number yet: there is nothing to name.
        came_from = self._visit_id()

        def create() -> int:
            new_id = outbox.create_ticket(
                self.db,
                subject=values.subject,
                content=values.description or values.subject,
                owner=self.user,
                requestor=values.requestor or None,
                fields={"site": values.site, "address": values.address, "contact": values.contact},
                refers_to=came_from if came_from > 0 else None,
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
