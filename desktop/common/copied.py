"""Text FieldDesk puts on the clipboard, so that a wipe can take it back.

An address, a phone number, a network check's result or a crash report copied for
a colleague stays on the clipboard after the data it came from was wiped, and a
clipboard manager may keep it on disk.  A wipe empties the clipboard when it still
holds what FieldDesk copied: text copied from a view (Ctrl+C in the conversation)
when the platform says the clipboard is this program's, what was copied with the
buttons here also where it cannot say (a test's offscreen platform).
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication


class _Copied:
    last: str | None = None  # the text the last copy button put on the clipboard


def copy_text(text: str) -> None:
    QGuiApplication.clipboard().setText(text)
    _Copied.last = text


def forget_copied() -> None:
    """Empty the clipboard if what is on it came from FieldDesk."""
    clipboard = QGuiApplication.clipboard()
    if clipboard.ownsClipboard() or (_Copied.last is not None and clipboard.text() == _Copied.last):
        clipboard.clear()
    _Copied.last = None
