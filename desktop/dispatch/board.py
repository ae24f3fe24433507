"""The dispatch board: tickets to dispatch on the left, technicians' days on the right.

Drag a ticket onto a technician's row to assign and schedule it, drag a visit
to move or reassign it, drag it back to the list to unassign it; or use the
keyboard (Ctrl+Return opens the assign dialog).  Checks run before anything
is written; with warnings, the dialog shows them and the supervisor decides.
Every write is one local transaction with its outbox row (``sync.dispatch``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QItemSelection,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.common.buttons import show_chosen
from desktop.common.icons import icon
from desktop.common.messages import MessageBridge
from desktop.common.spoken import show_text
from desktop.common.theme import BADGE_TEXT, hex_colour
from desktop.common.user_errors import attempt
from desktop.dispatch.assign_dialog import AssignDialog
from desktop.dispatch.mime import DraggedTicket
from desktop.dispatch.models import SORT_ROLE, TICKET_ID_ROLE, QueueModel, window_minutes
from desktop.dispatch.queue import QueueView
from desktop.dispatch.timeline import TimelineView
from desktop.dispatch.timeline_paint import (
    NAME_WIDTH,
    STATUS_COLOURS,
    STATUS_MARKS,
    ShadingSample,
)
from sync import dispatch
from sync.dispatch import AssignmentWarning, Seen
from sync.stamps import parse_stamp
from sync.store import dispatch as board_store
from sync.store.dispatch import DispatchTicket
from sync.store.settings import get_setting, set_setting
from sync.store.users import display_name

if TYPE_CHECKING:
    import sqlite_utils


VIEW_SETTING = "dispatch.view"  # "day" or "week"


class DispatchBoard(QWidget):
    changed = Signal()  # after each committed local write

    def __init__(
        self,
        db: sqlite_utils.Database,
        messages: MessageBridge,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.messages = db, messages
        self.setAccessibleName(self.tr("Dispatch board"))
        # The view chosen last, as My visits keeps its scope; the days shown start at today.
        self.view = "day" if get_setting(db, VIEW_SETTING) == "day" else "week"
        self.anchor = datetime.now(dispatch.zone_of(db)).date()
        self.dialog: AssignDialog | None = None
        self._focus_ticket: int | None = None  # what Ctrl+Return assigns
        self._scrolled_for: list[date] = []
        self._build()
        self.day_action.setChecked(self.view == "day")
        self.week_action.setChecked(self.view == "week")
        self.refresh()

    # -- layout -------------------------------------------------------------------------
    def _build(self) -> None:
        splitter = QSplitter()
        splitter.addWidget(self._build_queue())
        splitter.addWidget(self._build_schedule())
        splitter.setStretchFactor(1, 3)
        splitter.setCollapsible(0, False)  # priority and SLA stay in sight (QueueView)
        splitter.setSizes([380, 1000])  # the list keeps its width; the schedule scrolls
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(splitter)

    def _build_queue(self) -> QWidget:
        self._make_actions()
        self.queue_model = QueueModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.queue_model)
        self.proxy.setSortRole(SORT_ROLE)
        self.queue = QueueView(self.proxy)
        self.queue.selectionModel().selectionChanged.connect(self._queue_selected)
        self.queue.pressed.connect(self._queue_pressed)  # also a row already selected
        self.queue.doubleClicked.connect(self._assign_selected)
        self.queue.returned.connect(self._returned)
        self.queue_title = QLabel()
        hint = QLabel(self.tr("Drag a ticket onto a technician's day, or Ctrl+Return."))
        hint.setWordWrap(True)
        hint.setStyleSheet(f"QLabel {{ color: {hex_colour('muted')}; }}")
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 6, 0)
        title_row = QHBoxLayout()
        title_row.addWidget(self.queue_title, 1)
        title_row.addWidget(self._button(self.assign_action, self.tr("Assign")))
        title_row.addWidget(self._button(self.unassign_action, self.tr("Unassign")))
        column.addLayout(title_row)
        column.addWidget(self.queue)
        column.addWidget(hint)
        return left

    def _build_schedule(self) -> QWidget:
        self.timeline = TimelineView()
        self.timeline.dropped.connect(self._on_drop)
        self.timeline.activated.connect(self._open_dialog_for)
        self.timeline.selection_changed.connect(self._visit_selected)
        self.schedule_scroll = scroll = QScrollArea()
        scroll.setWidget(self.timeline)
        scroll.setWidgetResizable(True)
        scroll.setAccessibleName(self.tr("Schedule"))
        self.empty = QLabel()
        show_text(
            self.empty,
            self.tr("Schedule is empty"),
            self.tr("No technicians yet: sync to fetch the Field Technicians group."),
        )
        self.legend = self._legend()
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(6, 0, 0, 0)
        column.addLayout(self._toolbar())
        column.addWidget(self.empty)
        column.addWidget(scroll, 1)
        column.addLayout(self.legend)
        return right

    def _action(self, text: str, shortcut: str, tip: str, icon_name: str) -> QAction:
        action = QAction(icon(icon_name) if icon_name else QIcon(), text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)  # on show only (kb/view.py)
        native = QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({native})")
        self.addAction(action)
        return action

    def _button(self, action: QAction, name: str) -> QToolButton:
        button = QToolButton()
        button.setDefaultAction(action)
        button.setAccessibleName(name)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setMinimumHeight(36)
        return button

    def _make_actions(self) -> None:
        # Arrows and words, no icons: the row must leave the list its width at 1024 px.
        self.previous_action = self._action(
            self.tr("&Previous"), "Alt+Left", self.tr("Earlier day or week"), icon_name=""
        )
        self.today_action = self._action(
            self.tr("T&oday"), "Alt+Home", self.tr("Back to today"), icon_name=""
        )
        self.next_action = self._action(
            self.tr("&Next"), "Alt+Right", self.tr("Later day or week"), icon_name=""
        )
        self.previous_action.setIconText("◀")  # the button; menus and F1 read the name
        self.next_action.setIconText("▶")
        self.day_action = self._action(self.tr("&Day"), "Alt+D", self.tr("One day"), icon_name="")
        self.week_action = self._action(
            self.tr("&Week"), "Alt+W", self.tr("Seven days"), icon_name=""
        )
        self.assign_action = self._action(
            self.tr("&Assign…"),
            "Ctrl+Return",
            self.tr("Assign or move the selected ticket with the keyboard"),
            "dispatch",
        )
        self.unassign_action = self._action(
            self.tr("&Unassign"),
            "Ctrl+Backspace",
            self.tr("Put the selected visit back in the queue"),
            "discard",
        )
        self.previous_action.triggered.connect(lambda: self._move(-1))
        self.next_action.triggered.connect(lambda: self._move(1))
        self.today_action.triggered.connect(self._today)
        self.day_action.triggered.connect(lambda: self.set_view("day"))
        self.week_action.triggered.connect(lambda: self.set_view("week"))
        self.assign_action.triggered.connect(self._assign_selected)
        self.unassign_action.triggered.connect(self._unassign_selected)
        for action in (self.day_action, self.week_action):
            action.setCheckable(True)

    def _toolbar(self) -> QHBoxLayout:
        self.range_label = QLabel()
        self.range_label.setStyleSheet("QLabel { font-weight: bold; padding: 0 12px; }")
        row = QHBoxLayout()
        views = QActionGroup(self)  # day or week, never both
        views.addAction(self.day_action)
        views.addAction(self.week_action)
        for action, name in (
            (self.previous_action, self.tr("Previous")),
            (self.today_action, self.tr("Today")),
            (self.next_action, self.tr("Next")),
        ):
            row.addWidget(self._button(action, name))
        row.addWidget(self.range_label)
        row.addStretch(1)
        for action, name in (
            (self.day_action, self.tr("Day view")),
            (self.week_action, self.tr("Week view")),
        ):
            button = self._button(action, name)
            show_chosen(button)  # the view shown reads at a glance, not by a faint bevel
            row.addWidget(button)
        return row

    def _legend(self) -> QHBoxLayout:
        """What the colours and marks mean: each status as its blocks show it (its colour,
        its mark); the shading's sample is painted as the schedule paints it."""
        sample = "<span style='background-color:{c}; color:{text}'>&nbsp;{m}&nbsp;{t}&nbsp;</span>"
        parts = [
            sample.format(c=colour, text=BADGE_TEXT, m=STATUS_MARKS[status], t=self.tr(status))
            for status, colour in STATUS_COLOURS.items()
        ]
        words = QLabel(
            "&nbsp;&nbsp;".join(parts)
            + "&nbsp;&nbsp;·&nbsp;&nbsp;"
            + self.tr("dashed, ●: not sent yet")
            + f"&nbsp;&nbsp;·&nbsp;&nbsp;<span style='color:{hex_colour('overdue')}'>"
            + self.tr("red, ⚠: changed on the helpdesk too")
            + "</span>"
        )
        words.setTextFormat(Qt.TextFormat.RichText)
        words.setWordWrap(True)
        self.legend_shading = ShadingSample()
        self.legend_shading.setAccessibleName(self.tr("Shading sample"))
        shaded = QLabel(self.tr("outside working hours"))
        row = QHBoxLayout()
        row.addWidget(words, 1)
        row.addSpacing(12)
        row.addWidget(self.legend_shading)
        row.addWidget(shaded)
        return row

    def focus_first(self) -> None:
        """The board shown (a supervisor's window opens on it): the focus in the queue."""
        self.queue.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- data ---------------------------------------------------------------------------
    def days(self) -> list[date]:
        if self.view == "day":
            return [self.anchor]
        monday = self.anchor - timedelta(days=self.anchor.weekday())
        return [monday + timedelta(days=n) for n in range(7)]

    def refresh(self) -> None:
        """Read the replica again (after a sync, or a write elsewhere)."""
        hours = dispatch.working_hours(self.db)
        days = self.days()
        first = datetime.combine(days[0], time(0), hours.zone)
        last = datetime.combine(days[-1] + timedelta(days=1), time(0), hours.zone)
        visits = board_store.scheduled_between(self.db, dispatch.iso(first), dispatch.iso(last))
        technicians = board_store.technicians(self.db)
        selected = self._selected_queue_ticket()
        waiting = board_store.to_dispatch(self.db)
        self.queue_model.set_tickets(waiting)
        show_text(
            self.queue_title,
            self.tr("Tickets to dispatch"),
            self.tr("<b>To dispatch</b> ({n})").format(n=len(waiting)),
        )
        if selected is not None:
            self._select_in_queue(selected)
        self.timeline.set_schedule(days, hours, technicians, visits)
        self.empty.setVisible(not technicians)
        if len(days) == 1:
            shown = days[0].strftime("%a %d %b %Y")
        else:
            shown = f"{days[0]:%d %b} – {days[-1]:%d %b %Y}"
        show_text(self.range_label, self.tr("Shown dates"), shown)
        self.queue.fit_columns()
        if days != self._scrolled_for:  # a new range: start at today (not on every refresh)
            self._scrolled_for = days
            QTimer.singleShot(0, self.scroll_to_today)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self.scroll_to_today)

    @Slot()
    def scroll_to_today(self) -> None:
        """Today's column at the left of the schedule (the first working day of another week)."""
        days = self.timeline.days
        today = datetime.now(self.timeline.zone).date()
        hours = self.timeline.hours
        working = [d for d in days if hours is None or d.weekday() in hours.days]
        target = today if today in days else (working or days)[0]
        left = self.timeline.day_left(days.index(target)) - NAME_WIDTH
        self.schedule_scroll.horizontalScrollBar().setValue(int(left))

    def set_view(self, view: str) -> None:
        self.view = view
        set_setting(self.db, VIEW_SETTING, view)
        self.day_action.setChecked(view == "day")
        self.week_action.setChecked(view == "week")
        self.refresh()

    def _move(self, steps: int) -> None:
        self.anchor += timedelta(days=steps * (1 if self.view == "day" else 7))
        self.refresh()

    @Slot()
    def _today(self) -> None:
        self.anchor = datetime.now(dispatch.zone_of(self.db)).date()
        self.refresh()
        self.scroll_to_today()  # also within the week on show

    # -- selection ----------------------------------------------------------------------
    def _selected_queue_ticket(self) -> int | None:
        rows = self.queue.selectionModel().selectedRows()
        return int(rows[0].data(TICKET_ID_ROLE)) if rows else None

    def _select_in_queue(self, ticket_id: int) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(TICKET_ID_ROLE) == ticket_id:
                self.queue.selectRow(row)
                return

    # One thing is selected on the board, what Ctrl+Return assigns: the queue's ticket or
    # the schedule's visit, whichever was chosen last (both shown selected misled).
    @Slot(QItemSelection, QItemSelection)
    def _queue_selected(self, _new: QItemSelection, _old: QItemSelection) -> None:
        ticket = self._selected_queue_ticket()
        if ticket is not None:
            self._focus_on_queue(ticket)

    @Slot(QModelIndex)
    def _queue_pressed(self, index: QModelIndex) -> None:
        if index.isValid():
            self._focus_on_queue(int(index.data(TICKET_ID_ROLE)))

    def _focus_on_queue(self, ticket_id: int) -> None:
        self._focus_ticket = ticket_id
        if self.timeline.selected is not None:
            self.timeline.select(None)

    @Slot(object)
    def _visit_selected(self, visit: DispatchTicket | None) -> None:
        if visit is not None:
            self._focus_ticket = visit.id
            self.queue.clearSelection()

    # -- proposing and writing -----------------------------------------------------------
    @Slot()
    def _assign_selected(self) -> None:
        if self._focus_ticket is None:
            self._focus_ticket = self._selected_queue_ticket()
        if self._focus_ticket is None:
            self.messages.info(self.tr("Select a ticket or a visit first."))
            return
        self._open_dialog_for(self._focus_ticket)

    @Slot(int)
    def _open_dialog_for(self, ticket_id: int) -> None:
        ticket = board_store.get_ticket(self.db, ticket_id)
        if ticket is None:
            return
        start, end = self._proposed_window(ticket)
        self._open_dialog(ticket, ticket.owner, start, end)

    def _proposed_window(self, ticket: DispatchTicket) -> tuple[datetime, datetime]:
        """The visit's own window, or the first working hour shown that is not past."""
        if ticket.visit_start and ticket.visit_end:
            return parse_stamp(ticket.visit_start), parse_stamp(ticket.visit_end)
        hours = dispatch.working_hours(self.db)
        start = datetime.combine(self.days()[0], hours.start, hours.zone).astimezone(UTC)
        now = datetime.now(UTC)
        if start < now:
            start = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
        return start, start + timedelta(minutes=window_minutes(ticket))

    def _open_dialog(
        self, ticket: DispatchTicket, owner: str | None, start: datetime, end: datetime
    ) -> None:
        dialog = AssignDialog(
            ticket,
            board_store.technicians(self.db),
            owner=owner,
            start=start,
            end=end,
            zone=dispatch.zone_of(self.db),
            check=lambda who, s, e: self._warnings(ticket.id, who, s, e),
            propose=lambda who, length: dispatch.slot_meeting_sla(
                self.db, ticket.id, prefer=who, length=length
            ),
            parent=self,
        )
        dialog.accepted.connect(self._dialog_accepted)
        self.dialog = dialog
        dialog.open()  # window-modal, returns at once: the board stays responsive

    @Slot()
    def _dialog_accepted(self) -> None:
        dialog = self.dialog
        if dialog is None:
            return
        start, end = dialog.visit_window()
        self._write(dialog.ticket.id, dialog.owner(), start, end, seen=Seen.of(dialog.ticket))
        self.dialog = None
        dialog.deleteLater()

    def _warnings(
        self, ticket_id: int, owner: str, start: datetime, end: datetime
    ) -> list[AssignmentWarning]:
        return dispatch.warnings_for(self.db, ticket_id, owner=owner, start=start, end=end)

    @Slot(object, object, object)
    def _on_drop(self, item: DraggedTicket, technician: str, start: datetime) -> None:
        ticket = board_store.get_ticket(self.db, item.ticket_id)
        if ticket is None:
            return
        end = start + timedelta(minutes=item.minutes)
        moved_meanwhile = item.seen is not None and Seen.of(ticket) != item.seen
        if not moved_meanwhile and self._warnings(ticket.id, technician, start, end):
            # Nothing is written yet: the dialog shows why, the supervisor decides.
            self._open_dialog(ticket, technician, start, end)
        else:  # a visit a sync moved during the drag is refused there, with what it is now
            self._write(ticket.id, technician, start, end, seen=item.seen)

    def _write(
        self,
        ticket_id: int,
        owner: str,
        start: datetime,
        end: datetime,
        *,
        seen: Seen | None = None,
    ) -> None:
        """Assign; ``seen``: the visit as the supervisor saw it (nothing is written if a
        sync changed it meanwhile: the board shows it as it is now)."""
        row = attempt(
            self.messages,
            lambda: dispatch.assign(self.db, ticket_id, owner, start, end, seen=seen) or "",
        )
        if row is None:  # refused, said why; what changed shows on the board
            self.refresh()
            return
        if not row:
            self.messages.info(self.tr("#{id} is already assigned so.").format(id=ticket_id))
            return
        zone = dispatch.zone_of(self.db)
        self.messages.info(
            self.tr("#{id} → {owner}, {start}-{end}; sent at the next sync").format(
                id=ticket_id,
                owner=display_name(self.db, owner),
                start=start.astimezone(zone).strftime("%a %d %b %H:%M"),
                end=end.astimezone(zone).strftime("%H:%M"),
            )
        )
        self.timeline.select(ticket_id)
        self.refresh()
        self.changed.emit()

    @Slot()
    def _unassign_selected(self) -> None:
        visit = self.timeline.selected_visit()
        if visit is None:
            self.messages.info(self.tr("Select a visit on the schedule first."))
            return
        self._unassign(visit.id, Seen.of(visit))

    @Slot(object)
    def _returned(self, item: DraggedTicket) -> None:
        self._unassign(item.ticket_id, item.seen)

    def _unassign(self, ticket_id: int, seen: Seen | None) -> None:
        row = attempt(self.messages, lambda: dispatch.unassign(self.db, ticket_id, seen=seen) or "")
        if row is None:  # refused, said why; what changed shows on the board
            self.refresh()
            return
        if not row:
            self.messages.info(self.tr("#{id} was not assigned.").format(id=ticket_id))
            return
        self.messages.info(
            self.tr("#{id} is back in the queue; sent at the next sync").format(id=ticket_id)
        )
        self.refresh()
        self.changed.emit()
