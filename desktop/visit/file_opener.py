"""Opening and saving a visit's files, with care for what they really are.

Documents and pictures open at a click (downloaded first, off the GUI thread,
if needed), as a decrypted copy in a private folder removed when FieldDesk
exits: the stored file stays encrypted.  Anything else — a program, a script,
a shortcut, a type FieldDesk does not know — opens only after a question that
names its real extension.
Files from the helpdesk get the operating system's "downloaded" mark before
anything opens them.  "Save as…" proposes the file's bare name (never a folder
the sender chose) in the user's Downloads folder, and writes it decrypted there:
the user chose the place.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop.common.messages import MessageBridge
from desktop.visit import work
from desktop.visit.background import Background
from desktop.visit.file_safety import (
    display_name,
    mark_from_internet,
    opens_directly,
    real_extension,
    runs_code,
    safe_base_name,
)
from sync.account import helpdesk_url
from sync.profile import Profile
from sync.store import files as file_store
from sync.store.files import VisitFile

if TYPE_CHECKING:
    import sqlite_utils


class Choice(enum.Enum):
    OPEN = "open"
    SAVE = "save"
    CANCEL = "cancel"


def question_text(name: str, path: Path | str) -> str:
    """What the question says about a file that is not a plain document (plain text)."""
    extension = real_extension(path)
    shown = f"“{display_name(name)}”"
    if runs_code(path):
        what = (
            f"{shown} is not a document or a picture: it is a {extension} file, which "
            "runs a program, a script or a shortcut when it is opened."
        )
    elif extension:
        what = (
            f"{shown} is a {extension} file. FieldDesk cannot tell what it does: this "
            "laptop decides which program opens it."
        )
    else:
        what = f"{shown} has no extension: this laptop decides which program opens it."
    return (
        f"{what}\n\nAnyone can send files to the helpdesk. Open it only if you know "
        "who sent it and why; otherwise save a copy and let IT check it."
    )


def ask_before_opening(parent: QWidget, name: str, path: Path | str) -> Choice:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(parent.tr("Open this file?"))
    box.setTextFormat(Qt.TextFormat.PlainText)  # the name is the sender's text
    box.setText(question_text(name, path))
    save = box.addButton(parent.tr("Save a copy…"), QMessageBox.ButtonRole.ActionRole)
    run = box.addButton(
        parent.tr("Open {ext} file anyway").format(ext=real_extension(path) or "this"),
        QMessageBox.ButtonRole.DestructiveRole,
    )
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return Choice.OPEN if clicked is run else Choice.SAVE if clicked is save else Choice.CANCEL


Ask = Callable[[QWidget, str, Path], Choice]


class FileOpener(QObject):
    """Open and save-as for the visit panel (``parent``); ``changed`` runs after a
    download put a file on the laptop."""

    def __init__(
        self,
        parent: QWidget,
        db: sqlite_utils.Database,
        profile: Profile,
        *,
        messages: MessageBridge,
        background: Background,
        changed: Callable[[], None],
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.profile = profile
        self.messages = messages
        self.background = background
        self.changed = changed
        self.widget = parent
        self.ask: Ask = ask_before_opening

    def helpdesk_url(self) -> str | None:
        return helpdesk_url(self.profile)

    @Slot(int)
    def open_file(self, key: int) -> None:
        found = file_store.file_by_key(self.db, key)
        if found is None:
            return
        stored = Path(found.path) if found.path else None
        on_laptop = stored is not None and stored.exists()
        if not on_laptop and found.id is None:
            self.messages.error(
                self.tr("{name} is no longer on this laptop").format(
                    name=display_name(found.filename)
                )
            )
            return
        # The viewer gets a decrypted copy under this name: its extension is what runs.
        name = safe_base_name(found.filename)
        if not opens_directly(name):
            choice = self.ask(self.widget, found.filename, Path(name))
            if choice is Choice.SAVE:
                self.save_file_as(found.key)
            if choice is not Choice.OPEN:
                return
        if not on_laptop:
            self.messages.info(
                self.tr("Downloading {name}…").format(name=display_name(found.filename))
            )
        # Stored files are encrypted: the copy goes to a private folder removed when
        # FieldDesk exits, made off the GUI thread (a big file takes a moment).
        self.background.submit(
            functools.partial(work.copy_to_open, self.profile, found.id, stored, name),
            functools.partial(self._hand_over, found, not on_laptop),
        )

    def _hand_over(self, found: VisitFile, downloaded: bool, copy: Path) -> None:
        if downloaded:
            self.changed()  # the file is on the laptop now
        if found.id is not None:  # from the helpdesk: the OS's own checks apply too
            mark_from_internet(copy, self.helpdesk_url())
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy)))

    @Slot(int)
    def save_file_as(self, key: int) -> None:
        found = file_store.file_by_key(self.db, key)
        if found is None:
            return
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DownloadLocation
        ) or str(Path.home())
        name, _ = QFileDialog.getSaveFileName(
            self.widget,
            self.tr("Save a copy"),
            str(Path(folder) / safe_base_name(found.filename)),
        )
        if not name:
            return
        source = Path(found.path) if found.path else None
        self.background.submit(
            functools.partial(work.download_and_copy, self.profile, found.id, source, Path(name)),
            functools.partial(self._copied, found),
        )

    def _copied(self, found: VisitFile, target: Path) -> None:
        if found.id is not None:
            mark_from_internet(target, self.helpdesk_url())
        self.changed()
        self.messages.info(self.tr("Saved a copy to {path}").format(path=target))
