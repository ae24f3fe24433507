"""The text colours that mean something, for light and dark schemes: the one place to pick them.

Qt follows the OS colour scheme for the palette; these accent colours are
drawn on its Window and Base backgrounds.  Each one is picked to reach WCAG AA
(4.5:1) against every background in its scheme's ``BACKGROUNDS`` (the lightest
and darkest Window/Base colours of common palettes), and a test holds them to
it.  Status badges are white text on a ``BADGES`` colour in either scheme.

``FIELDDESK_COLOUR_SCHEME=dark`` (or ``light``) forces a scheme where the
platform has none of its own (offscreen rendering, bare X desktops).
"""

from __future__ import annotations

import os

from PySide6.QtGui import QColor, QGuiApplication, QPalette

LIGHT = {
    "muted": "#5f6368",  # times, authors, system lines, hints
    "overdue": "#c62828",
    "ok": "#256b29",
    "warn": "#8a5300",  # unsent, stalled, needs attention
    "heading": "#1565c0",
    "running": "#137333",  # a timer that runs
    "request": "#137333",  # the customer's request
    "reply": "#1967d2",  # a reply to the customer
    "note": "#7b5800",  # an internal note
}
DARK = {
    "muted": "#b0b5ba",
    "overdue": "#f28b82",
    "ok": "#81c784",
    "warn": "#ffb74d",
    "heading": "#90caf9",
    "running": "#81c995",
    "request": "#81c995",
    "reply": "#8ab4f8",
    "note": "#fdd663",
}
SCHEMES = {"light": LIGHT, "dark": DARK}
# The backgrounds the colours must read on: white to the grey of a light window; the
# near-black of a dark view to the lightest dark window grey (Fusion, Windows, KDE, GNOME).
BACKGROUNDS = {"light": ("#ffffff", "#efefef"), "dark": ("#1e1e1e", "#353535")}
BADGES = {
    "new": "#1967d2",
    "open": "#137333",
    "stalled": "#8a5300",
    "resolved": "#5f6368",
    "rejected": "#5f6368",
}
BADGE_TEXT = "#ffffff"
MARK, MARK_TEXT = "#ffe082", "#202124"  # a search hit marked in a KB snippet, either scheme
DARK_PALETTE = {  # a forced dark scheme: Fusion's roles, in greys the colours above read on
    QPalette.ColorRole.Window: "#353535",
    QPalette.ColorRole.WindowText: "#ececec",
    QPalette.ColorRole.Base: "#1e1e1e",
    QPalette.ColorRole.AlternateBase: "#2a2a2a",
    QPalette.ColorRole.Text: "#ececec",
    QPalette.ColorRole.Button: "#3c3c3c",
    QPalette.ColorRole.ButtonText: "#ececec",
    QPalette.ColorRole.ToolTipBase: "#2a2a2a",
    QPalette.ColorRole.ToolTipText: "#ececec",
    QPalette.ColorRole.PlaceholderText: "#a0a0a0",
    QPalette.ColorRole.Highlight: "#2f6bc4",  # white selected text on it: 5.2:1
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.Link: "#8ab4f8",
    QPalette.ColorRole.LinkVisited: "#c58af9",
    QPalette.ColorRole.Light: "#4a4a4a",
    QPalette.ColorRole.Midlight: "#424242",
    QPalette.ColorRole.Mid: "#2c2c2c",
    QPalette.ColorRole.Dark: "#202020",
    QPalette.ColorRole.Shadow: "#141414",
    QPalette.ColorRole.BrightText: "#ffffff",
}
SCHEME_ENV = "FIELDDESK_COLOUR_SCHEME"


def is_dark() -> bool:
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def hex_colour(name: str) -> str:
    """The named colour of the scheme on show, as "#rrggbb" (for HTML and style sheets)."""
    return (DARK if is_dark() else LIGHT)[name]


def colour(name: str) -> QColor:
    return QColor(hex_colour(name))


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, value in DARK_PALETTE.items():
        palette.setColor(role, QColor(value))
        # Half as bright: at two thirds, a disabled "Cancel sync" read as an enabled one.
        disabled = QColor(value).darker(200) if "Text" in role.name else QColor(value)
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


def apply_forced_scheme() -> None:
    """Use the dark palette when ``FIELDDESK_COLOUR_SCHEME=dark`` asks for it."""
    if os.environ.get(SCHEME_ENV, "").lower() == "dark":
        QGuiApplication.setPalette(dark_palette())
