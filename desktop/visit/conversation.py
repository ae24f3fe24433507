"""The visit's conversation and history, rendered safely and quickly.

Bodies go through ``desktop.common.safe_html`` (nh3, then bounded: the messages
shown share one layout ``Budget``, newest first, so no ticket can freeze the window
and the latest word always shows); a message cut short offers itself whole as plain
text.  The browser never navigates, never loads a resource (remote or local), and
only reports which link was clicked: files open inside FieldDesk, web and mail links
in the user's own programs once the panel has shown where they go.

It reads oldest-first or newest-first (``newest_first``).  Only the newest
PAGE_LINES lines are drawn; a line where the earlier ones would be shows another
page of them at a click.  A run of RT's link lines (equipment or tickets linked,
one per transaction) is one line that unfolds at a click, and so is a run of
near-identical messages from one stranger (a mail loop: thousands of automatic
replies).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QUrl, Signal, Slot
from PySide6.QtGui import QAction, QContextMenuEvent, QCursor, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QToolTip, QWidget

from desktop.common.background import BackgroundTasks
from desktop.common.bounded_html import Budget
from desktop.common.safe_html import RAW_MAX, bounded_body
from desktop.common.theme import hex_colour
from desktop.common.times import short_time
from desktop.visit.file_safety import display_name
from desktop.visit.history_groups import FIELD_TYPES, Group, history_groups, is_message, ours
from sync.history_words import is_owner_change, message_kind, owner_change
from sync.link_targets import EQUIPMENT, LINK_TYPES, link_target
from sync.shown_text import shown_text
from sync.store.files import VisitFile
from sync.store.tickets import HistoryEntry
from sync.words import plural, size_text

if TYPE_CHECKING:
    from desktop.common.full_text import FullTextDialog

FILE_SCHEME = "fdfile"  # fdfile:<local file key>
FULL_SCHEME = "fdfull"  # fdfull:<index of the history entry>: the whole body as plain text
FOLD_SCHEME = "fdfold"  # fdfold:<index of a run's first entry>: unfold or fold it
EARLIER_SCHEME = "fdearlier"  # fdearlier:more: another page of the earlier entries
MESSAGE_LIMIT = 20_000  # characters (and their markup's weight) of one message shown at once
# Lines of the history shown at once, newest first (a folded run is one line): with
# their page's Budget, a visit of 3 000 entries opens in ~30 ms of the GUI thread, read,
# drawn and painted (bench/conversation_render.py).
# A mail loop (an auto-responder answering the helpdesk's auto-reply) left 3 000 entries
# on one ticket: all of them drawn, opening it froze the window for 300 ms.
PAGE_LINES = 120
STYLE = """
<style>
  .meta {{ color: {muted}; }}
  .unsent {{ color: {warn}; font-weight: bold; }}
  .change {{ color: {muted}; margin: 2px 0; }}
  .kind-Correspond {{ color: {reply}; font-weight: bold; }}
  .kind-Comment {{ color: {note}; font-weight: bold; }}
  .kind-Create {{ color: {request}; font-weight: bold; }}
  .cut {{ color: {muted}; font-style: italic; }}
  .loop {{ color: {muted}; margin: 4px 0; }}
  .earlier {{ color: {muted}; font-style: italic; margin: 6px 0; }}
</style>
"""


def style() -> str:
    """The conversation's style sheet in the colours of the scheme on show."""
    names = ("muted", "warn", "reply", "note", "request")
    return STYLE.format(**{name: hex_colour(name) for name in names})


def _esc(text: str | None) -> str:
    return html.escape(shown_text(text or ""))


def _files_html(files: Sequence[VisitFile]) -> str:
    # A word, not a paperclip emoji: many Linux laptops have no font that draws one.
    links = " &nbsp; ".join(
        f"<a href='{FILE_SCHEME}:{f.key}'>{_esc(display_name(f.filename))}</a>" for f in files
    )
    return f"<p><span class='meta'>Attached:</span> {links}</p>" if links else ""


