"""The visit's action bar: the main actions as buttons, everything else under "More".

A plain row of tool buttons rather than a QToolBar: a QToolBar that is too
narrow hides buttons behind its own arrow, away from "More".  Here the buttons
that do not fit are hidden and "More" lists them first, then the actions that
never sit on the bar, so every action stays one click away at any width.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QAction, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLayout, QMenu, QSizePolicy, QToolButton, QWidget

from desktop.common.focus_ring import TOOL_BUTTON_RING
from desktop.common.icons import icon

SPACING = 4


def _tool_button(parent: QWidget) -> QToolButton:
    button = QToolButton(parent)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    button.setAutoRaise(True)
    return button


class ActionBar(QWidget):
    def __init__(
        self,
        on_bar: Sequence[QAction],
        overflow: Sequence[QAction],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Visit actions"))
        # One sheet for all the buttons (big enough for gloves), not one sheet each; More's
        # arrow beside its word, not alone in the corner below it.
        self.setStyleSheet(
            "QToolButton { min-height: 36px; padding: 2px 6px; }"
            " QToolButton[popupMode='2'] { padding-right: 18px; }"
            " QToolButton::menu-indicator { subcontrol-origin: padding;"
            " subcontrol-position: right center; right: 4px; }"
            f" {TOOL_BUTTON_RING}"  # the button with the focus stands out
        )
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.overflow = list(overflow)
        self.buttons: dict[QAction, QToolButton] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(SPACING)
        # The buttons that do not fit go to "More" (_fit): the bar must not hold the
        # window wider than a 1024-px screen just to show them all.
        row.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        for action in on_bar:
            button = _tool_button(self)
            button.setDefaultAction(action)
            self.buttons[action] = button
            row.addWidget(button)
        row.addStretch(1)
        self.more = QMenu(self.tr("More"), self)
        self.more.aboutToShow.connect(self._fill_more)
        self.more_button = _tool_button(self)
        self.more_button.setText(self.tr("&More"))
        self.more_button.setIcon(icon("edit"))
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more_button.setMenu(self.more)
        self.more_button.setAccessibleName(self.tr("More actions"))
        self.more_button.setToolTip(self.tr("Every visit action that is not on the bar (Alt+M)"))
        row.addWidget(self.more_button)
        self.setMinimumWidth(self.more_button.sizeHint().width())

    def hidden_actions(self) -> list[QAction]:
        """The bar's actions that do not fit at this width."""
        return [action for action, button in self.buttons.items() if button.isHidden()]

    def more_actions(self) -> list[QAction]:
        """What "More" offers: the bar's hidden actions, then the ones never on the bar."""
        return self.hidden_actions() + self.overflow

    @Slot()
    def _fill_more(self) -> None:
        """Just before "More" opens: what it offers at the bar's width then."""
        self.more.clear()
        hidden = self.hidden_actions()
        for action in hidden:
            self.more.addAction(action)
        if hidden:
            self.more.addSeparator()
        for action in self.overflow:
            self.more.addAction(action)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit(event.size().width())

    def _fit(self, width: int) -> None:
        """Show the bar's buttons, in order, while they fit beside "More"."""
        room = width - self.more_button.sizeHint().width() - SPACING
        still_fits = True
        for button in self.buttons.values():
            needed = button.sizeHint().width() + SPACING
            still_fits = still_fits and needed <= room
            if still_fits:
                room -= needed
            button.setHidden(not still_fits)
