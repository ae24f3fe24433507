"""What a screen reader hears of a label that shows content, and of news it must not miss.

Qt reads a label's accessible name *instead of* its text: a label named for its field
("Sync state", "Sign-in result") would say only that, never what it shows — an error
included.  A content label therefore says both, "Sync state: Online · synced 5 min
ago", its name set with its text every time the text changes (``show_text``; a label
that cuts its text, ``ElidedLabel``, names its whole text with ``name_text``).

A message that appears where the focus is not (the toast at the bottom of the window,
a refused sign-in) is also announced: Qt ≥ 6.8 hands it to the screen reader, which
reads it out without moving the focus (``announce``).
"""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QTextDocument
from PySide6.QtWidgets import QLabel, QWidget


def plain_words(text: str, rich: bool = False) -> str:
    """The text as one line of words, as read aloud (markup dropped when ``rich``)."""
    if rich:
        document = QTextDocument()
        document.setHtml(text)
        text = document.toPlainText()
    return " ".join(text.split())  # new lines, no-break spaces: one space


def name_text(widget: QWidget, field: str, text: str, *, rich: bool = False) -> None:
    """Name ``widget`` "field: text" for screen readers (just "field" with no text)."""
    words = plain_words(text, rich)
    widget.setAccessibleName(f"{field}: {words}" if words else field)


def show_text(label: QLabel, field: str, text: str) -> None:
    """Show ``text`` in ``label`` and name it "field: text" (plain words) in one step."""
    label.setText(text)
    fmt = label.textFormat()
    rich = fmt == Qt.TextFormat.RichText or (
        fmt == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text)
    )
    name_text(label, field, text, rich=rich)


def announce(source: QObject, text: str, *, urgent: bool = False) -> None:
    """Have a screen reader read ``text`` now (``urgent``: interrupting what it reads)."""
    words = plain_words(text)
    if not words:
        return
    event = QAccessibleAnnouncementEvent(source, words)
    if urgent:
        event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
    QAccessible.updateAccessibility(event)
