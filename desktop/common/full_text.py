"""A body too long to show in the conversation or the reader, whole, as plain text.

The text is made on the thread pool (sanitising 5 MB of HTML takes a few hundred
milliseconds) and shown in a plain-text view, which lays out only the lines on
screen: megabytes scroll smoothly.  Putting the lines into the view costs the
GUI thread a few microseconds each -- 11 s for the 2.5 million one-letter lines
a stranger's mail can hold -- so they go in a few thousand at a time, one batch
per turn of the event loop, and at most SHOWN_LINES_MAX of them; "Copy all"
copies the whole text.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QFontDatabase, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.common.background import BackgroundTasks
from desktop.common.copied import copy_text
from desktop.common.safe_html import FULL_TEXT_MAX, full_text
from desktop.common.screen_room import resize_within_screen
from sync.shown_text import shown_text
from sync.words import size_text

SHOWN_LINES_MAX = 200_000  # a 5 MB log has ~180 000 lines; past that nobody reads on screen
LINES_PER_TURN = 4_000  # ~15 ms of the GUI thread (bench/hostile_render.py --show-all)


class Prepared(NamedTuple):
    whole: str  # what "Copy all" copies
    shown: list[str]  # the lines the view shows: the first SHOWN_LINES_MAX
    lines: int  # how many lines the whole text has
    cut: bool  # the body is longer than FULL_TEXT_MAX: whole is its beginning


def prepare(body: str, content_type: str | None) -> Prepared:
    """The body as plain text, and the lines of it to show (on the thread pool)."""
    whole = full_text(body, content_type)
    lines = whole.split("\n")
    return Prepared(whole, lines[:SHOWN_LINES_MAX], len(lines), len(body) > FULL_TEXT_MAX)


class FullTextDialog(QDialog):
    """Shows one body in full; ``ready`` once all its shown lines are in (tests wait for it)."""

    def __init__(
        self,
        title: str,
        body: str,
        content_type: str | None,
        tasks: BackgroundTasks,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        title = shown_text(title)  # an article's: the helpdesk's words
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        resize_within_screen(self, 820, 640)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # its megabytes go with it
        self.ready = False
        self._prepared: Prepared | None = None
        self._next_line = 0  # the first line of _prepared.shown not in the view yet
        self.note = QLabel(self.tr("Preparing {size} of text…").format(size=size_text(len(body))))
        self.note.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.document().setUndoRedoEnabled(False)  # lines put in are not edits to undo
        self.text.setAccessibleName(self.tr("Whole text"))
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont))
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy = buttons.addButton(self.tr("&Copy all"), QDialogButtonBox.ButtonRole.ActionRole)
        self.copy.setEnabled(False)
        self.copy.clicked.connect(self._copy)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        # The slots go with the job: a short body can be ready before a later connect.
        tasks.start(
            functools.partial(prepare, body, content_type),
            succeeded=self._show,
            failed=self._failed,
        )

    @Slot(object)
    def _show(self, prepared: Prepared) -> None:
        self._prepared = prepared
        self.copy.setEnabled(True)
        self._put_in_lines()

    @Slot()
    def _put_in_lines(self) -> None:
        prepared = self._prepared
        if prepared is None:
            return
        start, end = self._next_line, self._next_line + LINES_PER_TURN
        cursor = QTextCursor(self.text.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(("\n" if start else "") + "\n".join(prepared.shown[start:end]))
        self._next_line = min(end, len(prepared.shown))
        if self._next_line < len(prepared.shown):
            self.note.setText(
                self.tr("Showing the text… {done} of {lines} lines").format(
                    done=f"{self._next_line:,}", lines=f"{len(prepared.shown):,}"
                )
            )
            QTimer.singleShot(0, self, self._put_in_lines)  # the window answers in between
            return
        self.note.setText(self._final_note(prepared))
        self.ready = True

    def _final_note(self, prepared: Prepared) -> str:
        size = size_text(len(prepared.whole))
        if len(prepared.shown) < prepared.lines:
            return self.tr(
                "The first {shown} of its {lines} lines, without formatting or links. "
                "Copy all copies all {lines} ({size})."
            ).format(shown=f"{len(prepared.shown):,}", lines=f"{prepared.lines:,}", size=size)
        if prepared.cut:
            return self.tr(
                "The first {size} of the text, without formatting or links (its last line says "
                "how long it is)."
            ).format(size=size)
        return self.tr("The whole text, {size}, without formatting or links.").format(size=size)

    @Slot(object)
    def _failed(self, error: BaseException) -> None:
        self.note.setText(self.tr("The text could not be shown."))
        self.ready = True
        raise error  # making plain text of a body has no error a user can act on: a bug

    @Slot()
    def _copy(self) -> None:
        if self._prepared is not None:
            copy_text(self._prepared.whole)
