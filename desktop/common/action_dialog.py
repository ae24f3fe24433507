"""What every work dialog shares (visit actions, equipment): a form, a big Save, Cancel (Esc).

Enter saves from any one-line field or choice; in a multi-line text Enter
is a new line (the editor keeps the key) and Ctrl+Enter saves.  Esc, Cancel or
the window's close button close it at once if nothing was entered; otherwise
they ask first ("Discard what you entered?", Keep editing the default), so a
note typed on site is never lost to one key.

The dialog only collects values.  Its ``save`` callback does the durable
write and answers True (saved: close), False (refused: stay, the message
says why) or None (still working in the background: ``finish`` follows).

Whoever opens it says which visit it is for (``belongs_to``): the window title
reads "Internal note on #3 · Elmgrove Medical Practice" and the first line of the
dialog names the visit, so a note can not go to the wrong visit unseen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.common.buttons import button
from desktop.common.elided_label import ElidedLabel
from desktop.common.fonts import emphasised_font
from desktop.common.spoken import show_text
from desktop.common.theme import hex_colour
from sync.store.tickets import Visit

Save = Callable[[Any], bool | None]
MINIMUM_WIDTH = 440  # room for "#3 · Elmgrove Medical Practice — " and most of a subject


@dataclass(frozen=True)
class VisitRef:
    """The visit a dialog works on, as the technician tells visits apart."""

    number: int
    site: str
    subject: str

    @classmethod
    def of(cls, visit: Visit) -> VisitRef:
        return cls(visit.id, visit.site or "", visit.subject or "")

    def short(self) -> str:
        return f"#{self.number} · {self.site}" if self.site else f"#{self.number}"


class ActionDialog(QDialog):
    # "Internal note on #3 · …"; a dialog that makes something new says "from".
    visit_word = "on"

    def __init__(
        self, title: str, save_text: str, save: Save, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._title = title
        self.visit: VisitRef | None = None
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._save = save
        self._as_opened: tuple[object, ...] | None = None  # entered(), when first shown
        self.question: QMessageBox | None = None  # "Discard what you entered?", once asked
        # A stranger's subject may be any length: cut with "…", whole in its tooltip.
        self.visit_line = ElidedLabel(field=self.tr("Visit"))
        self.visit_line.setFont(emphasised_font(self.visit_line))
        self.visit_line.setVisible(False)
        self.setMinimumWidth(MINIMUM_WIDTH)
        self._show_title()
        self.body = QVBoxLayout()
        self.status = QLabel()
        self.say("")
        self.status.setStyleSheet(f"color: {hex_colour('muted')};")
        self.save_button = button(
            save_text, "check", self.tr("Save (Enter; Ctrl+Enter in a text box)")
        )
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        self.save_button.setStyleSheet("font-weight: 600; padding: 0 18px;")
        self.cancel_button = button(self.tr("Cancel"), None, self.tr("Close without saving (Esc)"))
        self.cancel_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.cancel)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.submit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 16, 16, 16)
        outer.setSpacing(10)
        outer.addWidget(self.visit_line)
        outer.addLayout(self.body)
        outer.addLayout(buttons)

    def belongs_to(self, visit: VisitRef) -> None:
        """Name the visit in the title and on the dialog's first line."""
        self.visit = visit
        line = f"{visit.short()} — {visit.subject}" if visit.subject else visit.short()
        self.visit_line.set_full_text(line)
        self.visit_line.setVisible(True)
        self._show_title()

    def set_title(self, title: str) -> None:
        """A dialog whose purpose changes (note or reply) renames itself through here."""
        self._title = title
        self._show_title()

    def _show_title(self) -> None:
        title = self._title
        if self.visit is not None:
            title = self.tr("{what} {word} {visit}").format(
                what=title, word=self.visit_word, visit=self.visit.short()
            )
        self.setWindowTitle(title)
        self.setAccessibleName(title)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        modified = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() == Qt.Key.Key_Escape and not modified:
            self.cancel()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not modified:
            focused = self.focusWidget()
            # Enter on Cancel cancels; on a choice (checkable) it saves that choice.
            if (
                isinstance(focused, QAbstractButton)
                and focused is not self.save_button
                and not focused.isCheckable()
            ):
                focused.click()
                return
            if not self.enter_handled():
                self.submit()
            return
        super().keyPressEvent(event)

    # -- closing without saving ----------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._as_opened is None:  # what it was opened with (prefilled values included)
            self._as_opened = self.entered()
            # Enter is this dialog's (keyPressEvent): no other button is framed as the one
            # it presses (Qt frames the first of a dialog's buttons: "+15", "Add files…").
            for other in self.findChildren(QPushButton):
                other.setAutoDefault(False)

    def entered(self) -> tuple[object, ...]:
        """What the fields hold now: texts, numbers, choices, ticks, list lines.  A dialog
        with input of another kind (a signature) adds it."""
        held: list[object] = []
        for widget in self.findChildren(QWidget):
            if isinstance(widget, QLineEdit):
                held.append(widget.text())
            elif isinstance(widget, QPlainTextEdit | QTextEdit):
                held.append(widget.toPlainText())
            elif isinstance(widget, QAbstractSpinBox):
                held.append(widget.text())
            elif isinstance(widget, QComboBox):
                held.append(widget.currentIndex())
            elif isinstance(widget, QAbstractButton) and widget.isCheckable():
                held.append(widget.isChecked())
            elif isinstance(widget, QListWidget):
                held.append(tuple(widget.item(row).text() for row in range(widget.count())))
        return tuple(held)

    def has_changes(self) -> bool:
        """Whether closing now would lose something typed or chosen since it opened."""
        return self._as_opened is not None and self.entered() != self._as_opened

    @Slot()
    def cancel(self) -> None:
        """Esc or Cancel: closed at once, unless that would lose what was entered and the
        user chooses to keep editing."""
        if self.may_close():
            self.reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        """The window's close button asks as Esc does; ``close()`` from the code closes."""
        if event.spontaneous() and self.isVisible() and not self.may_close():
            event.ignore()
            return
        super().closeEvent(event)

    def may_close(self) -> bool:
        """True unless closing would lose what was entered and the user keeps editing."""
        if not self.has_changes():
            return True
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Discard what you entered?"),
            self.tr("Close “{title}” without saving? What you entered here is lost.").format(
                title=self.windowTitle()
            ),
            parent=self,
        )
        keep = box.addButton(self.tr("&Keep editing"), QMessageBox.ButtonRole.RejectRole)
        box.addButton(self.tr("&Discard"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(keep)  # Enter, like Esc, keeps what was typed
        box.setEscapeButton(keep)
        self.question = box  # the tests read it
        box.exec()
        return box.clickedButton() is not keep

    def enter_handled(self) -> bool:
        """A dialog whose field uses Enter for itself (adding a line) answers True."""
        return False

    def values(self) -> Any:
        """What the dialog saves (each dialog answers; the base only submits it).

        An abstract hook, not a stub: Qt's metaclass rules out ABCMeta here.
        """
        raise NotImplementedError(f"{type(self).__name__} must say what it saves")

    @Slot()
    def submit(self) -> None:
        if not self.save_button.isEnabled():
            return
        outcome = self._save(self.values())
        if outcome is None:
            self.set_busy(True)
        elif outcome:
            self.accept()

    def set_busy(self, busy: bool, text: str = "") -> None:
        self.save_button.setEnabled(not busy)
        self.say(text or (self.tr("Saving…") if busy else ""))

    def say(self, text: str) -> None:
        """The line beside the buttons (what a save waits for, or does now); a screen
        reader hears it with the label's name."""
        show_text(self.status, self.tr("Progress"), text)

    def finish(self, saved: bool) -> None:
        """The background part of a save ended."""
        self.set_busy(False)
        if saved:
            self.accept()
