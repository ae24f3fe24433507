"""Text from the helpdesk as Qt shows it in a tooltip or label: for the tests that put
markup in it.

A tooltip, or a label left in automatic format, is rich text when ``Qt.mightBeRichText``
guesses so, and rich text loads the local files an ``<img>`` names.  An image in a
document is one object character (U+FFFC) in its plain text; markup shown as text is
there as it is.
"""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QLabel


def hostile_image(tmp_path: Path) -> str:
    """An ``<img>`` of a real PNG on this laptop, as a stranger can write it in a subject."""
    png = tmp_path / "local.png"
    image = QImage(4, 4, QImage.Format.Format_RGB32)
    image.fill(0xFF0000)
    assert image.save(str(png))
    return f"<img src='{png}'>"


def tooltip_shows(tip: str) -> str:
    """The text a tooltip ``tip`` shows, laid out as Qt lays out tooltips."""
    return _shown(tip, rich=QtGui.Qt.mightBeRichText(tip))


def label_shows(label: QLabel) -> str:
    """The text a label shows, as its text format tells Qt to read it."""
    text, how = label.text(), label.textFormat()
    rich = how == Qt.TextFormat.RichText or (
        how == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text)
    )
    return _shown(text, rich=rich)


def _shown(text: str, *, rich: bool) -> str:
    document = QTextDocument()
    if rich:
        document.setHtml(text)
    else:
        document.setPlainText(text)
    shown = document.toPlainText()
    assert "\ufffc" not in shown, f"an image or other object in {text!r}"
    return shown
