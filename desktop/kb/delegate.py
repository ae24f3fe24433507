"""Paints one search hit: title (and a draft badge) over its highlighted snippet."""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop.common.theme import hex_colour
from desktop.kb.model import BADGE_ROLE, SNIPPET_HTML_ROLE

Index = QModelIndex | QPersistentModelIndex
PADDING = 8
SNIPPET_LINES = 2


class HitDelegate(QStyledItemDelegate):
    def _document(self, option: QStyleOptionViewItem, index: Index) -> QTextDocument:
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = option.palette
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        text = palette.color(role).name()
        muted = text if selected else palette.color(QPalette.ColorRole.PlaceholderText).name()
        badge = ""
        said = index.data(BADGE_ROLE)  # a draft's: to be published, or refused
        if said:
            badge = (
                f" <span style='color:{text if selected else hex_colour('warn')}'>"
                f"[{html.escape(str(said))}]</span>"
            )
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(0)
        doc.setTextWidth(max(50, option.rect.width() - 2 * PADDING))
        doc.setHtml(
            f"<div style='color:{text}'><b>{html.escape(str(index.data()))}</b>{badge}</div>"
            f"<div style='color:{muted}'>{index.data(SNIPPET_HTML_ROLE)}</div>"
        )
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else QApplication.style()
        text_option = QStyleOptionViewItem(option)
        text_option.text = ""
        style.drawControl(
            QStyle.ControlElement.CE_ItemViewItem, text_option, painter, option.widget
        )
        doc = self._document(option, index)
        rect = option.rect
        painter.save()
        painter.translate(rect.left() + PADDING, rect.top() + PADDING)
        clip = QRectF(0, 0, rect.width() - 2 * PADDING, rect.height() - 2 * PADDING)
        painter.setClipRect(clip)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = clip
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        # A fixed height (title + two snippet lines): uniform rows scroll fast.
        line = option.fontMetrics.lineSpacing()
        return QSize(200, line * (1 + SNIPPET_LINES) + 2 * PADDING + 2)
