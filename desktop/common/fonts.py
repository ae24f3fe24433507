"""Fonts for emphasis, set on the widget rather than by a style sheet.

A widget with a style sheet of its own is drawn through Qt's style-sheet style
and polished again with every change; a font does the same for bold or big
text at the cost of one property.
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget


def emphasised_font(widget: QWidget, point_size: float | None = None) -> QFont:
    """The widget's font, semi-bold (CSS weight 600), and at point_size if given."""
    font = QFont(widget.font())
    font.setWeight(QFont.Weight.DemiBold)
    if point_size is not None:
        font.setPointSizeF(point_size)
    return font
