"""The window's own actions: made with a shortcut and an icon, redrawn, listed on F1.

An action made here is added to the window, so its shortcut works wherever the
focus is; its icon's name is kept on it, so a change of colour scheme can draw
the icon again in the new palette.  F1 lists every key the window answers, read
from the widgets themselves: actions, then the keys of buttons (Alt+1 for Today,
Alt+M for More), of tabs (Alt+K: Checklist) and of labels leading to a field.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QLabel, QMenu, QMenuBar, QTabBar, QTabWidget, QWidget

from desktop.common.icons import icon

ONE_LINE = "white-space:nowrap"  # F1's keys and names are not wrapped
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


class Shortcut(NamedTuple):
    section: str  # the menu the action is in, else the screen it belongs to
    keys: str  # "Ctrl+N" (several keys joined with " or ")
    text: str  # "Note"


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…")


def _keys(action: QAction) -> str:
    native = QKeySequence.SequenceFormat.NativeText
    return " or ".join(keys.toString(native) for keys in action.shortcuts())


def _menus_in_bar(window: QWidget) -> list[QMenu]:
    bar = window.findChild(QMenuBar)
    if bar is None:
        return []
    by_action = {menu.menuAction(): menu for menu in window.findChildren(QMenu)}
    return [by_action[a] for a in bar.actions() if a in by_action]


def _screen_of(
    action: QAction | QWidget, screens: Sequence[tuple[str, QWidget]]
) -> tuple[int, str]:
    owner = action if isinstance(action, QWidget) else action.parent()
    for number, (title, widget) in enumerate(screens):
        if isinstance(owner, QWidget) and (owner is widget or widget.isAncestorOf(owner)):
            return number, title
    return len(screens), "Window"


def shortcuts(window: QWidget, screens: Sequence[tuple[str, QWidget]] = ()) -> list[Shortcut]:
    """Every action in the window that has a shortcut, read from the actions themselves so
    the list cannot drift from the keys that work: the menus' in menu order, then each
    screen's (``screens``: title and widget, in rail order) by name."""
    found: list[Shortcut] = []
    listed: set[QAction] = set()
    for menu in _menus_in_bar(window):
        for action in menu.actions():
            if action.shortcuts() and action not in listed:
                listed.add(action)
                found.append(Shortcut(_plain(menu.title()), _keys(action), _plain(action.text())))
    elsewhere = sorted(
        (_screen_of(action, screens), _plain(action.text()), _keys(action))
        for action in window.findChildren(QAction)
        if action.shortcuts() and action not in listed
    )
    found += [Shortcut(title, keys, text) for (_, title), text, keys in elsewhere]
    found += _widget_keys(window, screens)
    return list(dict.fromkeys(found))  # an action reachable twice is listed once


def _without_count(text: str) -> str:
    """A tab's title without its count: "Checklist (3/11)" → "Checklist"."""
    head, _, tail = text.rpartition(" (")
    return head if head and tail.endswith(")") and tail[:-1].replace("/", "").isdigit() else text


def _tab_of(widget: QWidget) -> str:
    """The tab a widget sits in ("Equipment: "), or "" outside tabs."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QTabWidget):
            for index in range(parent.count()):
                page = parent.widget(index)
                if page is not None and (page is widget or page.isAncestorOf(widget)):
                    return _without_count(_plain(parent.tabText(index))) + ": "
        parent = parent.parentWidget()
    return ""


def _widget_keys(window: QWidget, screens: Sequence[tuple[str, QWidget]]) -> list[Shortcut]:
    """The keys of the window's buttons (set, or the underlined letter), tabs and labels
    leading to a field, each under its screen (and its tab), by screen and name."""
    native = QKeySequence.SequenceFormat.NativeText
    keyed: list[tuple[tuple[int, str], str, str]] = []
    for button in window.findChildren(QAbstractButton):
        keys = button.shortcut()
        if button.window() is window and not keys.isEmpty():
            what = _plain(button.text()) or button.accessibleName()
            keyed.append(
                (_screen_of(button, screens), _tab_of(button) + what, keys.toString(native))
            )
    for label in window.findChildren(QLabel):
        buddy, keys = label.buddy(), QKeySequence.mnemonic(label.text())
        if buddy is not None and label.window() is window and not keys.isEmpty():
            what = _plain(label.text()).rstrip(":")
            keyed.append((_screen_of(label, screens), _tab_of(label) + what, keys.toString(native)))
    for bar in window.findChildren(QTabBar):
        if bar.window() is not window:
            continue
        for index in range(bar.count()):
            keys = QKeySequence.mnemonic(bar.tabText(index))
            if not keys.isEmpty():
                what = _without_count(_plain(bar.tabText(index))) + " tab"
                keyed.append((_screen_of(bar, screens), what, keys.toString(native)))
    return [Shortcut(title, keys, text) for (_, title), text, keys in sorted(keyed)]


def shortcut_html(window: QWidget, screens: Sequence[tuple[str, QWidget]] = ()) -> str:
    """The F1 page: a table of keys per section, in two columns so it fits a small screen."""
    import html  # noqa: PLC0415 - its entity table loads with it: for this page only

    sections: dict[str, list[str]] = {}
    for shortcut in shortcuts(window, screens):
        sections.setdefault(shortcut.section, []).append(
            f"<tr><td style='{ONE_LINE}; padding-right:16px'><b>{html.escape(shortcut.keys)}</b>"
            f"</td><td style='{ONE_LINE}'>{html.escape(shortcut.text)}</td></tr>"
        )
    blocks = [
        (
            len(rows) + 2,
            f"<tr><th colspan=2 align=left>{html.escape(title)}</th></tr>" + "".join(rows),
        )
        for title, rows in sections.items()
    ]
    half = sum(size for size, _ in blocks) / 2
    left: list[str] = []
    right: list[str] = []
    filled = 0
    for size, block in blocks:  # whole sections, the first half on the left
        (left if filled + size / 2 <= half else right).append(block)
        filled += size
    spacer = "<tr><td colspan=2>&nbsp;</td></tr>"
    column = "<td valign=top style='padding-right:32px'><table cellspacing=2>{}</table></td>"
    return (
        "<table><tr>"
        + column.format(spacer.join(left))
        + column.format(spacer.join(right))
        + "</tr></table>"
    )
