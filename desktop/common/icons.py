"""Icons from ``resources/icons``, drawn in the palette's text colour.

The SVGs use ``currentColor``; we substitute the colour of the current
palette so the same file looks right in light and dark schemes, and render
at the pixel ratio of the screen they are painted on, so icons stay sharp
on high-DPI displays.  An icon is rendered at a size when it is first drawn
at that size (``_SvgIconEngine``): the window makes some sixty actions and
buttons with icons at start, and most sit in menus that are not open yet, so
an icon's file is read and parsed when it is first drawn, not when it is made.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QIcon,
    QIconEngine,
    QImage,
    QPainter,
    QPalette,
    QPixmap,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication, QStyleOption

from sync.resources import resources_root

SIZES = (16, 20, 24, 32, 48)


def icon(name: str) -> QIcon:
    """The named icon; an empty icon (text-only button) if the file is missing."""
    colour = QGuiApplication.palette().color(QPalette.ColorRole.WindowText).name()
    return _icon(name, colour)


def icon_in(name: str, colour: QColor) -> QIcon:
    """The named icon drawn in ``colour`` (a selected item's: its highlighted text's)."""
    return _icon(name, colour.name())


@cache
def _icon(name: str, colour: str) -> QIcon:
    if name not in _icon_names():
        return QIcon()
    return QIcon(_SvgIconEngine(resources_root() / "icons" / f"{name}.svg", colour))


@cache
def _icon_names() -> frozenset[str]:
    """The icons there are: one listing of the folder, not a look per icon."""
    return frozenset(path.stem for path in (resources_root() / "icons").glob("*.svg"))


class _SvgIconEngine(QIconEngine):
    """Renders its SVG at the size and pixel ratio a widget asks for, once per size."""

    def __init__(self, path: Path, colour: str) -> None:
        super().__init__()
        self._path = path
        self._colour = colour
        self._parsed: QSvgRenderer | None = None  # read when first drawn or asked about
        self._drawn: dict[tuple[int, int, float, QIcon.Mode], QPixmap] = {}

    @property
    def _renderer(self) -> QSvgRenderer:
        if self._parsed is None:
            try:
                svg = self._path.read_text(encoding="utf-8").replace("currentColor", self._colour)
            except (OSError, UnicodeDecodeError):
                svg = ""  # gone or damaged since the folder was listed: a null icon
            self._parsed = QSvgRenderer(QByteArray(svg.encode("utf-8")))
        return self._parsed

    def clone(self) -> QIconEngine:
        return _SvgIconEngine(self._path, self._colour)

    def isNull(self) -> bool:
        # Widgets ask this of every icon they are given (~130 times at start): a listed
        # file is taken to be good until it is parsed, so only icons drawn are parsed.
        return self._parsed is not None and not self._parsed.isValid()

    def availableSizes(
        self, _mode: QIcon.Mode = QIcon.Mode.Normal, _state: QIcon.State = QIcon.State.Off
    ) -> list[QSize]:
        return [QSize(size, size) for size in SIZES] if self._renderer.isValid() else []

    def actualSize(self, size: QSize, _mode: QIcon.Mode, _state: QIcon.State) -> QSize:
        side = min(size.width(), size.height())
        return QSize(side, side)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, _state: QIcon.State, scale: float
    ) -> QPixmap:
        side = min(size.width(), size.height())
        ratio = max(1.0, scale)
        key = (side, side, ratio, mode)
        if key not in self._drawn:
            self._drawn[key] = self._draw(side, ratio, mode)
        return self._drawn[key]

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
        drawn = self.scaledPixmap(rect.size(), mode, state, ratio)
        painter.drawPixmap(rect, drawn)

    def _draw(self, side: int, ratio: float, mode: QIcon.Mode) -> QPixmap:
        pixels = max(1, round(side * ratio))
        image = QImage(pixels, pixels, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        self._renderer.render(painter)
        painter.end()
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(ratio)
        if mode in (QIcon.Mode.Disabled, QIcon.Mode.Selected):  # as Qt's own icons: greyed
            style = QApplication.style()
            if style is not None:
                pixmap = style.generatedIconPixmap(mode, pixmap, QStyleOption())
        return pixmap


def clear_cache() -> None:
    """Drop rendered icons (the colour scheme changed)."""
    _icon.cache_clear()
