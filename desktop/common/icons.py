"""Icons from ``resources/icons``, drawn in the palette's text colour.

The SVGs use ``currentColor``; we substitute the colour of the current
palette so the same file looks right in light and dark schemes, and render
at the screen's pixel ratio so icons stay sharp on high-DPI displays.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QGuiApplication, QIcon, QPalette, QPixmap

from sync.resources import resources_root

SIZES = (16, 20, 24, 32, 48)


def icon(name: str) -> QIcon:
    """The named icon; an empty icon (text-only button) if the file is missing."""
    colour = QGuiApplication.palette().color(QPalette.ColorRole.WindowText).name()
    return _icon(name, colour)


@cache
def _icon(name: str, colour: str) -> QIcon:
    path = resources_root() / "icons" / f"{name}.svg"
    if not path.exists():
        return QIcon()
    svg = path.read_text(encoding="utf-8").replace("currentColor", colour)
    result = QIcon()
    ratio = max(1.0, QGuiApplication.primaryScreen().devicePixelRatio())
    for size in SIZES:
        pixmap = QPixmap()
        pixels = round(size * ratio)
        data = QByteArray(_sized(svg, pixels).encode("utf-8"))
        if pixmap.loadFromData(data, "SVG"):
            pixmap.setDevicePixelRatio(ratio)
            result.addPixmap(pixmap)
    return result


def _sized(svg: str, pixels: int) -> str:
    # Renders at the wanted size: the SVGs have a viewBox, we set width/height.
    return svg.replace("<svg ", f'<svg width="{pixels}" height="{pixels}" ', 1)


def clear_cache() -> None:
    """Drop rendered icons (the colour scheme changed)."""
    _icon.cache_clear()
