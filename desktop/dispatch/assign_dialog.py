"""Assign or move a visit with the keyboard; also where warnings are read before writing.

The dialog only proposes: the board runs the checks (through ``check``) and
writes.  Warnings show as the fields change; with warnings the button says
"Assign anyway", so going ahead is a choice, never an accident.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date, datetime, time, timedelta, tzinfo

from PySide6.QtCore import QDate, QSignalBlocker, Qt, QTime, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.common.icons import icon
from desktop.common.screen_room import grow_to_its_text
from desktop.common.spoken import announce, show_text
from desktop.common.theme import hex_colour
from desktop.dispatch.models import as_shown
from sync.dispatch import AssignmentWarning, Proposal, local_moment
from sync.shown_text import shown_text
from sync.stamps import parse_stamp
from sync.store.dispatch import DispatchTicket, Technician
from sync.store.outbox import InvalidChange

Checker = Callable[[str, datetime, datetime], list[AssignmentWarning]]
Proposer = Callable[[str, timedelta], Proposal | None]  # technician, length → a window


class AssignDialog(QDialog):
    def __init__(
        self,
        ticket: DispatchTicket,
        technicians: list[Technician],
        *,
        owner: str | None,
        start: datetime,
        end: datetime,
        zone: tzinfo,
        check: Checker,
        propose: Proposer | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        ticket = as_shown(ticket)  # its words as every screen shows them
        self.ticket, self.zone, self._check, self._propose = ticket, zone, check, propose
        self.proposal: Proposal | None = None
        self.not_a_technician = ""  # the owner, when not in the technicians group
        self.setWindowTitle(self.tr("Assign #{id}").format(id=ticket.id))
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(460)

        # Subjects and sites come from the helpdesk: escaped, never interpreted.
        heading = QLabel(
            f"<b>#{ticket.id} {html.escape(ticket.subject)}</b><br>{html.escape(ticket.site or '')}"
        )
        heading.setTextFormat(Qt.TextFormat.RichText)
        heading.setWordWrap(True)

        self.technician = self._technician_choice(ticket, technicians, owner)
        form = self._window_form(start, end)
        form.insertRow(0, self._label(self.tr("&Technician:"), self.technician), self.technician)

        # Said whenever OK would write another window than the visit's booked one.
        self.change = QLabel()
        self.change.setWordWrap(True)
        self.change.setTextFormat(Qt.TextFormat.PlainText)  # a window in words, nothing else
        self.change.setStyleSheet("QLabel { font-weight: bold; padding: 6px 0 0 0; }")

        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setTextFormat(Qt.TextFormat.RichText)
        self.warnings.setStyleSheet(f"QLabel {{ color: {hex_colour('warn')}; padding: 6px 0; }}")

        proposal_row = self._proposal_row()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setAccessibleName(self.tr("Assign"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.change)
        layout.addWidget(self.warnings)
        layout.addLayout(proposal_row)
        layout.addWidget(self.buttons)
        self.technician.currentIndexChanged.connect(self._recheck)
        self.day.dateChanged.connect(self._start_moved)
        self.start.timeChanged.connect(self._start_moved)
        self.end_day.dateChanged.connect(self._end_day_moved)
        self.end.timeChanged.connect(self._end_time_moved)
        self._recheck()

    def _window_form(self, start: datetime, end: datetime) -> QFormLayout:
        """Start and end, each a day and a time: a visit may last several days."""
        local_start, local_end = start.astimezone(self.zone), end.astimezone(self.zone)
        self.day = self._date_edit(local_start.date(), self.tr("Visit start day"))
        self.start = self._time_edit(local_start.time(), self.tr("Visit start"))
        self.end_day = self._date_edit(local_end.date(), self.tr("Visit end day"))
        self.end = self._time_edit(local_end.time(), self.tr("Visit end"))
        # The length is kept when the start moves (the end follows); only the end changes it.
        self._length = end - start
        self._end_days = _end_days(local_start, local_end)
        self.length = QLabel()
        self.length.setAccessibleName(self.tr("Length"))
        form = QFormLayout()
        form.addRow(self._label(self.tr("&Start:"), self.day), self._row(self.day, self.start))
        form.addRow(self._label(self.tr("&End:"), self.end_day), self._row(self.end_day, self.end))
        form.addRow(self.tr("Length:"), self.length)
        return form

    def _technician_choice(
        self, ticket: DispatchTicket, technicians: list[Technician], owner: str | None
    ) -> QComboBox:
        choice = QComboBox()
        choice.setAccessibleName(self.tr("Technician"))
        self.team_known = bool(technicians)
        for person in technicians:
            choice.addItem(icon("person"), person.label, person.name)
        if owner is not None and choice.findData(owner) < 0 and technicians:
            # Held by someone outside the group (a supervisor, a technician who left): said
            # so, and nobody is chosen for the supervisor; Assign waits for a choice.
            holder = ticket.owner_name if owner == ticket.owner and ticket.owner_name else owner
            choice.insertItem(0, self.tr("{name} (not a technician)").format(name=holder), "")
            self.not_a_technician = holder
        if owner is not None:
            choice.setCurrentIndex(max(choice.findData(owner), 0))
        return choice

    def _proposal_row(self) -> QHBoxLayout:
        """When the SLA cannot be met: the first window that meets it, one click away."""
        self.proposal_text = QLabel()
        self.proposal_text.setTextFormat(Qt.TextFormat.PlainText)  # a technician's name
        self.proposal_text.setWordWrap(True)
        self.use_proposal = QPushButton(self.tr("&Use this slot"))
        self.use_proposal.setAutoDefault(False)
        self.use_proposal.clicked.connect(self.take_proposal)
        row = QHBoxLayout()
        row.addWidget(self.proposal_text, 1)
        row.addWidget(self.use_proposal)
        return row

    def _date_edit(self, value: date, name: str) -> QDateEdit:
        edit = QDateEdit(QDate(value.year, value.month, value.day))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("ddd dd MMM yyyy")
        edit.setAccessibleName(name)
        return edit

    def _row(self, day: QDateEdit, clock: QTimeEdit) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(day, 1)
        row.addWidget(clock)
        return row

    def _time_edit(self, value: time, name: str) -> QTimeEdit:
        edit = QTimeEdit(QTime(value.hour, value.minute))
        edit.setDisplayFormat("HH:mm")
        edit.setAccessibleName(name)
        edit.setMinimumHeight(34)
        return edit

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    # -- the proposal ------------------------------------------------------------------
    def owner(self) -> str:
        return str(self.technician.currentData() or "")

    def visit_window(self) -> tuple[datetime, datetime]:
        """Start and end in UTC, as the fields show them.

        InvalidChange for a time the clocks skip (read as the command line reads it)."""
        start = local_moment(_day(self.day), _clock(self.start), self.zone)
        end = local_moment(_day(self.end_day), _clock(self.end), self.zone)
        return start, end

    @Slot()
    def _start_moved(self) -> None:
        """The end follows the start: moving a visit keeps its length."""
        try:
            start = local_moment(_day(self.day), _clock(self.start), self.zone)
        except InvalidChange:
            pass  # said by _recheck; the end follows once the start exists
        else:
            self._show_end((start + self._length).astimezone(self.zone))
        self._recheck()

    @Slot()
    def _end_time_moved(self) -> None:
        """The end stays as many days after the start as it was."""
        self._place_end(self._end_days)

    @Slot()
    def _end_day_moved(self) -> None:
        self._end_days = (_day(self.end_day) - _day(self.day)).days
        self._place_end(self._end_days)

    def _place_end(self, days: int) -> None:
        """The end days after the start's day; it changes the length.  On the start's day
        but not after its time, it is the next day (a night visit): the end day shows it."""
        if days == 0 and _clock(self.end) <= _clock(self.start):
            days = 1
        end_day = _day(self.day) + timedelta(days=days)
        with QSignalBlocker(self.end_day):
            self.end_day.setDate(QDate(end_day.year, end_day.month, end_day.day))
        try:
            start, end = self.visit_window()
        except InvalidChange:
            pass  # said by _recheck
        else:
            if end > start:
                self._length = end - start
        self._recheck()

    def _show_end(self, end: datetime) -> None:
        with QSignalBlocker(self.end_day), QSignalBlocker(self.end):
            self.end_day.setDate(QDate(end.year, end.month, end.day))
            self.end.setTime(QTime(end.hour, end.minute))
        self._end_days = _end_days(datetime.combine(_day(self.day), _clock(self.start)), end)

    @Slot()
    def _recheck(self) -> None:
        """Check the window as the fields show it; new warnings are read out (politely:
        the focus stays in the field being changed) and the dialog grows to show them."""
        said = self.warnings.accessibleName()
        self._check_window()
        if self.isVisible() and self.warnings.accessibleName() != said:
            announce(self.warnings, self.warnings.accessibleName())
        grow_to_its_text(self)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        grow_to_its_text(self)  # Qt opens a window at most 2/3 of the screen high

    def _check_window(self) -> None:
        try:
            start, end = self.visit_window()
        except InvalidChange as skipped:  # a time the clocks skip
            self._refuse(str(skipped))
            return
        if end <= start:
            self._refuse(self.tr("The visit would end before it starts: move its end."))
            return
        self._show_length_and_change(start, end)
        found = self._check(self.owner(), start, end) if self.owner() else []
        if not self.team_known:
            show_text(
                self.warnings,
                self.tr("Warnings"),
                self.tr("There are no technicians to assign to: sync first."),
            )
        elif not self.owner():
            show_text(
                self.warnings,
                self.tr("Warnings"),
                self.tr("{name} is not in the technicians group: choose a technician.").format(
                    name=html.escape(self.not_a_technician)
                ),
            )
        elif found:
            show_text(
                self.warnings,
                self.tr("Warnings"),
                # a warning names other visits by their site or subject: the helpdesk's words
                "<br>".join(f"⚠ {html.escape(shown_text(w.message))}" for w in found),
            )
        else:
            show_text(
                self.warnings,
                self.tr("Warnings"),
                self.tr("No clashes: inside working hours, before the SLA."),
            )
        later_day = self._later_day_words(start, end)
        if self.owner() and later_day:
            # The CLI refuses an end before the start; here it is a night visit: said so.
            show_text(self.warnings, self.tr("Warnings"), f"{later_day}<br>{self.warnings.text()}")
        self._show_proposal(any(w.kind == "sla" for w in found), end - start)
        self.ok.setEnabled(bool(self.owner()))
        self.ok.setText(self.tr("Assign &anyway") if found else self.tr("&Assign"))
        self.ok.setToolTip(self.tr("Save the assignment; it is sent at the next sync (Return)"))

    def _refuse(self, why: str) -> None:
        """A window that cannot be written: why, and no way to write it."""
        show_text(self.length, self.tr("Length"), "–")
        self.change.hide()
        show_text(self.warnings, self.tr("Warnings"), f"⚠ {html.escape(why)}")
        self._show_proposal(False, timedelta(0))
        self.ok.setEnabled(False)

    def _later_day_words(self, start: datetime, end: datetime) -> str:
        days = (end.astimezone(self.zone).date() - start.astimezone(self.zone).date()).days
        if not days:
            return ""
        if days == 1 and end - start < timedelta(days=1):
            return self.tr("Ends the next day: an overnight visit.")
        return self.tr("Ends {day}: a visit over {count} days.").format(
            day=end.astimezone(self.zone).strftime("%a %d %b"), count=days + 1
        )

    def _show_length_and_change(self, start: datetime, end: datetime) -> None:
        """The length, and the booked window when OK would write another one."""
        show_text(self.length, self.tr("Length"), self._length_words(end - start))
        booked = self._booked_window()
        self.change.setVisible(booked is not None and booked != (start, end))
        if booked is not None and booked != (start, end):
            show_text(
                self.change,
                self.tr("Time change"),
                self.tr(
                    "Changes the booked time:\nwas {was} ({was_length}),\nnow {now} ({now_length})."
                ).format(
                    was=self._span(*booked),
                    was_length=self._length_words(booked[1] - booked[0]),
                    now=self._span(start, end),
                    now_length=self._length_words(end - start),
                ),
            )

    def _booked_window(self) -> tuple[datetime, datetime] | None:
        ticket = self.ticket
        try:
            return parse_stamp(ticket.visit_start or ""), parse_stamp(ticket.visit_end or "")
        except ValueError:  # not booked (or a stamp the replica cannot read)
            return None

    def _span(self, start: datetime, end: datetime) -> str:
        """ "Mon 07 Dec 08:00–17:00", or "Mon 07 Dec 08:00 – Tue 08 Dec 17:00"."""
        first, last = start.astimezone(self.zone), end.astimezone(self.zone)
        if first.date() == last.date():
            return f"{first:%a %d %b %H:%M}–{last:%H:%M}"
        return f"{first:%a %d %b %H:%M} – {last:%a %d %b %H:%M}"

    def _length_words(self, length: timedelta) -> str:
        """ "45 min", "9 h", "1 day 9 h 30 min"."""
        minutes = int(length.total_seconds() // 60)
        days, rest = divmod(minutes, 24 * 60)
        hours, minutes = divmod(rest, 60)
        parts = []
        if days:
            parts.append(self.tr("1 day") if days == 1 else self.tr("{n} days").format(n=days))
        if hours:
            parts.append(self.tr("{n} h").format(n=hours))
        if minutes or not parts:
            parts.append(self.tr("{n} min").format(n=minutes))
        return " ".join(parts)

    def _show_proposal(self, sla_missed: bool, length: timedelta) -> None:
        self.proposal = (
            self._propose(self.owner(), length) if sla_missed and self._propose else None
        )
        if self.proposal is not None:
            who = self.technician.itemText(self.technician.findData(self.proposal.owner))
            start = self.proposal.start.astimezone(self.zone)
            end = self.proposal.end.astimezone(self.zone)
            show_text(
                self.proposal_text,
                self.tr("Slot that meets the SLA"),
                self.tr("First slot that meets the SLA: {who}, {day} {start}–{end}").format(
                    who=who,
                    day=start.strftime("%a %d %b"),
                    start=start.strftime("%H:%M"),
                    end=end.strftime("%H:%M"),
                ),
            )
        elif sla_missed and self._propose:
            show_text(
                self.proposal_text,
                self.tr("Slot that meets the SLA"),
                self.tr("No technician has a free slot in working hours before the SLA is due."),
            )
        self.proposal_text.setVisible(sla_missed and self._propose is not None)
        self.use_proposal.setVisible(self.proposal is not None)

    @Slot()
    def take_proposal(self) -> None:
        """Fill technician, day and times with the proposed slot (checked again at once)."""
        proposal = self.proposal
        if proposal is None:
            return
        start = proposal.start.astimezone(self.zone)
        with (
            QSignalBlocker(self.technician),
            QSignalBlocker(self.day),
            QSignalBlocker(self.start),
        ):
            self.technician.setCurrentIndex(max(0, self.technician.findData(proposal.owner)))
            self.day.setDate(QDate(start.year, start.month, start.day))
            self.start.setTime(QTime(start.hour, start.minute))
        self._length = proposal.end - proposal.start
        self._show_end(proposal.end.astimezone(self.zone))
        self._recheck()


def _day(edit: QDateEdit) -> date:
    day: date = edit.date().toPython()  # type: ignore[assignment]
    return day


def _clock(edit: QTimeEdit) -> time:
    clock: time = edit.time().toPython()  # type: ignore[assignment]
    return clock


def _end_days(start: datetime, end: datetime) -> int:
    """Days from the start's (local) day to the end's; 0 for an end the next day not
    after the start's time: a night visit, which an end time moved later keeps short."""
    days = (end.date() - start.date()).days
    return 0 if days == 1 and end.time() <= start.time() else days
