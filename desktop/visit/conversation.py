"""The visit's conversation and history, rendered safely and quickly.

Bodies go through ``desktop.common.safe_html`` (nh3, then bounded: the whole
conversation shares one layout ``Budget``, so no ticket can freeze the window);
a message cut short offers itself whole as plain text.  The browser never
navigates, never loads a resource (remote or local), and only reports which
link was clicked: files open inside FieldDesk, web and mail links in the user's
own programs once the panel has shown where they go.

It reads oldest-first or newest-first (``newest_first``); a run of RT's link
lines (equipment or tickets linked, one per transaction) is one line that
unfolds at a click.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QUrl, Signal, Slot
from PySide6.QtGui import QAction, QContextMenuEvent, QCursor, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QToolTip, QWidget

from desktop.common.background import BackgroundTasks
from desktop.common.bounded_html import Budget
from desktop.common.safe_html import bounded_body
from desktop.common.theme import hex_colour
from desktop.common.times import short_time
from desktop.visit.file_safety import display_name
from sync.history_words import MESSAGE_WORDS, message_kind
from sync.link_targets import EQUIPMENT, LINK_TYPES, link_target
from sync.store.files import VisitFile
from sync.store.tickets import HistoryEntry
from sync.words import size_text

if TYPE_CHECKING:
    from desktop.common.full_text import FullTextDialog

FILE_SCHEME = "fdfile"  # fdfile:<local file key>
FULL_SCHEME = "fdfull"  # fdfull:<index of the history entry>: the whole body as plain text
FOLD_SCHEME = "fdfold"  # fdfold:<index of a run's first link line>: unfold or fold it
MESSAGE_LIMIT = 20_000  # characters (and their markup's weight) of one message shown at once
FIELD_TYPES = {"Status", "Set", "CustomField", "Give", "Take", "Steal", "Force"}
STYLE = """
<style>
  .meta {{ color: {muted}; }}
  .unsent {{ color: {warn}; font-weight: bold; }}
  .change {{ color: {muted}; margin: 2px 0; }}
  .kind-Correspond {{ color: {reply}; font-weight: bold; }}
  .kind-Comment {{ color: {note}; font-weight: bold; }}
  .kind-Create {{ color: {request}; font-weight: bold; }}
  .cut {{ color: {muted}; font-style: italic; }}
</style>
"""


def style() -> str:
    """The conversation's style sheet in the colours of the scheme on show."""
    names = ("muted", "warn", "reply", "note", "request")
    return STYLE.format(**{name: hex_colour(name) for name in names})


def _esc(text: str | None) -> str:
    return html.escape(text or "")


def _files_html(files: Sequence[VisitFile]) -> str:
    # A word, not a paperclip emoji: many Linux laptops have no font that draws one.
    links = " &nbsp; ".join(
        f"<a href='{FILE_SCHEME}:{f.key}'>{_esc(display_name(f.filename))}</a>" for f in files
    )
    return f"<p><span class='meta'>Attached:</span> {links}</p>" if links else ""


def _body_html(entry: HistoryEntry, index: int, budget: Budget) -> str:
    if budget.spent:
        shown, cut = "", True
    else:
        bounded = bounded_body(entry.body, entry.body_type, budget, limit=MESSAGE_LIMIT)
        shown, cut = bounded.html, bounded.truncated
    if not cut:
        return shown
    size = size_text(len(entry.body or ""))
    said = (
        f"Only part of this message is shown here ({size} in all)."
        if shown
        else f"This message ({size}) is not shown here: the conversation is too long."
    )
    return (
        f"{shown}<p class='cut'>✂ {said}"
        f" <a href='{FULL_SCHEME}:{index}'>Show all as plain text</a></p>"
    )


def _change_html(entry: HistoryEntry, who: str, equipment: Mapping[int, str]) -> str:
    if entry.type == "Status":
        what = f"Status {_esc(entry.old_value)} → <b>{_esc(entry.new_value)}</b>"
    elif entry.type in ("Give", "Take", "Steal", "Force"):
        what = f"Owner → {_esc(entry.new_value)}"
    elif entry.type in LINK_TYPES:
        verb = "Linked" if entry.type == "AddLink" else "Unlinked"
        what = f"{verb} {_esc(_link_text(entry, equipment))}"
    elif entry.field:
        new = _esc(entry.new_value) or "(empty)"
        what = f"{_esc(entry.field)} → {new}"
    else:
        what = "Field changed"
    return (
        f"<p class='change'>• {what} <span class='meta'>— {_esc(who)},"
        f" {_esc(short_time(entry.created))}</span></p>"
    )


