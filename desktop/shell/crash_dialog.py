"""The crash dialog: what happened in plain words, the report to copy, the log file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.common.copied import copy_text


class CrashDialog(QDialog):
    def __init__(self, report: str, log_path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("FieldDesk hit a problem"))
        self.setMinimumSize(640, 420)
        intro = QLabel(
            self.tr(
                "<b>Something went wrong inside FieldDesk.</b><br>"
                "Your saved work is safe: every change is stored on this laptop the moment "
                "you save it. You can keep working; if the problem comes back, send this "
                "report to support."
            )
        )
        intro.setWordWrap(True)
        self.report = QPlainTextEdit(report)
        self.report.setReadOnly(True)
        self.report.setAccessibleName(self.tr("Problem report"))
        self.report.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        where = QLabel(
            self.tr("Log file: {path}").format(path=log_path)
            if log_path
            else self.tr("No log file is available.")
        )
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        where.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.copy_button = QPushButton(self.tr("&Copy report"))
        self.copy_button.clicked.connect(self.copy_report)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.tr("C&ontinue"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.report, 1)
        layout.addWidget(where)
        layout.addWidget(buttons)

    @Slot()
    def copy_report(self) -> None:
        copy_text(self.report.toPlainText())
        self.copy_button.setText(self.tr("Copied"))
