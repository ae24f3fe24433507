"""Buttons big enough for gloves, shared by every screen's dialogs and bars."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QPushButton, QToolButton, QWidget

from desktop.common.icons import icon

TOUCH_HEIGHT = 40  # px: a gloved fingertip (or a hurried mouse) hits it
# The choice that is on, in the selection's colours: Fusion marks a checked button by a
# slightly darker face in the light scheme and by nothing visible in the dark one.
CHOSEN_PROPERTY = "fielddeskChosenLook"
CHOSEN_LOOK = (
    "{kind}:checked {{ background: palette(highlight); color: palette(highlighted-text);"
    " border: 1px solid palette(highlight); border-radius: 3px; padding: 0 8px; }}"
)


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


def show_chosen(widget: QAbstractButton) -> None:
    """Make a checkable button read as chosen at a glance when it is on (either scheme)."""
    kind = "QToolButton" if isinstance(widget, QToolButton) else "QPushButton"
    widget.setProperty(CHOSEN_PROPERTY, True)
    widget.setStyleSheet("")  # a sheet set again is read again: palette(...) afresh
    widget.setStyleSheet(CHOSEN_LOOK.format(kind=kind))


def restyle_chosen(window: QWidget) -> None:
    """After the colour scheme changed: a style sheet's palette(highlight) is the colour
    it had when the sheet was set, so each chosen look is set again."""
    for widget in window.findChildren(QAbstractButton):
        if widget.property(CHOSEN_PROPERTY):
            show_chosen(widget)