def _link_text(entry: HistoryEntry, equipment: Mapping[int, str]) -> str:
    """What a link line names: "Printer HP M404 (equipment #12)", "ticket #5"; the
    URI as it is when it is neither (a web address someone linked)."""
    uri = entry.new_value or entry.old_value
    target = link_target(uri)
    if target is None:
        return uri or "equipment"
    name = equipment.get(target.id) if target.kind == EQUIPMENT else None
    return f"{name} ({target.label})" if name else target.label


def _runs(entries: Sequence[HistoryEntry]) -> Iterator[list[int]]:
    """The history's indexes, a run of consecutive link lines together."""
    run: list[int] = []
    for index, entry in enumerate(entries):
        if entry.type in LINK_TYPES:
            run.append(index)
            continue
        if run:
            yield run
            run = []
        yield [index]
    if run:
        yield run


def _folded_html(
    entries: Sequence[HistoryEntry], run: list[int], equipment: Mapping[int, str]
) -> str:
    targets = [_link_text(entries[i], equipment) for i in run]
    # A colon, not brackets: a target names itself with brackets ("ACME-PRN-01 (equipment #1)").
    shown = ", ".join(targets[:3]) + (f" and {len(targets) - 3} more" if len(targets) > 3 else "")
    return (
        f"<p class='change'>• Links changed {len(run)} times: {_esc(shown)}"
        f" <a href='{FOLD_SCHEME}:{run[0]}'>▸ Show each</a>"
        f" <span class='meta'>— {_esc(short_time(entries[run[0]].created))}"
        f" to {_esc(short_time(entries[run[-1]].created))}</span></p>"
    )


def conversation_html(
    entries: Sequence[HistoryEntry],
    names: Mapping[str, str],
    files: Sequence[VisitFile],
    budget: Budget | None = None,
    *,
    newest_first: bool = False,
    unfolded: frozenset[int] = frozenset(),
    equipment: Mapping[int, str] | None = None,
    customers: frozenset[str] = frozenset(),
) -> str:
    """The whole history as one safe HTML page: messages as blocks, changes as lines,
    within the budget (a fresh one: what one view lays out quickly).  ``equipment``:
    the visit's equipment by id, named in its link lines; ``customers``: the addresses
    (casefolded) whose replies are the customer's, not ours.

    Bodies take their share of the budget shortest first, so a few huge mails
    never crowd out the short notes around them."""
    budget = budget or Budget()
    equipment = equipment or {}
    messages = [
        i for i, e in enumerate(entries) if e.type in MESSAGE_WORDS and (e.body or e.id is None)
    ]
    bodies = {
        i: _body_html(entries[i], i, budget)
        for i in sorted(messages, key=lambda i: len(entries[i].body or ""))
    }
    by_txn: dict[int, list[VisitFile]] = {}
    by_note: dict[str, list[VisitFile]] = {}
    for f in files:
        if f.transaction_id is not None:
            by_txn.setdefault(f.transaction_id, []).append(f)
        elif f.client_uuid is not None:
            by_note.setdefault(f.client_uuid, []).append(f)
    blocks = []
    for run in _runs(entries):
        if len(run) > 1 and run[0] not in unfolded:
            blocks.append(_folded_html(entries, run, equipment))
            continue
        lines = [
            _entry_html(
                entries,
                i,
                names=names,
                bodies=bodies,
                by_txn=by_txn,
                by_note=by_note,
                equipment=equipment,
                customers=customers,
            )
            for i in run
        ]
        fold = (
            f"<p class='change'><a href='{FOLD_SCHEME}:{run[0]}'>▾ Fold"
            f" these {len(run)} link lines</a></p>"
            if len(run) > 1
            else ""
        )
        blocks.append(fold + "".join(reversed(lines) if newest_first else lines))
    return style() + "".join(reversed(blocks) if newest_first else blocks)


def _entry_html(
    entries: Sequence[HistoryEntry],
    index: int,
    *,
    names: Mapping[str, str],
    bodies: Mapping[int, str],
    by_txn: Mapping[int, list[VisitFile]],
    by_note: Mapping[str, list[VisitFile]],
    equipment: Mapping[int, str],
    customers: frozenset[str],
) -> str:
    entry = entries[index]
    who = names.get(entry.creator or "", entry.creator or "")
    kind, label = message_kind(entry, customers)  # the customer's mail: a request's colour
    if index in bodies:
        attached = by_txn.get(entry.id or 0, []) or by_note.get(entry.client_uuid or "", [])
        unsent = " <span class='unsent'>● not yet sent</span>" if entry.id is None else ""
        minutes = f" · ⏱ {entry.time_taken} min" if entry.time_taken else ""
        return (
            f"<p><span class='kind-{kind}'>{label}</span>"
            f" <span class='meta'>— <b>{_esc(who)}</b>, {_esc(short_time(entry.created))}"
            f"{minutes}</span>{unsent}</p>" + bodies[index] + _files_html(attached) + "<hr>"
        )
    if entry.type in FIELD_TYPES or entry.type in LINK_TYPES:
        return _change_html(entry, who, equipment)
    return ""


