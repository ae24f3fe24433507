"""A box of plain text in a form (a note, a resolution, a reason, a report's work).

Tab moves to the next field, as in every other field of the form: a text box keeps
Tab for itself by default, which trapped keyboard users in it (Tab typed tab
characters into the note, and Ctrl+Tab did not leave either).
"""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit


def text_box(text: str = "") -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setTabChangesFocus(True)
    return box
