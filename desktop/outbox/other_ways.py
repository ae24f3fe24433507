"""The Outbox's "Other ways" menu: for a note refused because its ticket is not yours now.

Send it anyway as a comment, move it to a new ticket that refers to the old
one (only for such rows: ``sync.outbox.choices_for``), or export it to a file:
that for every unsent note (``exportable``), as its author may never sign in
again.  Each asks first and says what happens; the export's file writing runs on
the thread pool.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSize, QStandardPaths, Qt, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QToolButton, QWidget

from desktop.common.background import BackgroundTasks
from desktop.common.field_names import describe_change
from desktop.common.icons import icon
from desktop.common.messages import MessageBridge
from desktop.common.user_errors import attempt, describe
from sync import outbox
from sync.changes.refused_note import (
    can_go_another_way,
    exportable,
    exportable_note,
    note_file_name,
    write_export,
)
from sync.outbox import OutboxRow

if TYPE_CHECKING:
    import sqlite_utils

ANSWER = QMessageBox.StandardButton


class OtherWays(QObject):
    changed = Signal()  # after a committed local write (sent as a comment, moved)
    exported = Signal(str)  # the file written

    def __init__(self, db: sqlite_utils.Database, messages: MessageBridge, parent: QWidget) -> None:
        super().__init__(parent)
        self.db = db
        self.messages = messages
        self.window = parent
        self.row: OutboxRow | None = None
        self._target = (Path(), False)  # the export being written, and whether with files
        self.tasks = BackgroundTasks(self)
        self.comment_action = self._action(
            self.tr("Send anyway as a &comment…"), "note", self.send_as_comment
        )
        self.new_ticket_action = self._action(
            self.tr("Move to a &new ticket…"), "new-ticket", self.move_to_new_ticket
        )
        self.export_action = self._action(self.tr("E&xport to a file…"), "save", self.export)
        menu = QMenu(parent)
        for action in (self.comment_action, self.new_ticket_action, self.export_action):
            menu.addAction(action)
        self.button = QToolButton(parent)
        self.button.setText(self.tr("Other ways"))
        self.button.setIcon(icon("open"))
        self.button.setAccessibleName(self.tr("Other ways"))
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setMinimumSize(QSize(120, 36))
        self.button.setMenu(menu)
        self.show_for(None)

    def _action(self, text: str, icon_name: str, slot: object) -> QAction:
        action = QAction(icon(icon_name), text, self)
        action.triggered.connect(slot)
        return action

    def show_for(self, row: OutboxRow | None) -> None:
        """Offer exactly what this row allows; hide the menu for every other row."""
        self.row = row
        choices = outbox.choices_for(row) if row is not None else ()
        export = row is not None and exportable(row)
        self.button.setVisible(bool(choices) or export)
        self.comment_action.setVisible("as_comment" in choices)
        self.new_ticket_action.setVisible("to_new_ticket" in choices)
        self.export_action.setVisible(export)
        self.button.setToolTip(
            self.tr("The ticket is no longer yours: send the note another way, or keep it")
            if row is not None and can_go_another_way(row)
            else self.tr("Keep the note in a file: its text, time and files")
        )

    def _confirmed(self, title: str, text: str, yes: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, title, parent=self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(text)
        go = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(ANSWER.Cancel)
        box.setDefaultButton(ANSWER.Cancel)
        box.exec()
        return box.clickedButton() is go

    # -- the three ways ---------------------------------------------------------
    @Slot()
    def send_as_comment(self) -> None:
        row = self.row
        if row is None or not self._confirmed(
            self.tr("Send anyway as a comment?"),
            self.tr(
                "#{ticket} is no longer yours, but the helpdesk may still let you comment on "
                "it. The note goes as an internal comment at the next sync; if the helpdesk "
                "refuses again, the outbox says so and you can move it to a new ticket or "
                "export it.\n\n{what}"
            ).format(ticket=row.ticket_ref, what=describe_change(row)),
            self.tr("Send as comment"),
        ):
            return
        if attempt(
            self.messages,
            lambda: _ran(outbox.send_as_comment, self.db, row.seq),
            saved=self.tr("It goes as an internal comment at the next sync."),
        ):
            self.changed.emit()

    @Slot()
    def move_to_new_ticket(self) -> None:
        row = self.row
        if row is None or not self._confirmed(
            self.tr("Move to a new ticket?"),
            self.tr(
                "A new ticket in the same queue, owned by you and referring to #{ticket}, "
                "carries the note, its time and its files; the note leaves #{ticket}. "
                "The helpdesk links the two only if you may still change #{ticket}; "
                "the new ticket's subject names it either way.\n\n{what}"
            ).format(ticket=row.ticket_ref, what=describe_change(row)),
            self.tr("Move to new ticket"),
        ):
            return
        if attempt(
            self.messages,
            lambda: _ran(outbox.move_to_new_ticket, self.db, row.seq),
            saved=self.tr("New ticket saved: it gets its number at the next sync."),
        ):
            self.changed.emit()

    @Slot()
    def export(self) -> None:
        row = self.row
        if row is None:
            return
        note = attempt(self.messages, lambda: exportable_note(self.db, row.seq))
        if note is None:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        path, _ = QFileDialog.getSaveFileName(
            self.window,
            self.tr("Export the note"),
            str(Path(folder) / note_file_name(row)),
            self.tr("Markdown (*.md);;Text (*.txt)"),
        )
        if not path:
            return
        self._target = (Path(path), bool(note.files))
        task = self.tasks.start(lambda: write_export(note, Path(path)))
        task.succeeded.connect(self._exported)
        task.failed.connect(self._export_failed)

    @Slot(object)
    def _exported(self, written: object) -> None:
        path, has_files = self._target
        files = self.tr(" (its files in {folder})").format(folder=written) if has_files else ""
        self.messages.info(
            self.tr(
                "Exported to {path}{files}. The note stays in the outbox until you discard it."
            ).format(path=path, files=files)
        )
        self.exported.emit(str(path))

    @Slot(object)
    def _export_failed(self, error: object) -> None:
        said = describe(error) if isinstance(error, BaseException) else None
        if said is None:
            raise error if isinstance(error, BaseException) else RuntimeError(str(error))
        self.messages.error(said)


def _ran(
    action: Callable[[sqlite_utils.Database, int], object], db: sqlite_utils.Database, seq: int
) -> bool:
    """Run an action that returns nothing useful, as one that says it ran (for attempt())."""
    action(db, seq)
    return True
