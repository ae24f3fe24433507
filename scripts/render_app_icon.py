"""Render the FieldDesk app icon (resources/icons/app/fielddesk.svg) for packaging.

Writes next to the SVG:
  png/fielddesk-<size>.png  for 16..512 px (Linux desktop files, window icons)
  fielddesk.ico             Windows: every size up to 256 px in one file
  fielddesk.icns            macOS: the standard sizes, 16 px to 512 px @2x

Only Qt is used (QSvgRenderer, QImage).  ICO and ICNS are written here rather
than by Qt's image plugins, which store a single size per file; both formats
hold PNG-compressed images (Windows Vista+, macOS 10.7+), so each entry is
just the PNG bytes Qt already renders.  Run again after editing the SVG:

    .venv/bin/python scripts/render_app_icon.py
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

APP_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons" / "app"
SOURCE = APP_DIR / "fielddesk.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # ICO entries stop at 256 px
# ICNS element types holding PNG data, with their pixel size (Apple's table).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),  # 512 pt @2x
    (b"ic11", 32),  # 16 pt @2x
    (b"ic12", 64),  # 32 pt @2x
    (b"ic13", 256),  # 128 pt @2x
    (b"ic14", 512),  # 256 pt @2x
)


def render_png(renderer: QSvgRenderer, size: int) -> bytes:
    """The icon drawn straight at ``size`` px (sharper than scaling one big image)."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError(f"could not encode the {size} px icon as PNG")
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    # ICONDIR, then one ICONDIRENTRY per image (0 in a size byte means 256).
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, png in pngs.items():
        side = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    # 'icns' + total length, then elements of type + length (incl. 8 header bytes) + data.
    body = b"".join(
        kind + struct.pack(">I", len(pngs[size]) + 8) + pngs[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", len(body) + 8) + body


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"render_app_icon: cannot read {SOURCE}", file=sys.stderr)
        return 1
    sizes = sorted({*PNG_SIZES, *ICO_SIZES, *(size for _kind, size in ICNS_TYPES)})
    pngs = {size: render_png(renderer, size) for size in sizes}
    png_dir = APP_DIR / "png"
    png_dir.mkdir(exist_ok=True)
    for size in PNG_SIZES:
        (png_dir / f"fielddesk-{size}.png").write_bytes(pngs[size])
    (APP_DIR / "fielddesk.ico").write_bytes(ico_bytes({s: pngs[s] for s in ICO_SIZES}))
    (APP_DIR / "fielddesk.icns").write_bytes(icns_bytes(pngs))
    print(f"wrote {len(PNG_SIZES)} PNGs, fielddesk.ico and fielddesk.icns in {APP_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
