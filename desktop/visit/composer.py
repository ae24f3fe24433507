"""Writing an internal note or a reply to the customer, with time spent and files."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from desktop.common.action_dialog import ActionDialog, Save
from desktop.common.buttons import TOUCH_HEIGHT, button
from desktop.common.messages import MessageBridge
from desktop.common.screen_room import resize_within_screen, scroll_rows
from desktop.common.text_box import text_box
from desktop.common.theme import hex_colour
from desktop.visit.attach import AttachmentTray
from sync.change_limits import MAX_NOTE_MINUTES
from sync.shown_text import shown_text

QUICK_MINUTES = (15, 30, 60)


def reply_goes_to(
    to: Sequence[str], cc: Sequence[str] | None = (), *, watched: bool = False
) -> str:
    """Whom RT mails a reply to, as its stock scrips do: the requestors (To), the ticket's
    Ccs (None: not known yet) and, when it has AdminCcs, the helpdesk's watchers (a copy
    of their own).  'Goes to: julie@elmgrove.example · Cc: owner@elmgrove.example'.
    Addresses are strangers' words: the caller shows the line as plain text."""
    who = ", ".join(map(shown_text, to)) or QCoreApplication.translate(
        "NoteDialog", "the requestor"
    )
    line = QCoreApplication.translate("NoteDialog", "Goes to: {who}").format(who=who)
    if cc is None:
        line += QCoreApplication.translate("NoteDialog", " · Cc: not known until the next sync")
    elif cc:
        copied = ", ".join(map(shown_text, cc))
        line += QCoreApplication.translate("NoteDialog", " · Cc: {who}").format(who=copied)
    if watched:
        line += QCoreApplication.translate("NoteDialog", " · and the helpdesk's watchers")
    return line


@dataclass(frozen=True)
class NoteValues:
    text: str
    minutes: int
    public: bool
    files: list[Path]


class NoteDialog(ActionDialog):
    def __init__(
        self,
        *,
        public: bool,
        recipients: Sequence[str],
        messages: MessageBridge,
        max_bytes: int,
        save: Save,
        parent: QWidget | None = None,
        cc: Sequence[str] | None = (),
        watched: bool = False,
    ) -> None:
        """A reply goes to the ``recipients`` (the requestors), ``cc`` (the ticket's Ccs;
        None: not known yet) and, if ``watched`` (it has AdminCcs), the helpdesk's watchers."""
        super().__init__(self.tr("Note or reply"), self.tr("Save"), save, parent)
        # On a low screen (a laptop at 150 %) the fields scroll and Save stays on it.
        self.scroll_area, self.body = scroll_rows(self.body)
        self.internal = QRadioButton(self.tr("&Internal note (only the team sees it)"))
        self.reply = QRadioButton(self.tr("Re&ply to the customer"))
        kinds = QButtonGroup(self)
        for choice in (self.internal, self.reply):
            choice.setMinimumHeight(TOUCH_HEIGHT)
            choice.setAccessibleName(choice.text().replace("&", ""))
            kinds.addButton(choice)
        self.to = QLabel()
        self.to.setTextFormat(Qt.TextFormat.PlainText)  # the requestors' and Ccs' addresses
        self.to.setWordWrap(True)
        self.to.setStyleSheet(f"color: {hex_colour('muted')};")
        self.goes_to = reply_goes_to(recipients, cc, watched=watched)
        (self.reply if public else self.internal).setChecked(True)

        self.text = text_box()
        self.text.setAccessibleName(self.tr("Text"))
        self.text.setPlaceholderText(self.tr("What you found and what you did…"))
        self.text.textChanged.connect(self._update)

        time_row = self._time_row()

        self.tray = AttachmentTray(messages, max_bytes)
        self.tray.changed.connect(self._update)
        self.add_files = button(
            self.tr("Add photos or &files…"),
            "photo",
            self.tr("Pick files (Alt+F), or drop them below"),
        )
        self.add_files.clicked.connect(self.tray.pick)

        kind_row = QHBoxLayout()
        kind_row.addWidget(self.internal)
        kind_row.addWidget(self.reply)
        kind_row.addStretch()
        self.body.addLayout(kind_row)
        self.body.addWidget(self.to)
        self.body.addWidget(self.text, 3)
        self.body.addLayout(time_row)
        files_row = QHBoxLayout()
        files_row.addWidget(self.add_files)
        files_row.addStretch()
        self.body.addLayout(files_row)
        self.body.addWidget(self.tray, 1)
        self.text.setFocus()
        resize_within_screen(self, 640, 560)
        self.reply.toggled.connect(self._update)
        self._update()

    def _time_row(self) -> QHBoxLayout:
        self.minutes = QSpinBox()
        self.minutes.setRange(0, MAX_NOTE_MINUTES)
        self.minutes.setSuffix(self.tr(" min"))
        self.minutes.setSingleStep(5)
        self.minutes.setMinimumHeight(TOUCH_HEIGHT)
        self.minutes.setAccessibleName(self.tr("Time spent in minutes"))
        time_row = QHBoxLayout()
        label = QLabel(self.tr("&Time spent:"))
        label.setBuddy(self.minutes)
        time_row.addWidget(label)
        time_row.addWidget(self.minutes)
        self.quick_buttons = []
        for index, extra in enumerate(QUICK_MINUTES, start=1):
            quick = button(
                f"+{extra}", "time", self.tr("Add {m} minutes (Alt+{k})").format(m=extra, k=index)
            )
            quick.setShortcut(f"Alt+{index}")
            quick.setProperty("minutes", extra)
            quick.clicked.connect(self._add_minutes)
            time_row.addWidget(quick)
            self.quick_buttons.append(quick)
        zero = button(self.tr("No time"), None, self.tr("Back to 0 min (Alt+0)"))
        zero.setShortcut("Alt+0")
        zero.clicked.connect(self._no_time)
        time_row.addWidget(zero)
        time_row.addStretch()
        return time_row

    @Slot()
    def _add_minutes(self) -> None:
        self.minutes.setValue(self.minutes.value() + int(self.sender().property("minutes")))

    @Slot()
    def _no_time(self) -> None:
        self.minutes.setValue(0)

    @Slot()
    def _update(self) -> None:
        public = self.reply.isChecked()
        self.set_title(self.tr("Reply to the customer") if public else self.tr("Internal note"))
        self.to.setText(
            self.goes_to if public else self.tr("Seen by your team only, never by the customer.")
        )
        self.save_button.setText(self.tr("Save reply") if public else self.tr("Save note"))
        has_content = bool(self.text.toPlainText().strip()) or self.tray.count() > 0
        self.save_button.setEnabled(has_content)

    def values(self) -> NoteValues:
        return NoteValues(
            text=self.text.toPlainText().strip(),
            minutes=self.minutes.value(),
            public=self.reply.isChecked(),
            files=self.tray.paths,
        )
