"""A focus ring that can be seen from arm's length: 2 px, in the scheme's highlight colour.

Fusion's own focus frame is a faint line, and on a selected row (the visit list's, the
rail's) it is drawn in nearly the colour of the row: a keyboard user could not tell where
the focus was.  Here the ring is the text colour (near black, or near white in the dark
scheme): it reads on the window's background and on the highlight alike (3.5:1 or more in
either scheme), so a selected row, or the rail's item — its icon on the background, its
name highlighted — is ringed all round.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

RING_WIDTH = 2
# For a widget's (or its parent's) style sheet: tool buttons show the same ring.
TOOL_BUTTON_RING = (
    f"QToolButton:focus {{ border: {RING_WIDTH}px solid palette(text); border-radius: 3px; }}"
)


def ring_colour(palette: QPalette) -> QColor:
    return palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Text)


def paint_focus_ring(painter: QPainter, rect: QRect, colour: QColor) -> None:
    """The ring just inside ``rect``."""
    painter.save()
    pen = QPen(colour, RING_WIDTH)
    pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    inset = RING_WIDTH // 2
    painter.drawRect(rect.adjusted(inset, inset, -inset - 1, -inset - 1))
    painter.restore()


class FocusRingDelegate(QStyledItemDelegate):
    """Items as the style draws them, the current one ringed while the view has the focus."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        plain = QStyleOptionViewItem(option)
        plain.state &= ~QStyle.StateFlag.State_HasFocus
        super().paint(painter, plain, index)
        if focused:
            paint_focus_ring(painter, option.rect, ring_colour(option.palette))
