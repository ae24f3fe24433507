"""The offscreen platform on a screen the size of a technician's laptop (1920×1080).

Qt's offscreen platform has an 800×800 screen by default: smaller than the main
window's first size, so the window would open maximised to it (``window_place``),
unlike on the laptops it is built for.  Tests and benchmarks run it on a 1920×1080
screen instead (the platform's ``configfile`` option); a test of a smaller screen
patches the room it reports.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

SCREEN = {"name": "laptop", "x": 0, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96}


def offscreen_platform() -> str:
    """The ``QT_QPA_PLATFORM`` value: offscreen, on the laptop-sized screen."""
    config = Path(tempfile.gettempdir()) / "fielddesk-offscreen-1920x1080.json"
    text = json.dumps({"screens": [SCREEN]})
    if not config.is_file() or config.read_text(encoding="utf-8") != text:
        # Whole or not at all: other test processes may be starting Qt with it.
        partial = config.with_name(f"{config.name}.{os.getpid()}")
        partial.write_text(text, encoding="utf-8")
        partial.replace(config)
    return f"offscreen:configfile={config}"