def _body(entry: HistoryEntry, index: int, budget: Budget) -> tuple[str, bool]:
    """The body's HTML, and whether the budget had no room for any of it."""
    if budget.spent:
        shown, cut = "", True
    else:
        bounded = bounded_body(entry.body, entry.body_type, budget, limit=MESSAGE_LIMIT)
        shown, cut = bounded.html, bounded.truncated
    if not cut:
        return shown, False
    size = size_text(len(entry.body or ""))
    said = (
        f"Only part of this message is shown here ({size} in all)."
        if shown
        else f"This message ({size}) is not shown here: the conversation is too long."
    )
    return (
        f"{shown}<p class='cut'>✂ {said}"
        f" <a href='{FULL_SCHEME}:{index}'>Show all as plain text</a></p>"
    ), not shown


def _change_html(
    entry: HistoryEntry, who: str, names: Mapping[str, str], equipment: Mapping[int, str]
) -> str:
    if entry.type == "Status":
        what = f"Status {_esc(entry.old_value)} → <b>{_esc(entry.new_value)}</b>"
    elif is_owner_change(entry):
        before, after = owner_change(entry, names)
        what = f"Owner {_esc(before)} → <b>{_esc(after)}</b>"
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


def _loop_html(entries: Sequence[HistoryEntry], run: list[int], names: Mapping[str, str]) -> str:
    first = entries[run[0]]
    who = names.get(first.creator or "", first.creator or "")
    many = plural(len(run), "near-identical message", "near-identical messages")
    since, until = short_time(first.created), short_time(entries[run[-1]].created)
    if until[:10] == since[:10]:  # the same day ("Mon 23 Nov"): its time alone
        until = until[11:]
    # The link's words held together: "▸" alone at a line's end read as a stray mark.
    return (
        f"<p class='loop'>• {many} from <b>{_esc(who)}</b>"
        f" <a href='{FOLD_SCHEME}:{run[0]}'>▸&nbsp;Show&nbsp;them</a>"
        f" <span class='meta'>— {_esc(since)} to {_esc(until)}</span></p><hr>"
    )


def _unfold_html(group: Group) -> str:
    what = "link lines" if group.kind == "links" else "near-identical messages"
    return (
        f"<p class='change'><a href='{FOLD_SCHEME}:{group.indexes[0]}'>▾ Fold"
        f" these {len(group.indexes):,} {what}</a></p>"
    )


def _earlier_html(hidden: int) -> str:
    said = plural(hidden, "earlier entry is", "earlier entries are")
    return (
        f"<p class='earlier'>{said} not shown here."
        f" <a href='{EARLIER_SCHEME}:more'>▸&nbsp;Show&nbsp;more</a></p>"
    )


def _window(
    groups: Sequence[Group], unfolded: frozenset[int], rows: int
) -> tuple[list[tuple[Group, list[int]]], int]:
    """The newest ``rows`` lines of the history, oldest first: each group with the
    indexes of it shown (a folded run is one line; of a run cut, its newest part), and
    how many entries are left out before them."""
    taken: list[tuple[Group, list[int]]] = []
    hidden = 0
    for position in range(len(groups) - 1, -1, -1):
        group = groups[position]
        if rows <= 0:
            hidden += sum(len(g.indexes) for g in groups[: position + 1])
            break
        folded = group.kind != "one" and group.indexes[0] not in unfolded
        size = 1 if folded else len(group.indexes)
        shown = group.indexes if size <= rows else group.indexes[-rows:]
        hidden += len(group.indexes) - len(shown)
        taken.append((group, shown))
        rows -= min(size, rows)
    taken.reverse()
    return taken, hidden


def _bodies(
    entries: Sequence[HistoryEntry],
    messages: Sequence[int],
    budget: Budget,
    customers: frozenset[str],
) -> tuple[dict[int, str], int | None]:
    """The messages' bodies, newest first within the budget, a stranger's mail too long
    to show whole after the others; and the newest message (not one of those) the
    budget has no room left for, if any: it and the messages before it are not read,
    so the lines shown end with a whole message, not one cut by the budget."""

    def waits(i: int) -> tuple[bool, int]:
        entry = entries[i]
        return (not ours(entry, customers) and len(entry.body or "") > MESSAGE_LIMIT, -i)

    bodies: dict[int, str] = {}
    cut: int | None = None
    for i in sorted(messages, key=waits):
        if cut is not None and i < cut:
            continue
        if cut is None and bodies and not waits(i)[0] and not _room_for(entries[i], budget):
            cut = i
            continue
        bodies[i], none = _body(entries[i], i, budget)
        if none and cut is None and not waits(i)[0]:
            del bodies[i]
            cut = i
    return bodies, cut


