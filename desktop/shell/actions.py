"""The window's own actions: made with a shortcut and an icon, redrawn, listed on F1.

An action made here is added to the window, so its shortcut works wherever the
focus is; its icon's name is kept on it, so a change of colour scheme can draw
the icon again in the new palette.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from desktop.common.icons import icon

ICON_NAME = "fielddesk_icon"  # the icon an action was given, to redraw it in a new scheme


def set_icon(action: QAction, icon_name: str) -> None:
    action.setIcon(icon(icon_name))
    action.setProperty(ICON_NAME, icon_name)


def window_action(
    window: QWidget,
    text: str,
    slot: Callable[[], object],
    shortcut: str | None,
    icon_name: str | None,
) -> QAction:
    action = QAction(text, window)
    if icon_name:
        set_icon(action, icon_name)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(slot)
    window.addAction(action)  # shortcuts work whatever has focus
    return action


def retint_actions(window: QWidget) -> None:
    """Draw the icons of the window's actions again (the colour scheme changed)."""
    for action in window.findChildren(QAction):
        name = action.property(ICON_NAME)
        if name:
            action.setIcon(icon(str(name)))


def shortcut_lines(window: QWidget) -> list[str]:
    """'Ctrl+Q<tab>Quit', one line for each of the window's actions with a shortcut, sorted."""
    lines = [
        f"{a.shortcut().toString(QKeySequence.SequenceFormat.NativeText)}\t"
        f"{a.text().replace('&', '').rstrip('…')}"
        for a in window.actions()
        if not a.shortcut().isEmpty()
    ]
    return sorted(lines)
