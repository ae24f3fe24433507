"""The visit's conversation and history, rendered safely.

Bodies go through ``desktop.common.safe_html`` (nh3); the browser never navigates,
never loads a resource (remote or local), and only reports which link was
clicked: files and KB articles open inside FieldDesk, web and mail links
in the user's own programs.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QByteArray, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTextBrowser, QWidget

from desktop.common.safe_html import body_html
from desktop.common.times import short_time
from sync.store.files import VisitFile
from sync.store.tickets import HistoryEntry

FILE_SCHEME = "fdfile"  # fdfile:<local file key>
MESSAGE_TYPES = {"Create": "Request", "Correspond": "Reply to customer", "Comment": "Internal note"}
FIELD_TYPES = {"Status", "Set", "CustomField", "Give", "Take", "Steal", "Force", "AddLink"}
STYLE = """
<style>
  .meta { color: #5f6368; }
  .unsent { color: #a15c00; font-weight: bold; }
  .change { color: #5f6368; margin: 2px 0; }
  .kind-Correspond { color: #1a73e8; font-weight: bold; }
  .kind-Comment { color: #7b5800; font-weight: bold; }
  .kind-Create { color: #137333; font-weight: bold; }
</style>
"""


def _esc(text: str | None) -> str:
    return html.escape(text or "")


def _files_html(files: Sequence[VisitFile]) -> str:
    links = " &nbsp; ".join(
        f"<a href='{FILE_SCHEME}:{f.key}'>📎 {_esc(f.filename)}</a>" for f in files
    )
    return f"<p>{links}</p>" if links else ""


def _change_html(entry: HistoryEntry, who: str) -> str:
    if entry.type == "Status":
        what = f"Status {_esc(entry.old_value)} → <b>{_esc(entry.new_value)}</b>"
    elif entry.type in ("Give", "Take", "Steal", "Force"):
        what = f"Owner → {_esc(entry.new_value)}"
    elif entry.type == "AddLink":
        what = "Linked equipment"
    elif entry.field:
        new = _esc(entry.new_value) or "(empty)"
        what = f"{_esc(entry.field)} → {new}"
    else:
        what = "Field changed"
    return (
        f"<p class='change'>• {what} <span class='meta'>— {_esc(who)},"
        f" {_esc(short_time(entry.created))}</span></p>"
    )


def conversation_html(
    entries: Sequence[HistoryEntry],
    names: Mapping[str, str],
    files: Sequence[VisitFile],
) -> str:
    """The whole history as one safe HTML page: messages as blocks, changes as lines."""
    by_txn: dict[int, list[VisitFile]] = {}
    by_note: dict[str, list[VisitFile]] = {}
    for f in files:
        if f.transaction_id is not None:
            by_txn.setdefault(f.transaction_id, []).append(f)
        elif f.client_uuid is not None:
            by_note.setdefault(f.client_uuid, []).append(f)
    parts = [STYLE]
    for entry in entries:
        who = names.get(entry.creator or "", entry.creator or "")
        if entry.type in MESSAGE_TYPES and (entry.body or entry.id is None):
            attached = by_txn.get(entry.id or 0, []) or by_note.get(entry.client_uuid or "", [])
            unsent = " <span class='unsent'>● not yet sent</span>" if entry.id is None else ""
            minutes = f" · ⏱ {entry.time_taken} min" if entry.time_taken else ""
            parts.append(
                f"<p><span class='kind-{entry.type}'>{MESSAGE_TYPES[entry.type]}</span>"
                f" <span class='meta'>— <b>{_esc(who)}</b>, {_esc(short_time(entry.created))}"
                f"{minutes}</span>{unsent}</p>"
                + body_html(entry.body, entry.body_type)
                + _files_html(attached)
                + "<hr>"
            )
        elif entry.type in FIELD_TYPES:
            parts.append(_change_html(entry, who))
    return "".join(parts)


class ConversationView(QTextBrowser):
    """A read-only view that loads nothing and reports clicks on files and articles."""

    file_clicked = Signal(int)  # local file key

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)  # never navigate, never fetch
        self.setOpenExternalLinks(False)
        self.setAccessibleName(self.tr("Conversation and history"))
        self.anchorClicked.connect(self._on_anchor)
        self.requested_resources: list[str] = []  # what the content asked to load (tests)

    def loadResource(self, kind: int, name: QUrl | str) -> object:
        # Sanitised bodies carry no images; whatever still asks gets nothing.
        self.requested_resources.append(name.toString() if isinstance(name, QUrl) else name)
        # An empty resource, not None: PySide6 mis-counts a None returned from this override.
        return QByteArray()

    @Slot(QUrl)
    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme() == FILE_SCHEME and url.path().isdigit():
            self.file_clicked.emit(int(url.path()))
        elif url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)  # the user's browser or mail program, by their click