class ConversationView(QTextBrowser):
    """A read-only view that loads nothing and reports clicks on files and links."""

    file_clicked = Signal(int)  # local file key
    link_clicked = Signal(QUrl)  # a web or mail link: the panel asks before it leaves

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)  # never navigate, never fetch
        self.setOpenExternalLinks(False)
        self.setAccessibleName(self.tr("Conversation and history"))
        self.anchorClicked.connect(self._on_anchor)
        self.highlighted.connect(self._on_hover)
        self.requested_resources: list[str] = []  # what the content asked to load (tests)
        self.entries: list[HistoryEntry] = []
        self.tasks = BackgroundTasks(self)
        self.full_text: FullTextDialog | None = None  # the last "show all" opened
        self.newest_first = False
        self.unfolded: set[int] = set()
        self._names: Mapping[str, str] = {}
        self._files: Sequence[VisitFile] = ()
        self._equipment: Mapping[int, str] = {}
        self._customers: frozenset[str] = frozenset()
        self.menu_actions: list[QAction] = []  # the panel's, below Copy and Select All

    def show_history(
        self,
        entries: Sequence[HistoryEntry],
        names: Mapping[str, str],
        files: Sequence[VisitFile],
        equipment: Mapping[int, str] | None = None,
        customers: frozenset[str] = frozenset(),
    ) -> None:
        """``names``: people by user name; ``equipment``: the visit's equipment by id;
        ``customers``: the customer's addresses (their replies are not ours)."""
        same = [e.id for e in entries[:1]] == [e.id for e in self.entries[:1]]
        if not same:
            self.unfolded.clear()  # another visit: its link lines start folded
        self.entries, self._names, self._files = list(entries), names, files
        self._equipment = equipment or {}
        self._customers = customers
        self._render(keep_place=same)

    def set_newest_first(self, newest_first: bool) -> None:
        if newest_first != self.newest_first:
            self.newest_first = newest_first
            self._render()
            self.show_newest()

    def show_newest(self) -> None:
        """Scroll to the latest entry (a note just written): the top or the bottom."""
        self.moveCursor(
            QTextCursor.MoveOperation.Start if self.newest_first else QTextCursor.MoveOperation.End
        )
        self.ensureCursorVisible()
        bar = self.verticalScrollBar()
        bar.setValue(bar.minimum() if self.newest_first else bar.maximum())

    def _render(self, *, keep_place: bool = True) -> None:
        kept = self.verticalScrollBar().value() if keep_place else 0
        self.setHtml(
            conversation_html(
                self.entries,
                self._names,
                self._files,
                newest_first=self.newest_first,
                unfolded=frozenset(self.unfolded),
                equipment=self._equipment,
                customers=self._customers,
            )
        )
        self.verticalScrollBar().setValue(kept)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu(event.pos())
        if self.menu_actions:
            menu.addSeparator()
            menu.addActions(self.menu_actions)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def loadResource(self, kind: int, name: QUrl | str) -> object:
        # Sanitised bodies carry no images; whatever still asks gets nothing.
        self.requested_resources.append(name.toString() if isinstance(name, QUrl) else name)
        # An empty resource, not None: PySide6 mis-counts a None returned from this override.
        return QByteArray()

    def show_full_text(self, index: int) -> None:
        # Its module (a dialog, the font database) loads at the first "show all", not
        # with the panel at start.
        from desktop.common.full_text import FullTextDialog  # noqa: PLC0415

        entry = self.entries[index]
        title = self.tr("Whole message of {when}").format(when=short_time(entry.created))
        self.full_text = FullTextDialog(title, entry.body or "", entry.body_type, self.tasks, self)
        self.full_text.show()

    @Slot(QUrl)
    def _on_anchor(self, url: QUrl) -> None:
        scheme, path = url.scheme(), url.path()
        if scheme == FILE_SCHEME and path.isdigit():
            self.file_clicked.emit(int(path))
        elif scheme == FULL_SCHEME and path.isdigit() and int(path) < len(self.entries):
            self.show_full_text(int(path))
        elif scheme == FOLD_SCHEME and path.isdigit():
            self.unfolded ^= {int(path)}
            self._render()
        elif scheme in ("http", "https", "mailto"):
            self.link_clicked.emit(url)

    @Slot(QUrl)
    def _on_hover(self, url: QUrl) -> None:
        """The real target of a link under the mouse, whatever its text says."""
        if url.scheme() in ("http", "https", "mailto"):
            QToolTip.showText(QCursor.pos(), url.toDisplayString(), self)
        else:
            QToolTip.hideText()