def _room_for(entry: HistoryEntry, budget: Budget) -> bool:
    """Whether the budget left holds what of the body may show (its markup aside)."""
    size = len(entry.body or "")
    return (
        not budget.spent
        and budget.chars >= min(size, MESSAGE_LIMIT)
        and budget.raw >= min(size, RAW_MAX)
    )


def page_budget(pages: int = 1) -> Budget:
    """What ``pages`` pages of the conversation may lay out: a page's worth each."""
    one = Budget()
    return Budget(one.chars * pages, one.cells * pages, one.raw * pages)


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
    pages: int = 1,
    groups: Sequence[Group] | None = None,
) -> str:
    """The newest lines of the history as one safe HTML page: messages as blocks,
    changes as lines, runs folded (``unfolded``: the first indexes of those shown entry
    by entry); at most ``pages`` × PAGE_LINES lines, and as many as ``pages`` budgets
    hold (a budget: what one view lays out quickly); a line before them offers the
    earlier entries.  ``equipment``: the visit's equipment by id, named in its link
    lines; ``customers``: the addresses (casefolded) whose replies are the customer's,
    not ours; ``groups``: ``history_groups(entries, customers)``, if the caller keeps
    them.

    Bodies take their share of the budget newest first, so the latest word on the
    visit always shows, and the lines end where it runs out (rather than showing
    older messages as "not shown here"); a stranger's mail too long to show whole
    waits until the others have had theirs, so a few huge mails never crowd out the
    notes around them."""
    budget = budget or page_budget(pages)
    equipment = equipment or {}
    groups = history_groups(entries, customers) if groups is None else groups
    shown, hidden = _window(groups, unfolded, pages * PAGE_LINES)
    messages = [
        i
        for group, indexes in shown
        if group.kind == "one" or group.indexes[0] in unfolded
        for i in indexes
        if is_message(entries[i])
    ]
    bodies, cut = _bodies(entries, messages, budget, customers)
    if cut is not None:  # the budget ran out at ``cut``: it and the lines before it wait
        before = sum(len(run) for _, run in shown)
        shown = [(group, [i for i in run if i > cut]) for group, run in shown]
        shown = [(group, run) for group, run in shown if run]
        hidden += before - sum(len(run) for _, run in shown)
    by_txn: dict[int, list[VisitFile]] = {}
    by_note: dict[str, list[VisitFile]] = {}
    for f in files:
        if f.transaction_id is not None:
            by_txn.setdefault(f.transaction_id, []).append(f)
        elif f.client_uuid is not None:
            by_note.setdefault(f.client_uuid, []).append(f)
    blocks = []
    for group, run in shown:
        if group.kind != "one" and group.indexes[0] not in unfolded:
            blocks.append(
                _folded_html(entries, group.indexes, equipment)
                if group.kind == "links"
                else _loop_html(entries, group.indexes, names)
            )
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
        fold = _unfold_html(group) if group.kind != "one" else ""
        blocks.append(fold + "".join(reversed(lines) if newest_first else lines))
    if hidden:
        blocks.insert(0, _earlier_html(hidden))
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
        return _change_html(entry, who, names, equipment)
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
        self.pages = 1  # of PAGE_LINES lines, the newest: "Show more" adds one
        self._groups: list[Group] = []  # history_groups(self.entries)
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
            self.unfolded.clear()  # another visit: its runs start folded
            self.pages = 1  # and it shows its newest lines
        entries = list(entries)
        if entries != self.entries or customers != self._customers:
            self._groups = history_groups(entries, customers)
        self.entries, self._names, self._files = entries, names, files
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
                pages=self.pages,
                groups=self._groups,
            )
        )
        self.verticalScrollBar().setValue(kept)

    def show_earlier(self) -> None:
        """Another PAGE_LINES lines of the history, before those shown (where the
        reader is stays in view)."""
        self.pages += 1
        self._render()

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
        elif scheme == EARLIER_SCHEME:
            self.show_earlier()
        elif scheme in ("http", "https", "mailto"):
            self.link_clicked.emit(url)

    @Slot(QUrl)
    def _on_hover(self, url: QUrl) -> None:
        """The real target of a link under the mouse, whatever its text says."""
        if url.scheme() in ("http", "https", "mailto"):
            QToolTip.showText(QCursor.pos(), url.toDisplayString(), self)
        else:
            QToolTip.hideText()
