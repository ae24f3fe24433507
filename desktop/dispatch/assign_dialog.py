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
    QLabel,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.common.icons import icon
from sync.dispatch import AssignmentWarning
from sync.store.dispatch import DispatchTicket, Technician

Checker = Callable[[str, datetime, datetime], list[AssignmentWarning]]


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
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ticket, self.zone, self._check = ticket, zone, check
        self.setWindowTitle(self.tr("Assign #{id}").format(id=ticket.id))
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(460)

        # Subjects and sites come from the helpdesk: escaped, never interpreted.
        heading = QLabel(
            f"<b>#{ticket.id} {html.escape(ticket.subject)}</b><br>{html.escape(ticket.site or '')}"
        )
        heading.setTextFormat(Qt.TextFormat.RichText)
        heading.setWordWrap(True)

        self.technician = QComboBox()
        self.technician.setAccessibleName(self.tr("Technician"))
        for person in technicians:
            self.technician.addItem(icon("person"), f"{person.label} ({person.name})", person.name)
        if owner is not None:
            found = self.technician.findData(owner)
            self.technician.setCurrentIndex(max(found, 0))
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
        self.warnings.setAccessibleName(self.tr("Warnings"))
        self.warnings.setStyleSheet("QLabel { color: #b45309; padding: 6px 0; }")

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
        layout.addWidget(self.buttons)
        for signal in (
            self.technician.currentIndexChanged,
            self.day.dateChanged,
            self.start.timeChanged,
            self.end.timeChanged,
        ):
            signal.connect(self._recheck)
        self._recheck()

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
        if not self.owner():
            self.warnings.setText(self.tr("There are no technicians to assign to: sync first."))
        elif found:
            self.warnings.setText("<br>".join(f"⚠ {html.escape(w.message)}" for w in found))
        else:
            self.warnings.setText(self.tr("No clashes: inside working hours, before the SLA."))
        self.ok.setEnabled(bool(self.owner()))
        self.ok.setText(self.tr("Assign &anyway") if found else self.tr("&Assign"))
        self.ok.setToolTip(self.tr("Save the assignment; it is sent at the next sync (Return)"))
