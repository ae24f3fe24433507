"""The work actions on a visit: one QAction each, with its shortcut in its tooltip.

Shortcuts avoid the main window's own (Ctrl+R sync, Ctrl+F filter, Ctrl+K
knowledge base).  The actions live on the visit panel with window-wide
shortcuts, so they work wherever the focus is in the main window.  The same
actions fill the action bar (``ActionBar``) and the window's Visit menu
(``fill_menu``), so each is findable by mouse as well as by key.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from desktop.common.icons import icon
from desktop.visit.action_bar import ActionBar


class Spec(NamedTuple):
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
        "Record or correct the serial number of the visit's equipment",
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
    Spec(
        "netcheck",
        "Net&work check…",
        "network",
        "Ctrl+Shift+W",
        "Check the site's network: DNS, ports, web pages, ping; attach the results",
    ),
    Spec("checklist", "Open chec&klist", "check", "Ctrl+Shift+C", "Show the visit's checklist"),
    Spec(
        "travel_timer",
        "Start/pause tra&vel timer",
        "time",
        "F7",
        "Start or pause the travel timer (pauses any other timer)",
    ),
    Spec(
        "site_timer",
        "Start/pause &on-site timer",
        "time",
        "F8",
        "Start or pause the on-site timer (pauses any other timer)",
    ),
)
ON_BAR = ("note", "reply", "status", "parts", "files", "report")
# The Visit menu's sections: writing, recording, handing on, moving around the visit.
MENU_GROUPS = (
    ("note", "reply", "files"),
    ("status", "parts", "serial", "report"),
    ("escalate", "new_ticket", "draft_article"),
    ("checklist", "netcheck", "travel_timer", "site_timer"),
)


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

    def toolbar(self) -> ActionBar:
        """The bar of the most used actions; the rest (and what does not fit) under More."""
        self.bar = ActionBar([self.actions[name] for name in ON_BAR], self.overflow_actions())
        self.more_button = self.bar.more_button
        return self.bar

    def overflow_actions(self) -> list[QAction]:
        return [self.actions[spec.name] for spec in SPECS if spec.name not in ON_BAR]

    def fill_menu(self, menu: QMenu) -> None:
        """Every visit action, in its section, with its shortcut shown by the menu."""
        for number, group in enumerate(MENU_GROUPS):
            if number:
                menu.addSeparator()
            for name in group:
                menu.addAction(self.actions[name])

    def set_enabled(self, enabled: bool) -> None:
        for action in self.actions.values():
            action.setEnabled(enabled)
