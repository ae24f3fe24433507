"""A signature pad: the customer signs with a finger, a pen or the mouse.

Touch and pen input reach us as mouse events (Qt synthesises them when a
widget does not take touch or tablet events itself), so one code path draws
for all three.  Strokes are kept as point lists: undo drops the last one.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

INK = QColor("#0b1f4d")
PEN_WIDTH = 2.6


class SignaturePad(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.strokes: list[list[QPointF]] = []
        self.setMinimumSize(QSize(420, 160))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAccessibleName(self.tr("Signature pad"))
        self.setToolTip(self.tr("Sign here with a finger, a pen or the mouse"))
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)

    @property
    def empty(self) -> bool:
        return not any(len(stroke) > 1 for stroke in self.strokes)

    def clear(self) -> None:
        self.strokes.clear()
        self.update()
        self.changed.emit()

    def undo(self) -> None:
        if self.strokes:
            self.strokes.pop()
            self.update()
            self.changed.emit()

    # -- drawing -------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.strokes.append([event.position()])
            self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton and self.strokes:
            self.strokes[-1].append(event.position())
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.strokes:
            self.strokes[-1].append(event.position())
            self.update()
            self.changed.emit()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        painter.setPen(QPen(QColor("#c4c7c5"), 1, Qt.PenStyle.DashLine))
        baseline = self.height() - 36
        painter.drawLine(24, baseline, self.width() - 24, baseline)
        painter.drawText(28, baseline + 20, self.tr("✕ Sign above the line"))
        self._draw_strokes(painter)
        painter.end()

    def _draw_strokes(self, painter: QPainter, scale: float = 1.0) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(INK, PEN_WIDTH * scale, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        for stroke in self.strokes:
            path = QPainterPath(stroke[0] * scale)
            for point in stroke[1:]:
                path.lineTo(point * scale)
            if len(stroke) == 1:
                painter.drawPoint(stroke[0] * scale)
            else:
                painter.drawPath(path)

    # -- output --------------------------------------------------------------
    def image(self, scale: float = 2.0) -> QImage:
        """The signature alone (no guide line), on white, at scale times the pad's size."""
        size = self.size() * scale
        image = QImage(size, QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        self._draw_strokes(painter, scale)
        painter.end()
        return image

    def png(self) -> bytes:
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        # PySide6 wants the format as str (its stubs say bytes, which it refuses).
        self.image().save(buffer, "PNG")  # type: ignore[call-overload]
        buffer.close()
        return bytes(data.data())
