"""The work actions on a visit: one QAction each, with its shortcut in its tooltip.

Shortcuts avoid the main window's own (Ctrl+R sync, Ctrl+F filter, Ctrl+K
knowledge base).  The actions live on the visit panel with window-wide
shortcuts, so they work wherever the focus is in the main window.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar, QToolButton, QWidget

from desktop.common.icons import icon


@dataclass(frozen=True)
class Spec:
    name: str
    text: str
    icon: str
    shortcut: str
    tip: str


SPECS = (
    Spec("note", "&Note", "note", "Ctrl+N", "Write an internal note, with time spent"),
    Spec("reply", "&Reply", "reply", "Ctrl+Shift+R", "Reply to the customer, with time spent"),
    Spec("status", "S&tatus", "status", "Ctrl+Shift+S", "Change the visit's status"),
    Spec("parts", "&Parts", "parts", "Ctrl+Shift+P", "Record the parts used"),
    Spec("files", "Photos/&files", "photo", "Ctrl+O", "Add photos or files (or drop them here)"),
    Spec(
        "report",
        "Si&gn && report",
        "signature",
        "Ctrl+Shift+G",
        "Customer signature and service report (PDF)",
    ),
    Spec(
        "serial",
        "Record &serial…",
        "serial",
        "Ctrl+Shift+L",
        "Record or correct an asset's serial number",
    ),
    Spec(
        "escalate",
        "&Escalate…",
        "escalate",
        "Ctrl+Shift+E",
        "Hand the visit to the supervisor, with a reason",
    ),
    Spec(
        "new_ticket",
        "New ticket at this site…",
        "new-ticket",
        "Ctrl+Shift+T",
        "Open a new ticket for another problem at this site",
    ),
    Spec(
        "draft_article",
        "Draft KB article…",
        "draft",
        "Ctrl+Shift+K",
        "Write up this fix for the knowledge base",
    ),
)
ON_BAR = ("note", "reply", "status", "parts", "files", "report")


class VisitActions(QObject):
    def __init__(self, owner: QWidget) -> None:
        super().__init__(owner)
        self.actions: dict[str, QAction] = {}
        for spec in SPECS:
            action = QAction(icon(spec.icon), self.tr(spec.text), owner)
            action.setShortcut(QKeySequence(spec.shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            shortcut = QKeySequence(spec.shortcut).toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{self.tr(spec.tip)} ({shortcut})")
            action.setStatusTip(self.tr(spec.tip))
            owner.addAction(action)
            self.actions[spec.name] = action

    def __getitem__(self, name: str) -> QAction:
        return self.actions[name]

    def toolbar(self) -> QToolBar:
        bar = QToolBar(self.tr("Visit actions"))
        bar.setAccessibleName(self.tr("Visit actions"))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.setStyleSheet("QToolButton { min-height: 36px; padding: 2px 6px; }")
        for name in ON_BAR:
            bar.addAction(self.actions[name])
        more = QMenu(self.tr("More"), bar)
        for spec in SPECS:
            if spec.name not in ON_BAR:
                more.addAction(self.actions[spec.name])
        more_button = QToolButton()
        more_button.setText(self.tr("&More"))
        more_button.setIcon(icon("edit"))
        more_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        more_button.setMenu(more)
        more_button.setAccessibleName(self.tr("More actions"))
        more_button.setToolTip(self.tr("Serial number, escalate, new ticket, KB draft (Alt+M)"))
        bar.addWidget(more_button)
        self.more_button = more_button
        return bar

    def set_enabled(self, enabled: bool) -> None:
        for action in self.actions.values():
            action.setEnabled(enabled)
