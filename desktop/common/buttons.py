"""Buttons big enough for gloves, shared by every screen's dialogs and bars."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QWidget

from desktop.common.icons import icon

TOUCH_HEIGHT = 40  # px: a gloved fingertip (or a hurried mouse) hits it


def button(
    text: str, icon_name: str | None = None, tooltip: str = "", parent: QWidget | None = None
) -> QPushButton:
    """A push button big enough for gloves, with an accessible name and a tooltip."""
    widget = QPushButton(text, parent)
    if icon_name:
        widget.setIcon(icon(icon_name))
    widget.setMinimumHeight(TOUCH_HEIGHT)
    widget.setAccessibleName(text.replace("&", ""))
    if tooltip:
        widget.setToolTip(tooltip)
    return widget
