"""A body too long to show in the conversation or the reader, whole, as plain text.

The text is made on the thread pool (sanitising 5 MB of HTML takes a few hundred
milliseconds) and shown in a plain-text view, which lays out only the lines on
screen: megabytes scroll smoothly.
"""

from __future__ import annotations

import functools

from PySide6.QtCore import Slot
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.common.background import BackgroundTasks
from desktop.common.safe_html import full_text
from sync.words import size_text


class FullTextDialog(QDialog):
    """Shows one body in full; ``ready`` once the text is in (tests wait for it)."""

    def __init__(
        self,
        title: str,
        body: str,
        content_type: str | None,
        tasks: BackgroundTasks,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.resize(820, 640)
        self.ready = False
        self.note = QLabel(self.tr("Preparing {size} of text…").format(size=size_text(len(body))))
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setAccessibleName(self.tr("Whole text"))
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont))
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton(self.tr("&Copy all"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self._copy)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        task = tasks.start(functools.partial(full_text, body, content_type))
        task.succeeded.connect(self._show)

    @Slot(object)
    def _show(self, text: str) -> None:
        self.text.setPlainText(text)
        self.note.setText(
            self.tr("The whole text, {size}, without formatting or links.").format(
                size=size_text(len(text))
            )
        )
        self.ready = True

    @Slot()
    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())
