"""The conflicts screen: base / yours / theirs side by side, and the decision."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.common.empty_state import EmptyState
from desktop.common.field_names import field_label
from desktop.common.icons import icon
from desktop.common.messages import MessageBridge
from desktop.common.row_table import row_table
from desktop.common.spoken import show_text
from desktop.common.theme import hex_colour
from desktop.common.user_errors import attempt
from desktop.conflicts.model import AnyConflict, ConflictsModel
from desktop.conflicts.word_diff import ADDED_SIGN, REMOVED_SIGN, diff_html, plain_html
from sync import conflicts
from sync.asset_conflicts import AssetConflict, open_asset_conflicts, resolve_asset_conflict
from sync.conflicts import TEXT_FIELDS, Choice, Conflict
from sync.fields import ASSET_LABELS, DATE_FIELDS
from sync.local_clock import local_moment
from sync.store import tickets as ticket_store
from sync.store.users import display_name
from sync.words import plural

if TYPE_CHECKING:
    import sqlite_utils

# The screen's keys work wherever the focus is in the window while the screen shows
# (the rail, after Ctrl+<n>): Qt ignores the shortcut of an action on a hidden screen.
SHORTCUT_CONTEXT = Qt.ShortcutContext.WindowShortcut


class ConflictsView(QWidget):
    changed = Signal()  # after each committed resolution

    def __init__(
        self, db: sqlite_utils.Database, messages: MessageBridge, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.messages = messages
        self.model = ConflictsModel()
        self._build()
        self.refresh()

    # -- layout ----------------------------------------------------------------------
    def _build(self) -> None:
        self.heading = QLabel()
        self.table = row_table(self.model, self.tr("Open conflicts"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().currentRowChanged.connect(self._show_selected)

        lower = self._build_detail()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setSizes([230, 520])
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.heading)
        column.addWidget(splitter, 1)
        self.empty = EmptyState(
            content,
            self.tr(
                "No conflicts — when a change meets a different edit on the helpdesk it "
                "appears here, for you to decide."
            ),
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)

    def _build_detail(self) -> QWidget:
        self.question = QLabel()
        self.question.setWordWrap(True)
        columns = QGridLayout()
        self.panes: dict[str, QTextBrowser] = {}
        titles = (
            ("base", self.tr("Base — last synced")),
            ("mine", self.tr("Yours — this laptop")),
            ("theirs", self.tr("Theirs — the helpdesk")),
        )
        for column, (key, title) in enumerate(titles):
            label = QLabel(f"<b>{title}</b>")
            pane = QTextBrowser()
            pane.setOpenLinks(False)
            pane.setAccessibleName(title)
            columns.addWidget(label, 0, column)
            columns.addWidget(pane, 1, column)
            self.panes[key] = pane

        # What the marks in yours and theirs mean, in words as they are.
        self.legend = QLabel(
            self.tr("Against the last synced value: {removed} removed, {added} added.").format(
                removed=f"[{REMOVED_SIGN}…]", added=f"[{ADDED_SIGN}…]"
            )
        )
        self.legend.setTextFormat(Qt.TextFormat.PlainText)
        self.legend.setWordWrap(True)
        self.legend.hide()
        self.mine_action = self._action(self.tr("Keep &mine"), "Ctrl+Alt+1", "mine", "check")
        self.theirs_action = self._action(self.tr("Take &theirs"), "Ctrl+Alt+2", "theirs", "sync")
        self.both_action = self._action(self.tr("Keep &both"), "Ctrl+Alt+3", "both", "copy")
        buttons = QHBoxLayout()
        for action in (self.mine_action, self.theirs_action, self.both_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setMinimumSize(QSize(130, 38))
            button.setAccessibleName(action.text().replace("&", ""))
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.outcome = QLabel()
        self.outcome.setTextFormat(Qt.TextFormat.PlainText)  # quotes an asset's name
        self.outcome.setWordWrap(True)
        self.outcome.setStyleSheet(f"QLabel {{ color: {hex_colour('ok')}; }}")

        lower = QWidget()
        detail = QVBoxLayout(lower)
        detail.setContentsMargins(0, 0, 0, 0)
        detail.addWidget(self.question)
        detail.addLayout(columns, 1)
        detail.addWidget(self.legend)
        detail.addLayout(buttons)
        detail.addWidget(self.outcome)
        return lower

    def _action(self, text: str, shortcut: str, choice: Choice, icon_name: str) -> QAction:
        action = QAction(icon(icon_name), text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(SHORTCUT_CONTEXT)
        action.setToolTip(f"{text.replace('&', '')} ({shortcut})")
        action.setData(choice)
        action.triggered.connect(self._on_choice)
        self.addAction(action)
        return action

    def focus_first(self) -> None:
        """The screen shown (Ctrl+4): the focus in the list of conflicts."""
        self.empty.focus(self.table)

    # -- data --------------------------------------------------------------------------
    def refresh(self) -> None:
        selected = self.selected_conflict()
        found: list[AnyConflict] = [*conflicts.open_conflicts(self.db)]
        found += open_asset_conflicts(self.db)
        visits = (c.ticket_id for c in found if isinstance(c, Conflict))
        self.model.set_conflicts(found, ticket_store.subjects(self.db, visits))
        show_text(
            self.heading,
            self.tr("Conflicts summary"),
            self.tr(
                "{fields} changed both here and on the helpdesk. Nothing is overwritten "
                "until you choose."
            ).format(fields=plural(len(found), self.tr("field"), self.tr("fields"))),
        )
        self.empty.set_empty(not found)
        row = self.model.row_of(selected.id, type(selected)) if selected is not None else None
        if row is None and found:
            row = 0
        if row is not None:
            self.table.selectRow(row)
        self._show_selected()

    def selected_conflict(self) -> AnyConflict | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.conflict_at(index.row())

    @Slot()
    def _show_selected(self) -> None:
        conflict = self.selected_conflict()
        for action in (self.mine_action, self.theirs_action):
            action.setEnabled(conflict is not None)
        if conflict is None:
            self.both_action.setEnabled(False)
            show_text(self.question, self.tr("Conflict explained"), "")
            for pane in self.panes.values():
                pane.clear()
                pane.setAccessibleDescription("")
            self.legend.hide()
            return
        if isinstance(conflict, AssetConflict):
            self._show_asset_conflict(conflict)
            return
        self.both_action.setEnabled(conflict.can_keep_both)
        label = self.tr(field_label(conflict.field))
        why = conflicts.why_words(self.db, conflict)
        if why:  # the helpdesk left this field alone: say what made it a conflict
            question = self.tr(
                "You changed the <b>{field}</b> of visit #{id}; {why}, so yours was made for "
                "the visit as it no longer is. Which value should it keep?"
            ).format(field=html.escape(label.lower()), id=conflict.ticket_id, why=html.escape(why))
        else:
            question = self.tr(
                "<b>{field}</b> of visit #{id} was changed here and on the helpdesk. "
                "Which value should it keep?"
            ).format(field=html.escape(label), id=conflict.ticket_id)
        if conflict.can_keep_both:  # what "both" sends, seen before it is chosen
            both = " · ".join(html.escape(line) for line in conflict.both.splitlines())
            question += self.tr("<br>Keep both gives: {lines}").format(lines=both or "—")
        show_text(self.question, self.tr("Conflict explained"), question)
        self.both_action.setToolTip(
            self.tr("Keep both (Ctrl+Alt+3): theirs, with the lines you added or removed")
            if conflict.can_keep_both
            else self.tr("{field} holds one value: keep mine or take theirs").format(field=label)
        )
        self._fill("base", self._shown(conflict, conflict.base, conflict.base))  # unmarked
        self._fill("mine", self._shown(conflict, conflict.mine, conflict.base))
        self._fill("theirs", self._shown(conflict, conflict.theirs, conflict.base))
        self.legend.setVisible(conflict.field in TEXT_FIELDS and bool(conflict.base))

    def _show_asset_conflict(self, conflict: AssetConflict) -> None:
        label = self.tr(ASSET_LABELS.get(conflict.field, conflict.field))
        self.both_action.setEnabled(False)
        self.both_action.setToolTip(
            self.tr("{field} holds one value: keep mine or take theirs").format(field=label)
        )
        show_text(
            self.question,
            self.tr("Conflict explained"),
            self.tr(
                "The <b>{field}</b> of {name} was changed here and on the helpdesk. "
                "Which value should it keep?"
            ).format(field=html.escape(label), name=html.escape(conflict.asset_name)),
        )
        self.legend.hide()
        for key in ("base", "mine", "theirs"):
            value = getattr(conflict, key) or ""
            self._fill(key, (plain_html(value), value) if value else self._empty())

    def _shown(self, conflict: Conflict, value: str | None, base: str | None) -> tuple[str, str]:
        """The value as the pane shows it (marked against base, for a text) and in words."""
        if value is None or value == "":
            return self._empty()
        if conflict.field == "owner":  # a person: by the name shown everywhere else
            value = display_name(self.db, value)
            return plain_html(value), value
        if conflict.field in DATE_FIELDS:  # in the laptop's time, as the visit shows it
            value, base = local_moment(value), local_moment(base)
        if conflict.field not in TEXT_FIELDS:
            return plain_html(value), value
        return diff_html(base or "", value), value

    def _empty(self) -> tuple[str, str]:
        words = self.tr("(empty)")
        return f"<i style='color:{hex_colour('muted')}'>{words}</i>", ""

    def _fill(self, key: str, shown: tuple[str, str]) -> None:
        """A pane's text, marks and all; its description the value alone, as a screen
        reader gives it before the marked words."""
        page, words = shown
        self.panes[key].setHtml(page)
        self.panes[key].setAccessibleDescription(words)

    # -- deciding ------------------------------------------------------------------------
    @Slot()
    def _on_choice(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.resolve(action.data())

    def resolve(self, choice: Choice) -> None:
        conflict = self.selected_conflict()
        if conflict is None:
            return
        if isinstance(conflict, AssetConflict):
            self._resolve_asset(conflict, choice)
            return
        if choice == "both" and not conflict.can_keep_both:
            return

        queued = attempt(
            self.messages,
            lambda: conflicts.resolve(self.db, conflict.ticket_id, conflict.field, choice),
        )
        if queued is None:
            return
        label = self.tr(field_label(conflict.field))
        if queued:
            outcome = {
                "mine": self.tr(
                    "#{id} {field}: kept yours — your value will be sent on next sync."
                ),
                "theirs": self.tr(
                    "#{id} {field}: took theirs — the helpdesk had yours since; theirs will be "
                    "sent back on next sync."
                ),
                "both": self.tr(
                    "#{id} {field}: kept both — the combined text will be sent on next sync."
                ),
            }[choice]
        else:
            outcome = {
                "mine": self.tr(
                    "#{id} {field}: kept yours — the helpdesk already holds it; "
                    "nothing will be sent."
                ),
                "theirs": self.tr(
                    "#{id} {field}: took theirs — the helpdesk's value is now on this laptop; "
                    "nothing will be sent."
                ),
                "both": self.tr(
                    "#{id} {field}: kept both — the helpdesk already holds it; "
                    "nothing will be sent."
                ),
            }[choice]
        outcome = outcome.format(id=conflict.ticket_id, field=label)
        show_text(self.outcome, self.tr("What happens next"), outcome)
        self.messages.info(outcome)
        self.changed.emit()
        self.refresh()

    def _resolve_asset(self, conflict: AssetConflict, choice: Choice) -> None:
        if choice not in ("mine", "theirs"):
            return
        queued = attempt(
            self.messages,
            lambda: resolve_asset_conflict(
                self.db, conflict.id, "mine" if choice == "mine" else "theirs"
            ),
        )
        if queued is None:
            return
        label = self.tr(ASSET_LABELS.get(conflict.field, conflict.field))
        outcome = (
            self.tr("{name} {field}: kept yours — it will be sent on next sync.")
            if choice == "mine"
            else self.tr(
                "{name} {field}: took theirs — the helpdesk's value is now on this laptop."
            )
        ).format(name=conflict.asset_name, field=label)
        show_text(self.outcome, self.tr("What happens next"), outcome)
        self.messages.info(outcome)
        self.changed.emit()
        self.refresh()
