"""The visit's checklists: tick items, record values, comments and a photo per item.

Keyboard first: arrows move through the items, Space ticks, Enter goes to the
item's value (or comment), Escape comes back to the list.  Every change is one
durable local write (``sync.store.checklists``) before the row shows it;
"Send to helpdesk" queues the checklist as a note (``sync.changes.checklist``), and
so does resolving; on a visit closed out, each change after that is queued with its
write (a required item unticked there asks why first).
Photo files are copied into the profile on the panel's worker.

What is typed in a value or a comment is kept without asking (``keep_typing``):
at Enter, and when the technician leaves the field or the item, sends, leaves the
tab or the visit, or closes the window -- always for the item it was typed for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QBrush, QFont, QHideEvent, QIcon, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.common.action_dialog import VisitRef
from desktop.common.buttons import button
from desktop.common.fonts import emphasised_font
from desktop.common.icons import icon
from desktop.common.messages import MessageBridge
from desktop.common.plain_html import plain_html
from desktop.common.plain_tooltip import plain_tooltip
from desktop.common.theme import colour, hex_colour
from desktop.common.times import local_time
from desktop.common.user_errors import attempt
from desktop.common.wrapped_rows import WrappedRows, wrap_rows
from desktop.visit.background import Background
from sync.profile import Profile
from sync.store import checklists as store
from sync.store import tickets as ticket_store
from sync.store.checklists import Checklist, ChecklistItem
from sync.store.users import display_name

if TYPE_CHECKING:
    import sqlite_utils

ITEM, VALUE, COMMENT, WHO = range(4)
NUMBER_ROLE = Qt.ItemDataRole.UserRole + 1
HINT_ROLE = Qt.ItemDataRole.UserRole + 2  # what an empty value asks for ("pages"): drawn only
TextSetter = Callable[..., ChecklistItem]  # store.set_value / store.set_comment
ROW_PADDING = (4, 2)  # an item's padding in px: above and below, left and right
# The columns beside the item, in px; Done by, then Comment, hide first when the item
# would have less than ITEM_ROOM (a 1024×600 screen): the row's tooltip says them.
COLUMN_WIDTHS = {VALUE: 100, COMMENT: 130, WHO: 125}
ITEM_ROOM = 260
PHOTO_TYPES = "Pictures (*.jpg *.jpeg *.png *.heic *.webp);;All files (*)"


def progress_text(done: int, total: int) -> str:
    return f"{done}/{total}"


def _who(entry: ChecklistItem, shown: Callable[[str], str]) -> str:
    """Who ticked it (the name they are shown by everywhere) and when (local time)."""
    if not (entry.ticked and entry.changed_by and entry.changed_at):
        return ""
    return f"{shown(entry.changed_by)} {local_time(entry.changed_at):%H:%M}"


class ValueHints(WrappedRows):
    """The Value column: an empty value shows what it asks for (its unit, its choices).
    Drawn, not its text: a screen reader hears the value empty, not "pages" as if filled
    in (the unit is the cell's description)."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        if not option.text:
            option.text = index.data(HINT_ROLE) or ""
            option.features |= QStyleOptionViewItem.ViewItemFeature.HasDisplay


class ChecklistPanel(QWidget):
    saved = Signal()  # a durable write: the window re-reads lists (progress) and sends soon

    def __init__(
        self,
        db: sqlite_utils.Database,
        profile: Profile,
        messages: MessageBridge,
        *,
        background: Background,
        user: Callable[[], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.profile, self.messages = db, profile, messages
        self.background = background
        self.user = user
        self.ticket_id: int | None = None
        self.lists: list[Checklist] = []
        self._closed_out = False  # resolved or rejected: a change is sent by itself
        self._names: dict[str, str] = {}  # login → the name shown, as looked up
        self._filling = False
        # The item the value and comment editors show, by (checklist id, key): what is
        # typed there is kept for it even when the numbering moves (a template merged).
        self._editing: tuple[int, str] | None = None
        self._keeping = False  # a save of typing under way (it refreshes the rows)
        self._window: QWidget | None = None  # watched for its closing (see showEvent)
        self._build()

    # -- layout ------------------------------------------------------------------
    def _build(self) -> None:
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setFont(emphasised_font(self.summary))
        # Progress and where the checklist is on its way: whole at any width, on two
        # lines beside the buttons when the visit's side is narrow.
        self.summary.setWordWrap(True)
        # One button, its templates in a menu: a combo beside the summary was squeezed
        # until a template's name could not be read in a narrow panel.
        self.add_button = button(
            self.tr("Add checklist"), "new-ticket", self.tr("Add a checklist from a template")
        )
        self.templates = QMenu(self.add_button)
        self.add_button.setMenu(self.templates)
        self.send_button = button(
            self.tr("Send to helpdesk"), "check", self.tr("Send the checklist to RT as a note")
        )
        self.send_button.clicked.connect(self.send)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.add_button)
        top.addWidget(self.send_button)
        self._build_tree()
        editors = self._build_editors()
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet(f"color: {hex_colour('muted')}; padding: 12px;")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 6, 4, 4)
        outer.addLayout(top)
        outer.addWidget(self.empty)
        outer.addWidget(self.tree, 1)
        outer.addLayout(editors)

    def _build_tree(self) -> None:
        self.tree = QTreeWidget()
        self.tree.setAccessibleName(self.tr("Checklist items: Space ticks, Enter edits"))
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(
            [self.tr("Item"), self.tr("Value"), self.tr("Comment"), self.tr("Done by")]
        )
        self.tree.setStyleSheet(
            f"QTreeWidget::item {{ padding: {ROW_PADDING[0]}px {ROW_PADDING[1]}px; }}"
        )
        # A step and a comment, whole: wrapped to the width left of the padding either side.
        wrap_rows(self.tree, (ITEM, COMMENT), padding=2 * ROW_PADDING[1])
        self.tree.setItemDelegateForColumn(VALUE, ValueHints(self.tree, (), 2 * ROW_PADDING[1]))
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setSectionResizeMode(ITEM, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        for column, width in COLUMN_WIDTHS.items():
            header.resizeSection(column, width)
        self.tree.itemChanged.connect(self._item_changed)
        self.tree.currentItemChanged.connect(self._current_changed)
        self.tree.installEventFilter(self)

    def _fit_columns(self) -> None:
        """The item's words first: Done by, then Comment, hidden when the item would be
        left less than ITEM_ROOM (they stay in the row's tooltip and the editors).  By
        the tree's width, not its viewport's: a scroll bar coming and going with the
        rows' wrapping must not show and hide them in turn."""
        spare = self.tree.width() - ITEM_ROOM - COLUMN_WIDTHS[VALUE]
        needed = 0
        for column in (COMMENT, WHO):
            needed += COLUMN_WIDTHS[column]
            shown = spare >= needed
            if self.tree.isColumnHidden(column) == shown:
                self.tree.setColumnHidden(column, not shown)
                if shown:
                    self.tree.header().resizeSection(column, COLUMN_WIDTHS[column])

    def _build_editors(self) -> QHBoxLayout:
        self.value = QLineEdit()
        self.value.setAccessibleName(self.tr("Value"))
        self.value.setMaxLength(store.MAX_VALUE)
        self.choice = QComboBox()
        self.choice.setAccessibleName(self.tr("Result"))
        self.comment = QLineEdit()
        self.comment.setAccessibleName(self.tr("Comment"))
        self.comment.setMaxLength(store.MAX_COMMENT)  # longer would be refused at the save
        self.comment.setPlaceholderText(self.tr("Comment"))
        self.photo_button = button(self.tr("Photo…"), "photo", self.tr("Add a photo to the item"))
        self.photo_button.clicked.connect(self.pick_photo)
        self.choice.activated.connect(lambda _index: self._save_choice())
        for line in (self.value, self.comment):
            line.setToolTip(self.tr("Kept when you press Enter or leave the field"))
            line.returnPressed.connect(self.keep_typing)
            line.editingFinished.connect(self.keep_typing)  # focus gone elsewhere
        for editor in (self.value, self.choice, self.comment):
            editor.installEventFilter(self)
        self.value_label = QLabel(self.tr("V&alue:"))
        self.value_label.setBuddy(self.value)
        editors = QHBoxLayout()
        editors.addWidget(self.value_label)
        editors.addWidget(self.value, 1)
        editors.addWidget(self.choice, 1)
        comment_label = QLabel(self.tr("Comme&nt:"))
        comment_label.setBuddy(self.comment)
        editors.addWidget(comment_label)
        editors.addWidget(self.comment, 2)
        editors.addWidget(self.photo_button)
        return editors

    # -- showing -----------------------------------------------------------------
    def show_visit(self, ticket_id: int | None, *, writable: bool = True) -> None:
        if ticket_id is not None:
            store.ensure_checklists(self.db, ticket_id)
        lists = store.checklists(self.db, ticket_id) if ticket_id is not None else []
        self.show_lists(ticket_id, lists, store.templates(self.db), writable=writable)

    def show_lists(
        self,
        ticket_id: int | None,
        lists: list[Checklist],
        templates: list[tuple[int, str]],
        *,
        writable: bool = True,
    ) -> None:
        """Show checklists already read (``show_visit`` reads them here)."""
        same = ticket_id == self.ticket_id
        if not same:
            self.keep_typing()  # for the visit it was typed on, before that one goes
            self._editing = None  # kept (or the message bar said why not): not for this one
        keep = self.current_number() if same else None
        self.ticket_id = ticket_id
        self.lists = lists
        self._closed_out = ticket_id is not None and store.visit_closed_out(self.db, ticket_id)
        self._names.clear()  # read again for each visit shown: a name may have come since
        self._fill(keep)
        present = {c.name.casefold() for c in self.lists}
        for action in self.templates.actions():  # deleted later: one may be running now
            self.templates.removeAction(action)
            action.deleteLater()
        for _id, name in templates:
            if name.casefold() not in present:
                self.templates.addAction(name, partial(self.add_template, name))
        can_add = writable and not self.templates.isEmpty()
        self.add_button.setVisible(can_add)
        self.send_button.setEnabled(writable and bool(self.lists))
        self.setEnabled(ticket_id is not None)

    def _shown_name(self, login: str) -> str:
        if login not in self._names:
            self._names[login] = display_name(self.db, login)
        return self._names[login]

    def progress(self) -> tuple[int, int]:
        return sum(c.done for c in self.lists), sum(c.total for c in self.lists)

    def _fill(self, keep: int | None) -> None:
        self._filling = True
        self.tree.clear()
        current: QTreeWidgetItem | None = None
        for checklist in self.lists:
            head = QTreeWidgetItem([f"{checklist.name} — {checklist.done}/{checklist.total}"])
            head.setFirstColumnSpanned(True)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = QFont()
            font.setBold(True)
            head.setFont(ITEM, font)
            self.tree.addTopLevelItem(head)
            section = ""
            for entry in checklist.items:
                if entry.section and entry.section != section:
                    heading = QTreeWidgetItem(head, [entry.section])
                    heading.setFirstColumnSpanned(True)
                    heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
                    heading.setForeground(ITEM, QBrush(colour("heading")))
                section = entry.section
                row = QTreeWidgetItem(head)
                self._render(row, entry)
                if current is None or entry.number == keep:
                    current = row  # the item shown before, else the first
            head.setExpanded(True)
        self._filling = False
        self._summarise()
        if current is not None:
            self.tree.setCurrentItem(current)
        self._current_changed(self.tree.currentItem(), None)

    def _render(self, row: QTreeWidgetItem, entry: ChecklistItem) -> None:
        self._filling, was = True, self._filling
        text = spoken = f"{entry.number}. {entry.text}"
        if entry.required:  # a star to see, the word to hear (not "star")
            text += "  *"
            spoken += self.tr(", required")
        if not entry.in_template:
            gone = self.tr("  (no longer in the template)")
            text, spoken = text + gone, spoken + gone
        row.setText(ITEM, text)
        row.setData(ITEM, Qt.ItemDataRole.AccessibleTextRole, spoken)
        row.setData(ITEM, NUMBER_ROLE, entry.number)
        row.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemNeverHasChildren
        )
        row.setCheckState(ITEM, Qt.CheckState.Checked if entry.ticked else Qt.CheckState.Unchecked)
        row.setText(VALUE, entry.value_with_unit)  # "35 %", as the note to the helpdesk says it
        hint = " | ".join(entry.choices) if entry.choices else (entry.value_label or "…")
        row.setData(VALUE, HINT_ROLE, hint if entry.asks_value else "")
        row.setData(VALUE, Qt.ItemDataRole.AccessibleDescriptionRole, self._asks(entry))
        row.setForeground(VALUE, self.palette().text() if entry.value else QBrush(colour("muted")))
        # The app's photo icon, not a camera emoji many Linux laptops have no font for.
        row.setIcon(COMMENT, icon("photo") if entry.photo_name else QIcon())
        row.setText(COMMENT, entry.comment or "")
        row.setText(WHO, _who(entry, self._shown_name))
        tip = [entry.text]
        if entry.required:
            tip.append(self.tr("Required"))
        if entry.value:
            tip.append(self.tr("Value: {value}").format(value=entry.value))
        if entry.comment:  # its column hides in a narrow panel
            tip.append(self.tr("Comment: {comment}").format(comment=entry.comment))
        if entry.photo_name:
            tip.append(self.tr("Photo: {name}").format(name=entry.photo_name))
        if row.text(WHO):
            tip.append(self.tr("Done by {who}").format(who=row.text(WHO)))
        for column in (ITEM, VALUE, COMMENT, WHO):  # items come from the helpdesk
            row.setToolTip(column, plain_tooltip("\n".join(tip)))
        self._filling = was

    def _asks(self, entry: ChecklistItem) -> str:
        """What the item's value asks for, in words ("" when it asks none)."""
        if not entry.asks_value:
            return ""
        if entry.choices:
            return self.tr("One of: {choices}").format(choices=", ".join(entry.choices))
        if entry.value_label:
            return self.tr("Value in {unit}").format(unit=entry.value_label)
        return self.tr("Value")

    def _summarise(self) -> None:
        done, total = self.progress()
        if not self.lists:
            self.summary.setText("")
            self.empty.setText(
                self.tr(
                    "No checklist on this visit yet: the helpdesk's visit type brings one, "
                    "or add one with Add checklist."
                )
                if not self.templates.isEmpty() or store.templates(self.db)
                else self.tr("No checklist templates on this laptop yet (they come with a sync).")
            )
            self.empty.show()
            self.tree.hide()
            return
        self.empty.hide()
        self.tree.show()
        open_required = sum(len(c.missing_required) for c in self.lists)
        text = self.tr("{done}/{total} done").format(done=done, total=total)
        if open_required:
            text += self.tr(" · {n} required open").format(n=open_required)
        said = self._sending_said()
        if said:
            text += " · " + said
        self.summary.setText(text)

    def _sending_said(self) -> str:
        """Where the checklists are on their way to RT, honestly: "sent" only once RT
        has them (offline, a revision waits in the Outbox).  On a visit closed out a
        change is queued with its write; one that is not (a required item unticked,
        no reason given) says what sends it."""
        queued = [c for c in self.lists if c.delivery is not None]
        if not queued:
            return ""
        if any(c.delivery == "refused" for c in queued):
            return self.tr("refused by the helpdesk (see the Outbox)")
        if self._closed_out and any(c.not_queued for c in self.lists):
            return self.tr("not sent yet: press Send to helpdesk")
        waiting = any(c.delivery == "waiting" for c in queued)
        if any(c.changed_since_sent for c in queued):
            return self.tr("changed, not sent yet") if waiting else self.tr("changed since sent")
        return self.tr("waiting to be sent") if waiting else self.tr("sent")

    def current_number(self) -> int | None:
        row = self.tree.currentItem()
        number = row.data(ITEM, NUMBER_ROLE) if row is not None else None
        return int(number) if number is not None else None

    def current_entry(self) -> ChecklistItem | None:
        number = self.current_number()
        for checklist in self.lists:
            for entry in checklist.items:
                if entry.number == number:
                    return entry
        return None

    def item_rows(self) -> Iterator[QTreeWidgetItem]:
        """The rows that are items (not checklist or section headings)."""
        for i in range(self.tree.topLevelItemCount()):
            head = self.tree.topLevelItem(i)
            for j in range(head.childCount() if head is not None else 0):
                child = head.child(j) if head is not None else None
                if child is not None and child.data(ITEM, NUMBER_ROLE) is not None:
                    yield child

    def keyboard_entry(self) -> QWidget | None:
        """Where the keys start in this tab: the items, at the current one (the first if
        none), where Space ticks it -- not Add checklist above them, where Space opened
        the templates.  None when there is no item (the tab's buttons, then)."""
        if self.tree.isHidden():
            return None
        if self.current_number() is None:
            first = next(self.item_rows(), None)
            if first is None:
                return None
            self.tree.setCurrentItem(first)
        return self.tree

    def select_number(self, number: int) -> None:
        for row in self.item_rows():
            if row.data(ITEM, NUMBER_ROLE) == number:
                self.tree.setCurrentItem(row)
                return

    @Slot(QTreeWidgetItem, QTreeWidgetItem)
    def _current_changed(self, _current: QTreeWidgetItem | None, _previous: Any) -> None:
        if self._filling:
            return  # the rows are being made again: the item shown is chosen after
        entry = self.current_entry()
        shown = (entry.checklist_id, entry.key) if entry is not None else None
        typing = shown is not None and shown == self._editing  # the same item, drawn again
        if not typing:
            self.keep_typing()  # for the item left, before its editors show the next one
            entry = self.current_entry()  # as saved: the rows were read again
            self._editing = shown
        for editor in (self.value, self.choice, self.comment, self.photo_button):
            editor.setEnabled(entry is not None)
        asks_choice = entry is not None and bool(entry.choices)
        self.choice.setVisible(asks_choice)
        self.value.setVisible(not asks_choice)
        self.value_label.setBuddy(self.choice if asks_choice else self.value)
        if entry is None:
            self.value.clear()
            self.comment.clear()
            return
        if asks_choice:
            self.choice.clear()
            self.choice.addItem("")
            self.choice.addItems(list(entry.choices))
            self.choice.setCurrentText(entry.value or "")
        for line, text in ((self.value, entry.value), (self.comment, entry.comment)):
            if not (typing and line.isModified()):  # typing not kept yet stays as typed
                line.setText(text or "")
        self.value.setEnabled(entry.value_label is not None or not entry.asks_value)
        self.value.setPlaceholderText(
            self.tr("Value ({unit})").format(unit=entry.value_label)
            if entry.value_label
            else self.tr("Value")
        )
        self.photo_button.setText(self.tr("Photo ✓") if entry.photo_name else self.tr("Photo…"))

    # -- writes --------------------------------------------------------------------
    def _write(self, action: Callable[[], ChecklistItem], saved: str | None = None) -> bool:
        if self.ticket_id is None:
            return False
        entry = attempt(self.messages, action, saved=saved)
        number = self.current_number()
        self.lists = store.checklists(self.db, self.ticket_id)
        self._refresh_rows()
        if number is not None:
            self.select_number(number)
        if entry is None:
            return False
        self.saved.emit()
        return True

    def _refresh_rows(self) -> None:
        entries = {e.number: e for c in self.lists for e in c.items}
        self._filling = True
        for index, checklist in enumerate(self.lists):
            head = self.tree.topLevelItem(index)
            if head is not None:
                head.setText(ITEM, f"{checklist.name} — {checklist.done}/{checklist.total}")
        self._filling = False
        for row in self.item_rows():
            number = row.data(ITEM, NUMBER_ROLE)
            if number in entries:
                self._render(row, entries[number])
        self._summarise()

    @Slot(QTreeWidgetItem, int)
    def _item_changed(self, row: QTreeWidgetItem, column: int) -> None:
        if self._filling or column != ITEM or self.ticket_id is None:
            return
        number = row.data(ITEM, NUMBER_ROLE)
        if number is None:
            return
        ticked = row.checkState(ITEM) == Qt.CheckState.Checked
        ticket = self.ticket_id
        if not self._write(
            lambda: store.tick(self.db, ticket, int(number), ticked, by=self.user())
        ):
            return
        if not ticked and self._reason_wanted():
            # Asked once this tick's signal is over: sending fills the tree again.
            QTimer.singleShot(0, self, partial(self._send_correction, ticket, int(number)))

    def _reason_wanted(self) -> bool:
        """Closed out and sent before, and a change is not queued: a required item is
        undone with no reason on record (``sync.changes.checklist.send_correction``)."""
        sent_before = any(c.revision for c in self.lists)
        return self._closed_out and sent_before and any(c.not_queued for c in self.lists)

    def _send_correction(self, ticket: int, number: int) -> None:
        """A required item unticked on a visit closed out goes to the helpdesk once the
        technician says why; Cancel leaves it ticked, as the helpdesk has it."""
        if self.ticket_id != ticket or not self._reason_wanted() or self.send():
            return
        self._write(lambda: store.tick(self.db, ticket, number, True, by=self.user()))
        self.messages.info(
            self.tr("Item {n} stays ticked: undoing a required item needs a reason").format(
                n=number
            )
        )

    def _save_choice(self) -> None:
        entry, ticket, text = self.current_entry(), self.ticket_id, self.choice.currentText()
        if entry is None or ticket is None or (text or None) == entry.value:
            return
        self._write(lambda: store.set_value(self.db, ticket, entry.number, text, by=self.user()))

    @Slot()
    def keep_typing(self) -> bool:
        """Save what was typed in the value and the comment and not saved yet, for the
        item it was typed for (each field one local transaction).  False: a save failed
        (the message bar says why).  Nobody is asked: leaving a field keeps it."""
        typed = [line for line in (self.value, self.comment) if line.isModified()]
        if not typed or self._editing is None or self._keeping:
            return True
        self._keeping = True
        try:
            kept = [self._keep(line) for line in typed]  # each, even after a failure
        finally:
            self._keeping = False
        return all(kept)

    def _keep(self, line: QLineEdit) -> bool:
        field = "value" if line is self.value else "comment"
        setter: TextSetter = store.set_value if line is self.value else store.set_comment
        entry = self._entry_editing()
        ticket, text = self.ticket_id, line.text()
        if ticket is None:
            return False
        if entry is None:  # a template merged meanwhile dropped it (it had no work saved)
            self.messages.error(
                self.tr("That item left the checklist; not kept: {text}").format(text=text)
            )
            line.setModified(False)
            return False
        if (text.strip() or None) != getattr(entry, field):
            number = entry.number
            if not self._write(lambda: setter(self.db, ticket, number, text, by=self.user())):
                return False
        line.setModified(False)
        return True

    def _entry_editing(self) -> ChecklistItem | None:
        """The item the editors show (not necessarily the row now current)."""
        for checklist in self.lists:
            for entry in checklist.items:
                if (entry.checklist_id, entry.key) == self._editing:
                    return entry
        return None

    @Slot()
    def pick_photo(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        visit = ticket_store.get_visit(self.db, self.ticket_id) if self.ticket_id else None
        title = self.tr("Photo for item {n}").format(n=entry.number)
        if visit is not None:
            title = self.tr("{what} on {visit}").format(
                what=title, visit=VisitRef.of(visit).short()
            )
        chosen, _ = QFileDialog.getOpenFileName(self, title, "", self.tr(PHOTO_TYPES))
        if chosen:
            self.attach_photo(entry.number, Path(chosen))

    def attach_photo(self, number: int, path: Path) -> None:
        """Copy the photo into the profile (worker), then record it on the item."""
        ticket = self.ticket_id
        if ticket is None:
            return
        target = self.profile.attachments_dir
        # Imported at the first photo: the attachments' encryption is not needed to paint.
        from sync import attachments  # noqa: PLC0415

        def done(photo: Any) -> None:
            if self.ticket_id == ticket:
                self._write(
                    lambda: store.set_photo(self.db, ticket, number, photo, by=self.user()),
                    saved=self.tr("Photo saved on item {n}").format(n=number),
                )

        self.background.submit(lambda: attachments.import_file(target, path), done)

    def add_template(self, name: str) -> None:
        ticket = self.ticket_id
        if ticket is None:
            return
        if attempt(self.messages, lambda: store.add_checklist(self.db, ticket, name)) is not None:
            self.show_visit(ticket)
            self.saved.emit()

    @Slot()
    def send(self, reason: str | None = None) -> bool:
        """Queue the checklists for RT; asks for a reason when required items are open."""
        ticket = self.ticket_id
        if ticket is None or not self.keep_typing():  # what was just typed goes with it
            return False
        # Imported at the first send: the outbox's change kinds are not needed to paint.
        from sync.changes.checklist import RequiredItemsOpen, send_checklists  # noqa: PLC0415

        def queue() -> list[str] | RequiredItemsOpen:
            try:
                return send_checklists(self.db, ticket, author=self.user(), reason=reason)
            except RequiredItemsOpen as open_items:  # a question for the technician
                return open_items

        queued = attempt(self.messages, queue)
        if isinstance(queued, RequiredItemsOpen):
            reason = self.ask_reason(str(queued))
            return self.send(reason) if reason else False
        if queued is None:
            return False
        if queued:
            self.messages.info(self.tr("Checklist saved; it goes to the helpdesk at the next sync"))
            self.show_visit(ticket)
            self.saved.emit()
        else:
            self.messages.info(self.tr("The helpdesk already has this checklist as it is"))
        return True

    def ask_reason(self, why: str) -> str:
        """Required items are open: the technician says why (kept in the record)."""
        visit = ticket_store.get_visit(self.db, self.ticket_id) if self.ticket_id else None
        title = self.tr("Required items not done")
        if visit is not None:
            title = self.tr("{what} on {visit}").format(
                what=title, visit=VisitRef.of(visit).short()
            )
        question = (
            why.replace("; give a reason to send anyway", "")
            + "\n\n"
            + self.tr("Why are they not done? (kept with the checklist)")
        )
        # The items are the helpdesk's words, and the dialog's label guesses rich text.
        text, ok = QInputDialog.getText(self, title, plain_html(question))
        return text.strip() if ok else ""

    # -- leaving -----------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        """Watch the window this panel is in: at its Close the typing is kept, before
        the window shuts the replica (its closeEvent) and before the panel hides."""
        window = self.window()
        if window is not self and window is not self._window:
            if self._window is not None:
                self._window.removeEventFilter(self)
            window.installEventFilter(self)
            self._window = window
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        """Another tab, another screen, no visit shown: what was typed is kept."""
        self.keep_typing()
        super().hideEvent(event)

    # -- keyboard ------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.tree:
            self._fit_columns()
            return False
        if event.type() == QEvent.Type.Close and watched is self._window:
            # Kept before the window's closeEvent shuts the replica.  A failure is said
            # and the window still closes: no hide after it tries the shut replica again.
            self.keep_typing()
            for line in (self.value, self.comment):
                line.setModified(False)
            return False
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        if watched is self.tree and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            entry = self.current_entry()
            if entry is not None:
                target = self.choice if entry.choices else self.value
                (target if entry.asks_value else self.comment).setFocus()
                return True
        if watched is not self.tree and key == Qt.Key.Key_Escape:
            self.tree.setFocus()
            return True
        return super().eventFilter(watched, event)
