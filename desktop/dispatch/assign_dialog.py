"""Assign or move a visit with the keyboard; also where warnings are read before writing.

The dialog only proposes: the board runs the checks (through ``check``) and
writes.  Warnings show as the fields change; with warnings the button says
"Assign anyway", so going ahead is a choice, never an accident.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from PySide6.QtCore import QDate, Qt, QTime, Slot
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
from desktop.common.spoken import show_text
from sync.dispatch import AssignmentWarning, Proposal
from sync.store.dispatch import DispatchTicket, Technician

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
        local_start, local_end = start.astimezone(zone), end.astimezone(zone)
        self.day = QDateEdit(QDate(local_start.year, local_start.month, local_start.day))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("ddd dd MMM yyyy")
        self.day.setAccessibleName(self.tr("Visit day"))
        self.start = self._time_edit(local_start.time(), self.tr("Visit start"))
        self.end = self._time_edit(local_end.time(), self.tr("Visit end"))

        form = QFormLayout()
        form.addRow(self._label(self.tr("&Technician:"), self.technician), self.technician)
        form.addRow(self._label(self.tr("&Day:"), self.day), self.day)
        form.addRow(self._label(self.tr("&Start:"), self.start), self.start)
        form.addRow(self._label(self.tr("&End:"), self.end), self.end)

        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setTextFormat(Qt.TextFormat.RichText)
        self.warnings.setStyleSheet("QLabel { color: #b45309; padding: 6px 0; }")

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
        layout.addWidget(self.warnings)
        layout.addLayout(proposal_row)
        layout.addWidget(self.buttons)
        for signal in (
            self.technician.currentIndexChanged,
            self.day.dateChanged,
            self.start.timeChanged,
            self.end.timeChanged,
        ):
            signal.connect(self._recheck)
        self._recheck()

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
        """Start and end in UTC (an end before the start is the next day: a night visit)."""
        day: date = self.day.date().toPython()  # type: ignore[assignment]
        start_t: time = self.start.time().toPython()  # type: ignore[assignment]
        end_t: time = self.end.time().toPython()  # type: ignore[assignment]
        start = datetime.combine(day, start_t, self.zone)
        end = datetime.combine(day, end_t, self.zone)
        if end <= start:
            end += timedelta(days=1)
        return start.astimezone(UTC), end.astimezone(UTC)

    @Slot()
    def _recheck(self) -> None:
        start, end = self.visit_window()
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
                "<br>".join(f"⚠ {html.escape(w.message)}" for w in found),
            )
        else:
            show_text(
                self.warnings,
                self.tr("Warnings"),
                self.tr("No clashes: inside working hours, before the SLA."),
            )
        if self.owner() and start.astimezone(self.zone).date() != end.astimezone(self.zone).date():
            # The CLI refuses an end before the start; here it is a night visit: said so.
            overnight = self.tr("Ends the next day: an overnight visit.")
            show_text(self.warnings, self.tr("Warnings"), f"{overnight}<br>{self.warnings.text()}")
        self._show_proposal(any(w.kind == "sla" for w in found), end - start)
        self.ok.setEnabled(bool(self.owner()))
        self.ok.setText(self.tr("Assign &anyway") if found else self.tr("&Assign"))
        self.ok.setToolTip(self.tr("Save the assignment; it is sent at the next sync (Return)"))

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
        end = proposal.end.astimezone(self.zone)
        for edit in (self.technician, self.day, self.start, self.end):
            edit.blockSignals(True)
        self.technician.setCurrentIndex(max(0, self.technician.findData(proposal.owner)))
        self.day.setDate(QDate(start.year, start.month, start.day))
        self.start.setTime(QTime(start.hour, start.minute))
        self.end.setTime(QTime(end.hour, end.minute))
        for edit in (self.technician, self.day, self.start, self.end):
            edit.blockSignals(False)
        self._recheck()
