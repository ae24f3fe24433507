"""The outbox screen: every unsent change, and what to do with it (``sync.outbox``'s rules)."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QSize, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.common.action_dialog import VisitRef
from desktop.common.empty_state import EmptyState
from desktop.common.field_names import describe_change, field_label, one_line, visit_ref
from desktop.common.icons import icon
from desktop.common.messages import MessageBridge
from desktop.common.row_table import row_table
from desktop.common.spoken import show_text
from desktop.common.theme import hex_colour
from desktop.common.user_errors import attempt
from desktop.outbox.editor import ChangeEditor
from desktop.outbox.model import NEEDS_USER, SEQ_ROLE, OutboxModel
from desktop.outbox.other_ways import OtherWays
from sync import outbox
from sync.changes.asset_refs import asset_label
from sync.changes.note import MAYBE_DELIVERED
from sync.changes.refused_note import can_go_another_way, exportable
from sync.errors import Cause
from sync.outbox import OutboxRow
from sync.store import tickets as ticket_store
from sync.words import plural

if TYPE_CHECKING:
    import sqlite_utils

# The screen's keys work wherever the focus is in the window while the screen shows
# (the rail, after Ctrl+<n>): Qt ignores the shortcut of an action on a hidden screen.
SHORTCUT_CONTEXT = Qt.ShortcutContext.WindowShortcut
STATE_HELP = {
    "pending": "Saved on this laptop; it is sent at the next sync.",
    "sending": "Being sent, or sent without an answer yet: the next sync checks before sending "
    "again, so it never arrives twice.",
    "refused": "The helpdesk refused this change: see what it said below, then retry or "
    "discard it.",
    "conflict": "Changed on the helpdesk too: decide in Conflicts.",
    "held": "Waits for the refused change to this visit before it: retry, edit or discard "
    "that one first, and this one follows it, so the helpdesk gets the visit's changes in "
    "the order you made them.",
}

# What fixes a refusal depends on its cause: "edit it" only where editing can help.
CAUSE_HELP = {
    Cause.INVALID: "The helpdesk did not accept a value in this change. Edit it and retry, "
    "or discard it.",
    Cause.NO_RIGHT: "Your helpdesk account lacks the right this change needs: ask the RT "
    "administrator to grant the right named below, then Retry. Editing does not help.",
    Cause.REASSIGNED: "The visit is no longer yours on the helpdesk: ask your supervisor to "
    "give it back to you, then Retry, or discard it. Editing does not help.",
    Cause.DELETED: "The ticket was deleted on the helpdesk: discard this change, or open a new "
    "ticket for the work. Retrying does not help.",
    Cause.OVERTAKEN: "Another device sent this to the helpdesk since: see below what it holds. "
    "Retry sends this laptop's anyway; Discard keeps the helpdesk's. Editing does not help.",
    Cause.CSRF: "The helpdesk refused changes from a password sign-in: sign in with a token "
    "(File → Sign in…), then Retry.",
    Cause.TOKEN_REFUSED: "The helpdesk refused your token: create a new one in RT, sign in "
    "again with it (File → Sign in…), then Retry.",
    Cause.PASSWORD_REFUSED: "The helpdesk refused your password: sign in again "
    "(File → Sign in…), then Retry.",
    Cause.HELPDESK_FAILING: "The helpdesk failed on this change each time it was sent, and "
    "it is not there: Retry later, or discard it. Editing does not help.",
}

# A change never sent: nothing of it is on the helpdesk yet (``outbox.can_discard``).
UNSENT_HELP = " Until then you can still correct it (Edit) or take it back (Discard)."

OTHER_WAYS_HELP = (
    " Or send the note another way (Other ways: a comment anyway, a new ticket, a file)."
)
# A note whose earlier answer was lost may be on the ticket: only a file cannot double it.
EXPORT_ONLY_HELP = (
    " It may already be on the ticket, so it cannot go another way: Other ways → Export "
    "keeps it in a file."
)
# Every unsent note can be kept in a file: its author may never sign in again.
KEEP_IN_FILE_HELP = " Or keep it in a file: Other ways → Export."
WAITING_NOTE_HELP = (
    " If it cannot be sent (you can no longer sign in), keep it in a file: Other ways → Export."
)


def refusal_help(row: OutboxRow, state: str) -> str:
    """What the user does about this row (in ``state``), by the cause of a refusal."""
    note = exportable(row)
    if row.state != "rejected":
        unsent = UNSENT_HELP if state == "pending" and outbox.can_discard(row) else ""
        return (
            STATE_HELP.get(state, STATE_HELP["pending"])
            + unsent
            + (WAITING_NOTE_HELP if note else "")
        )
    causes = {str(cause): text for cause, text in CAUSE_HELP.items()}
    help_text = causes.get(row.error_cause or "", STATE_HELP["refused"])
    if note and row.payload.get(MAYBE_DELIVERED):
        return help_text + EXPORT_ONLY_HELP
    if can_go_another_way(row):
        return help_text + OTHER_WAYS_HELP
    return help_text + (KEEP_IN_FILE_HELP if note else "")


class OutboxView(QWidget):
    changed = Signal()  # after each committed local write (edit, retry, discard)

    def __init__(
        self, db: sqlite_utils.Database, messages: MessageBridge, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.messages = messages
        self.model = OutboxModel()
        self._build()
        self.refresh()

    # -- layout ----------------------------------------------------------------------
    def _build(self) -> None:
        self.heading = QLabel()
        # Wraps beside the buttons: on one line the summary of refused changes made the
        # whole window 1143 px wide, past a 1024-px screen.
        self.heading.setWordWrap(True)
        self.table = row_table(self.model, self.tr("Unsent changes"))
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((470, 90, 130, 170)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._show_selected)
        self.table.doubleClicked.connect(self._edit_if_allowed)

        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMinimumHeight(90)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setStyleSheet("QLabel { padding: 8px; }")

        self.edit_action = self._action(self.tr("&Edit…"), "F2", self.edit_selected, "edit")
        self.retry_action = self._action(
            self.tr("&Retry"), "Ctrl+Return", self.retry_selected, "retry"
        )
        self.discard_action = self._action(
            self.tr("&Discard…"), "Del", self.discard_selected, "discard"
        )
        self.other_ways = OtherWays(self.db, self.messages, self)
        self.other_ways.changed.connect(self._written_elsewhere)
        bar = QHBoxLayout()
        bar.addWidget(self.heading, 1)
        bar.addWidget(self.other_ways.button)
        for action in (self.edit_action, self.retry_action, self.discard_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setMinimumSize(QSize(96, 36))
            button.setAccessibleName(action.text().replace("&", "").rstrip("…"))
            bar.addWidget(button)

        content = QWidget()
        rows = QVBoxLayout(content)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.addLayout(bar)
        rows.addWidget(self.table, 1)
        rows.addWidget(self.detail)
        self.empty = EmptyState(
            content,
            self.tr(
                "Everything is sent — a change made on this laptop waits here until the "
                "helpdesk has it; one it refuses stays here with the reason."
            ),
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)

    def _action(self, text: str, shortcut: str, slot: object, icon_name: str) -> QAction:
        action = QAction(icon(icon_name), text, self)
        keys = QKeySequence(shortcut)
        action.setShortcuts(
            [keys, QKeySequence("Ctrl+Enter")] if shortcut == "Ctrl+Return" else [keys]
        )
        action.setShortcutContext(SHORTCUT_CONTEXT)
        shown = keys.toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{text.replace('&', '').rstrip('…')} ({shown})")
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def focus_first(self) -> None:
        """The screen shown (Ctrl+3): the focus in the list of changes."""
        self.empty.focus(self.table)

    # -- data ----------------------------------------------------------------------------
    def refresh(self) -> None:
        selected = self.selected_row()
        rows = outbox.rows(self.db)
        visits = (r.ticket_ref for r in rows if r.ticket_ref is not None)
        self.model.set_rows(rows, ticket_store.subjects(self.db, visits))
        refused = sum(1 for r in rows if r.state == "rejected")
        self.empty.set_empty(not rows)
        if rows:
            text = self.tr("{changes} not yet on the helpdesk").format(
                changes=plural(len(rows), self.tr("change"), self.tr("changes"))
            )
            if refused:
                text += self.tr(
                    " — {r} refused by the helpdesk: select one to see why and what fixes it"
                ).format(r=refused)
            show_text(self.heading, self.tr("Outbox summary"), text)
        row = self.model.row_of(selected.seq) if selected is not None else None
        if row is None and rows:
            refused_rows = [i for i, r in enumerate(rows) if r.state == "rejected"]
            row = refused_rows[0] if refused_rows else 0
        if row is not None:
            self.table.selectRow(row)
        self._show_selected()

    def selected_row(self) -> OutboxRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return outbox.get_row(self.db, int(index.data(SEQ_ROLE)))

    @Slot()
    def _show_selected(self) -> None:
        row = self.selected_row()
        # What may be done to it is sync.outbox's rule (as for `fielddesk outbox`): a change
        # that may already be on the helpdesk is neither edited nor discarded.
        self.edit_action.setEnabled(row is not None and outbox.can_edit(row))
        self.retry_action.setEnabled(row is not None and outbox.can_retry(row))
        self.discard_action.setEnabled(row is not None and outbox.can_discard(row))
        self.other_ways.show_for(row)
        if row is None:
            show_text(self.detail, self.tr("Selected change"), "")
            return
        state = self.model.state_of(row)
        help_text = self.tr(refusal_help(row, state))
        holder = self.model.held.get(row.seq)
        if holder is not None:  # what it waits for is the user's text: escaped
            help_text += f"<br>{self.tr('Waits for')}: {_escape(describe_change(holder))}"
        show_text(
            self.detail,
            self.tr("Selected change"),
            f"<b>{_escape(describe_change(row))}</b><br>{self.tr('State')}: {_escape(state)} — "
            f"{help_text}{self._last_word(row)}",
        )

    def _last_word(self, row: OutboxRow) -> str:
        """The helpdesk's refusal, in red; for a change still on its way, how its last try went."""
        if not row.last_error:
            return ""
        if row.state in NEEDS_USER:
            label, style = self.tr("The helpdesk said"), f" style='color:{hex_colour('overdue')}'"
        else:  # our own words about the link or a wait: nothing for the user to fix
            label, style = self.tr("Last try"), ""
        return f"<br><b>{label}:</b> <span{style}>{_escape(row.last_error)}</span>"

    @Slot()
    def _written_elsewhere(self) -> None:
        self.changed.emit()
        self.refresh()

    # -- actions ---------------------------------------------------------------------------
    @Slot(QModelIndex)
    def _edit_if_allowed(self, _index: QModelIndex) -> None:
        if self.edit_action.isEnabled():
            self.edit_selected()

    @Slot()
    def edit_selected(self) -> None:
        row = self.selected_row()
        if row is None or not outbox.can_discard(row):
            return
        if not outbox.can_edit(row):
            self.messages.warning(
                self.tr("This kind of change cannot be edited: discard it and make it again.")
            )
            return
        editor = ChangeEditor(row, lambda changes: self._save_edit(row, changes), self)
        visit = ticket_store.get_visit(self.db, row.ticket_ref) if row.ticket_ref else None
        if visit is not None and visit.id > 0:
            editor.belongs_to(VisitRef.of(visit))
        editor.exec()

    def _save_edit(self, row: OutboxRow, changes: dict[str, Any]) -> bool:
        """The editor's Save: True closes it, False (refused: the message says why) keeps it."""
        if not changes:
            return True  # nothing changed: nothing to keep
        done = attempt(
            self.messages,
            _done(lambda: outbox.edit(self.db, row.seq, changes)),
            saved=self.tr("Change edited. Retry (Ctrl+Enter) sends it at the next sync.")
            if row.state == "rejected"
            else self.tr("Change edited; it is sent at the next sync."),
        )
        if not done:
            return False
        self.changed.emit()
        self.refresh()
        return True

    @Slot()
    def retry_selected(self) -> None:
        row = self.selected_row()
        if row is None or not outbox.can_retry(row):
            return
        done = attempt(
            self.messages,
            _done(lambda: outbox.retry(self.db, row.seq)),
            saved=self.tr("It will be sent again at the next sync."),
        )
        if done:
            self.changed.emit()
            self.refresh()

    @Slot()
    def discard_selected(self) -> None:
        row = self.selected_row()
        if row is None or not outbox.can_discard(row):
            return
        answer = QMessageBox.question(
            self,
            self.tr("Discard this change?"),
            self.loss_text(row),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Discard:
            return
        done = attempt(
            self.messages,
            _done(lambda: outbox.discard(self.db, row.seq)),
            saved=self.tr("Discarded: {what}").format(what=describe_change(row)),
        )
        if done:
            self.changed.emit()
            self.refresh()

    def loss_text(self, row: OutboxRow) -> str:
        """Exactly what discarding loses (as outbox.discard undoes it)."""
        p = row.payload
        where = visit_ref(row.ticket_ref)
        if row.kind == "note":
            what = self.tr("reply") if p.get("public") else self.tr("note")
            extra = []
            if p.get("time_taken"):
                extra.append(self.tr("{m} min of time spent").format(m=p["time_taken"]))
            if p.get("attachments"):
                count = len(p["attachments"])
                extra.append(plural(count, self.tr("attached file"), self.tr("attached files")))
            more = (" " + self.tr("with") + " " + ", ".join(extra)) if extra else ""
            return self.tr(
                "The {what} on {where}{more} is deleted from this laptop and never sent:\n\n{text}"
            ).format(what=what, where=where, more=more, text=one_line(str(p["content"]), 400))
        if row.kind == "set_fields" and row.ticket_ref is not None:
            base, _ = ticket_store.base_values(self.db, row.ticket_ref)
            lines = "\n".join(
                f"{self.tr(field_label(k))}: {v or '(empty)'} → {base.get(k) or '(empty)'}"
                for k, v in p["changes"].items()
            )
            return self.tr(
                "{where} goes back to the values last synced with the helpdesk:\n\n{lines}"
            ).format(where=where, lines=lines)
        if row.kind == "create_ticket":
            return self.tr(
                "The new ticket ‘{subject}’ and everything written on it on this laptop "
                "are deleted and never sent."
            ).format(subject=p.get("subject", ""))
        if row.kind == "article":
            return self.tr("The article draft ‘{name}’ is deleted and never published.").format(
                name=p.get("name", "")
            )
        if row.kind == "asset_serial":
            return self.tr(
                "The serial number of {asset} goes back to its last synced value."
            ).format(asset=asset_label(p))
        return describe_change(row)


def _done(action: Callable[[], None]) -> Callable[[], bool]:
    """An action that returns nothing, as one that says it ran (for attempt())."""

    def run() -> bool:
        action()
        return True

    return run


def _escape(text: str | None) -> str:
    return html.escape(text or "")
