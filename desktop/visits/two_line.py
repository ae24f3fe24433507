"""A narrow visit list's row: the subject on the first line, then site · time window · SLA.

At 1024 px the list is too narrow for its columns: the subject would shrink to a
few letters.  The list then shows one cell per visit, painted here on two lines,
from the same model data as the columns (the overdue colour and bold included).
Only the site name is cut to make room: the time window, the SLA state, the owner
and the unsent-changes badge always show whole.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QHelpEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
)

from desktop.common.plain_tooltip import plain_tooltip
from desktop.common.theme import colour
from desktop.visits.model import DUE, IS_HEADING_ROLE, OWNER, SITE, SUBJECT, SYNC, WHEN

Index = QModelIndex | QPersistentModelIndex
PADDING = 6
SEPARATOR = " · "


class Part(NamedTuple):
    """One piece of the second line, with the look the model gives its column."""

    text: str
    colour: QColor | None  # None: the row's muted colour
    bold: bool


class Lines(NamedTuple):
    subject: str  # cut with "…" to the row's width
    details: list[Part]  # site (cut to the room left) · window · SLA · owner · sync


def _part(index: Index, column: int, prefix: str = "") -> Part | None:
    cell = index.sibling(index.row(), column)
    text = cell.data() or ""
    if not text:
        return None
    foreground = cell.data(Qt.ItemDataRole.ForegroundRole)
    font = cell.data(Qt.ItemDataRole.FontRole)
    return Part(
        prefix + text,
        foreground if isinstance(foreground, QColor) else None,
        isinstance(font, QFont) and font.bold(),
    )


class TwoLineRows(QStyledItemDelegate):
    """Paints a visit on two lines while ``enabled``; day headings and the one-line
    table are left to Qt's own painting."""

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self.enabled = False
        self.with_owner = False  # a supervisor's list: whose visit it is, on the second line

    def lines(self, index: Index, font: QFont, width: int) -> Lines:
        """What a row says at ``width`` pixels: also what the tests read."""
        plain, bold = QFontMetrics(font), QFontMetrics(_bold(font))
        room = width - 2 * PADDING
        subject = plain.elidedText(
            index.sibling(index.row(), SUBJECT).data() or "", Qt.TextElideMode.ElideRight, room
        )
        fixed = [
            _part(index, WHEN),
            _part(index, DUE, self.tr("SLA ")),
            _part(index, OWNER) if self.with_owner else None,
            _part(index, SYNC),
        ]
        parts = [p for p in fixed if p is not None]
        taken = sum((bold if p.bold else plain).horizontalAdvance(p.text) for p in parts)
        taken += plain.horizontalAdvance(SEPARATOR) * len(parts)
        site = _part(index, SITE)
        if site is not None and room - taken > plain.horizontalAdvance("Ab…"):
            cut = plain.elidedText(site.text, Qt.TextElideMode.ElideRight, room - taken)
            parts.insert(0, Part(cut, site.colour, site.bold))
        return Lines(subject, parts)

    @staticmethod
    def row_height(option: QStyleOptionViewItem) -> int:
        """Every row's height on two lines (headings too): the list's rows are all
        as high, which keeps 10 000 visits fast."""
        return 2 * option.fontMetrics.lineSpacing() + 3 * PADDING

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        if not self.enabled:
            return hint
        return QSize(hint.width(), self.row_height(option))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        if not self.enabled or index.data(IS_HEADING_ROLE):
            super().paint(painter, option, index)
            return
        # The view's own font and colours: the When cell's (bold, red when the window
        # was missed) belong to the time on the second line, not to the subject.
        font: QFont = option.font
        palette: QPalette = option.palette
        background = QStyleOptionViewItem(option)
        self.initStyleOption(background, index)
        background.text = ""
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, background, painter, option.widget)
        rect: QRect = option.rect
        lines = self.lines(index, font, rect.width())
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = text if selected else colour("muted")
        line = QFontMetrics(font).lineSpacing()
        painter.save()
        painter.setClipRect(rect)
        x, top = rect.left() + PADDING, rect.top() + PADDING
        painter.setFont(font)
        own = index.sibling(index.row(), SUBJECT).data(Qt.ItemDataRole.ForegroundRole)
        painter.setPen(own if isinstance(own, QColor) and not selected else text)  # given away
        painter.drawText(QRect(x, top, rect.width() - 2 * PADDING, line), 0, lines.subject)
        top += line + PADDING
        for n, part in enumerate(lines.details):
            if n:
                painter.setFont(font)
                painter.setPen(muted)
                x += _draw(painter, x, top, line, SEPARATOR)
            painter.setFont(_bold(font) if part.bold else font)
            painter.setPen(text if selected else part.colour or muted)
            x += _draw(painter, x, top, line, part.text)
        painter.restore()

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: Index,
    ) -> bool:
        """The whole row in words when the pointer rests on it: the subject and site
        may be cut."""
        if self.enabled and event.type() == QEvent.Type.ToolTip and not index.data(IS_HEADING_ROLE):
            QToolTip.showText(
                event.globalPos(),
                plain_tooltip(index.data(Qt.ItemDataRole.AccessibleTextRole)),
                view,
            )
            return True
        return super().helpEvent(event, view, option, index)


def _bold(font: QFont) -> QFont:
    heavier = QFont(font)
    heavier.setBold(True)
    return heavier


def _draw(painter: QPainter, x: int, top: int, height: int, text: str) -> int:
    width = painter.fontMetrics().horizontalAdvance(text)
    painter.drawText(QRect(x, top, width + 1, height), 0, text)
    return width
