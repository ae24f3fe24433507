"""Small work-action dialogs: status, parts used, serial number, escalation, time log."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.common.action_dialog import ActionDialog, Save, VisitRef
from desktop.common.buttons import TOUCH_HEIGHT, button
from desktop.common.screen_room import scroll_rows
from desktop.common.text_box import text_box
from desktop.common.theme import hex_colour
from desktop.common.times import clock_text, local_time, short_time
from desktop.visit.composer import reply_goes_to
from sync.change_limits import MAX_NOTE_MINUTES
from sync.store import timers as timer_store
from sync.store.assets import Asset

if TYPE_CHECKING:  # the workflow loads with the first write
    from sync.store.timers import Timer
    from sync.workflow import SignedReport

STATUS_TEXT = {
    "open": ("Working on it", "open"),
    "stalled": ("Waiting (parts, customer, third party)", "stalled"),
    "resolved": ("Resolved — the work is done", "resolved"),
    "new": ("New", "new"),
    "rejected": ("Rejected", "rejected"),
}


def signed_when(stamp: str) -> str:
    """When a report was signed, as the technician reads it: 'at 10:42' today, else
    'on Mon 07 Dec 10:42'."""
    moment = local_time(stamp)
    if moment.date() == datetime.now().astimezone().date():
        return f"at {clock_text(moment)}"
    return f"on {short_time(stamp)}"


def signed_by(signed: SignedReport) -> str:
    """'The report signed at 10:42 by Julie Marsh'."""
    who = f" by {signed.signer}" if signed.signer else ""
    return f"The report signed {signed_when(signed.signed_at)}{who}"


def timers_text(held: Sequence[Timer]) -> str:
    """ "⏱ On-site timer running: 1:38:06 · travel timer stopped, not logged: 25:10"."""
    shown = []
    for timer in held:
        state = "running" if timer.running else "stopped, not logged"
        clock = timer_store.clock(timer.seconds())
        shown.append(f"{timer_store.NAMES[timer.kind]} {state}: {clock}")
    text = " · ".join(shown)
    return "⏱ " + text[:1].upper() + text[1:]


def _muted(label: QLabel, warn: bool = False) -> QLabel:
    label.setTextFormat(Qt.TextFormat.PlainText)  # a signer's name: the technician's typing
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {hex_colour('warn' if warn else 'muted')};")
    return label


class StatusDialog(ActionDialog):
    def __init__(
        self,
        current: str,
        allowed: tuple[str, ...],
        save: Save,
        parent: QWidget | None = None,
        *,
        open_required: tuple[str, ...] = (),
        signed: SignedReport | None = None,
        timers: Sequence[Timer] = (),
        requestors: Sequence[str] = (),
        cc: Sequence[str] | None = (),
        watched: bool = False,
    ) -> None:
        """``open_required``: required checklist items not done: resolving asks why.

        Choosing Resolved asks, in the same dialog, for the resolution note and the
        time; offers to send the note to the customer too, as a reply (unticked; off
        when the visit has no ``requestors``; whom it goes to said as the reply composer
        says it, with the ticket's ``cc`` and ``watched``); offers to stop the visit's
        ``timers`` (running or not logged) and log their time with it (ticked); and
        offers the customer's signature on the service report next: ticked unless the
        visit's last ``signed`` report already has all there is (it never has the
        resolution: the dialog says so)."""
        super().__init__(self.tr("Change status"), self.tr("Set status"), save, parent)
        # On a screen lower than the choices and the close-out need (a 1024×600 netbook)
        # they scroll, and Cancel and Set status stay on it.
        self.scroll_area, self.body = scroll_rows(self.body)
        now = self.tr("Now: <b>{s}</b>. Set it to:").format(s=html.escape(current))
        self.body.addWidget(QLabel(now))
        self.choices = QButtonGroup(self)
        for index, status in enumerate(allowed):
            label, code = STATUS_TEXT.get(status, (status, status))
            choice = QRadioButton(f"&{index + 1}  {self.tr(label)}  ({code})")
            choice.setMinimumHeight(TOUCH_HEIGHT)
            choice.setAccessibleName(self.tr(label))
            choice.setProperty("status", status)
            self.choices.addButton(choice)
            self.body.addWidget(choice)
        self.warning = QLabel(self._open_required_text(open_required))
        self.warning.setTextFormat(Qt.TextFormat.PlainText)  # checklist items: the helpdesk's
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(f"color: {hex_colour('warn')};")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(
            self.tr("Why not? (required to resolve; kept in the record)")
        )
        self.reason.setAccessibleName(self.tr("Why the required items are not done"))
        self.reason.setMinimumHeight(TOUCH_HEIGHT)
        self.reason.textChanged.connect(self._show_reason)
        self.status.setWordWrap(True)  # "Say why…" beside the buttons, whole in a narrow dialog
        self.body.addWidget(self.warning)
        self.body.addWidget(self.reason)
        self.timers = tuple(timers)
        self.signed = signed
        self.requestors = tuple(address for address in requestors if address)
        self.reply_goes_to = reply_goes_to(self.requestors, cc, watched=watched)
        self._close_out()
        self._asks_reason = bool(open_required)
        self.choices.buttonToggled.connect(lambda *_: self._show_reason())
        first = self.choices.buttons()[0] if self.choices.buttons() else None
        if first is not None:
            first.setChecked(True)
            first.setFocus()
        self._show_reason()

    def belongs_to(self, visit: VisitRef) -> None:
        super().belongs_to(visit)
        # The visit's line comes after the dialog sized itself to its rows: without this
        # it took its room from them, and the last choice scrolled out of sight.
        self._fit_size()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """The digit before each choice picks it, without Alt (unless typing the reason)."""
        number = event.key() - Qt.Key.Key_1
        choices = self.choices.buttons()
        plain = not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
        typing = isinstance(self.focusWidget(), (QLineEdit, QPlainTextEdit, QAbstractSpinBox))
        if plain and 0 <= number < len(choices) and not typing:
            choices[number].setChecked(True)
            choices[number].setFocus()
            return
        super().keyPressEvent(event)

    def _close_out(self) -> None:
        self.resolution = text_box()
        self.resolution.setAccessibleName(self.tr("Resolution note"))
        self.resolution.setPlaceholderText(self.tr("How it was resolved (required)"))
        self.resolution.setMinimumHeight(90)
        self.resolution.textChanged.connect(self._show_reason)
        self.minutes = QSpinBox()
        self.minutes.setRange(0, MAX_NOTE_MINUTES)
        self.minutes.setSingleStep(5)
        self.minutes.setSuffix(self.tr(" min"))
        self.minutes.setMinimumHeight(TOUCH_HEIGHT)
        self.minutes.setAccessibleName(self.tr("Time spent in minutes"))
        minutes_label = QLabel(self.tr("&Time spent:"))
        minutes_label.setBuddy(self.minutes)
        self._customer_rows()
        self._timer_rows()
        self.besides = _muted(QLabel(self.tr("besides {whose}").format(whose=self.timer_words)))
        self.sign_next = QCheckBox(self.tr("&Sign the service report with the customer next"))
        self.sign_next.setMinimumHeight(TOUCH_HEIGHT)
        self.sign_next.setChecked(self.signed is None or self._report_out_of_date())
        self.sign_note = _muted(QLabel())
        time_row = QHBoxLayout()
        time_row.addWidget(minutes_label)
        time_row.addWidget(self.minutes)
        time_row.addWidget(self.besides)
        time_row.addStretch()
        self.close_out = QWidget()
        rows = QVBoxLayout(self.close_out)
        rows.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(self.tr("&Resolution:"))
        heading.setBuddy(self.resolution)
        rows.addWidget(heading)
        rows.addWidget(self.resolution)
        rows.addWidget(self.tell_customer)
        rows.addWidget(self.who_reads)
        if self.timers:
            rows.addWidget(self.timer_line)
            rows.addWidget(self.log_timers)
            rows.addWidget(self.timer_warning)
        rows.addLayout(time_row)
        rows.addWidget(self.sign_next)
        rows.addWidget(self.sign_note)
        self.body.addWidget(self.close_out)
        self._show_who_reads()
        self._show_timers()

    def _customer_rows(self) -> None:
        """The note is the team's unless ticked: then it goes to the customer as a reply.
        Either way, who reads it is said under it."""
        self.tell_customer = QCheckBox(self.tr("Also send this to the &customer"))
        self.tell_customer.setMinimumHeight(TOUCH_HEIGHT)
        self.tell_customer.setEnabled(bool(self.requestors))
        self.tell_customer.toggled.connect(self._show_who_reads)
        self.who_reads = _muted(QLabel())  # the requestors' and Ccs' addresses: as written

    @Slot()
    def _show_who_reads(self) -> None:
        if not self.requestors:
            text = self.tr(
                "The visit has no requestor, so there is no customer to send it to: it is"
                " kept in the visit's history for the next technician."
            )
            self.tell_customer.setToolTip(text)
        elif self.tell_customer.isChecked():
            text = self.reply_goes_to
        else:
            text = self.tr(
                "Kept in the visit's history for the next technician; the customer is told"
                " the visit is resolved."
            )
        self.who_reads.setText(text)
        self.tell_customer.setAccessibleDescription(text)
        if self.close_out.isVisibleTo(self):
            self._fit_size()  # its words wrap to other lines

    def _timer_rows(self) -> None:
        """The visit's timers: their time is logged with the resolution unless unticked,
        and said either way (the report the customer signs has only time logged)."""
        self.timer_line = QLabel()
        self.timer_line.setStyleSheet(f"color: {hex_colour('running')}; font-weight: 600;")
        several = len(self.timers) > 1
        self.log_timers = QCheckBox(
            self.tr("&Log the timers' time with the resolution (they stop)")
            if several
            else self.tr("&Log the timer's time with the resolution (it stops)")
        )
        self.log_timers.setChecked(bool(self.timers))
        self.log_timers.setMinimumHeight(TOUCH_HEIGHT)
        self.log_timers.toggled.connect(self._show_timers)
        whose = self.tr("the timers' time") if several else self.tr("the timer's time")
        self.timer_warning = _muted(
            QLabel(
                self.tr(
                    "⚠ The service report and RT's time worked will leave out {whose};"
                    " the timer keeps it until you stop it."
                ).format(whose=whose)
            ),
            warn=True,
        )
        self.timer_words = whose
        self.ticker = QTimer(self)  # the running timer's clock, as the timer bar shows it
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self._show_timers)
        if any(timer.running for timer in self.timers):
            self.ticker.start()

    def done(self, result: int) -> None:
        self.ticker.stop()
        super().done(result)

    def _report_out_of_date(self) -> bool:
        """The signed report leaves out work written since, or the timers' time."""
        if self.signed is None:
            return False
        timed = any(timer.seconds() >= 30 for timer in self.timers)
        return self.signed.out_of_date or (timed and self.log_timers.isChecked())

    @Slot()
    def _show_timers(self) -> None:
        if self.timers:
            self.timer_line.setText(timers_text(self.timers))
        logged = bool(self.timers) and self.log_timers.isChecked()
        warned = bool(self.timers) and not logged
        changed = self.besides.isVisibleTo(self) != logged or (
            self.timer_warning.isVisibleTo(self) != warned
        )
        self.besides.setVisible(logged)
        self.timer_warning.setVisible(warned)
        self._show_signed()
        if changed and self.close_out.isVisibleTo(self):
            self._fit_size()

    def _show_signed(self) -> None:
        """What the signed report leaves out, when there is one."""
        if self.signed is None:
            self.sign_note.setVisible(False)
            return
        timed = self.logs_timers() and any(t.seconds() >= 30 for t in self.timers)
        left_out = self.signed.added_text([self.timer_words] if timed else [])
        report = signed_by(self.signed)
        if left_out:
            text = self.tr(
                "⚠ {report} is out of date: it leaves out {what}. Sign a new one to replace it."
            ).format(report=report, what=left_out)
        else:
            text = self.tr(
                "{report} has all the work so far; the resolution will not be on it unless"
                " you sign again."
            ).format(report=report)
        self.sign_note.setText(text)
        self.sign_note.setStyleSheet(f"color: {hex_colour('warn' if left_out else 'muted')};")
        self.sign_note.setVisible(True)

    def _show_reason(self) -> None:
        resolving = self.values() == "resolved"
        shown = self._asks_reason and resolving
        self.warning.setVisible(shown)
        self.reason.setVisible(shown)
        grows = resolving and not self.close_out.isVisibleTo(self)
        self.close_out.setVisible(resolving)
        # Said here, not behind the dialog in the window's message bar, where it went unseen.
        needs_reason = shown and not self.reason.text().strip()
        self.say(self.reason_needed() if needs_reason else "")
        self.save_button.setEnabled(
            not resolving or (bool(self.resolution.toPlainText().strip()) and not needs_reason)
        )
        if grows or not resolving:
            self._fit_size()

    def _fit_size(self) -> None:
        """As wide as the rows' least width, and as tall as the rows shown need at that
        width, within the screen: moved up if its bottom would leave it, the rows
        scrolling if even the screen is too low.  ``adjustSize`` took the wrapped
        warning's height at a narrower width, and drew the time over the resolution."""
        layout, rows = self.layout(), self.body
        if layout is None:
            return
        layout.activate()
        rows.activate()
        self._fit_width(layout)
        width = self.scroll_area.viewport().width()
        needed_rows = (
            rows.totalHeightForWidth(width)
            if rows.hasHeightForWidth()
            else rows.totalSizeHint().height()
        )
        # The rest: the visit's line, the buttons and the margins.
        around = layout.totalSizeHint().height() - self.scroll_area.sizeHint().height()
        screen = self.screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry()
        frame = self.frameGeometry().height() - self.height()  # the title bar, if any
        height = min(around + needed_rows, room.height() - frame)
        self.resize(self.width(), max(height, layout.totalMinimumSize().height()))
        outer = self.frameGeometry()
        if outer.bottom() > room.bottom():
            self.move(self.x(), max(room.top(), room.bottom() + 1 - outer.height()))

    def _fit_width(self, layout: QLayout) -> None:
        """At a large font a choice ("Resolved — the work is done (resolved)") is wider
        than the dialog's usual minimum (set by hand, so Qt's layout keeps to it): the
        minimum follows the rows, which never scroll sideways."""
        least = layout.totalMinimumSize().width()
        if least > self.minimumWidth():
            self.setMinimumWidth(least)
        if least > self.width():
            self.resize(least, self.height())
            layout.activate()  # the rows' new width, before their height is asked

    def resolution_values(self) -> tuple[str, int, bool]:
        """The resolution note, its minutes, and whether the signature comes next."""
        return (
            self.resolution.toPlainText().strip(),
            self.minutes.value(),
            self.sign_next.isChecked(),
        )

    def tells_customer(self) -> bool:
        """Whether the resolution goes to the customer, as a reply."""
        return self.tell_customer.isEnabled() and self.tell_customer.isChecked()

    def logs_timers(self) -> bool:
        """Whether the visit's timers stop and their time is logged with the resolution."""
        return bool(self.timers) and self.log_timers.isChecked()

    def _open_required_text(self, open_required: tuple[str, ...]) -> str:
        return self.tr("⚠ Required checklist items are not done: {items}").format(
            items="; ".join(open_required[:4]) + ("…" if len(open_required) > 4 else "")
        )

    def reason_needed(self) -> str:
        return self.tr("Say why the required items are not done")

    def ask_reason(self, open_required: tuple[str, ...]) -> None:
        """Required items found open on saving (unticked since it opened): the reason is
        asked here, its field shown and focused, Save off until one is typed."""
        self._asks_reason = True
        self.warning.setText(self._open_required_text(open_required))
        self._show_reason()
        self.reason.setFocus()

    def reason_text(self) -> str:
        return self.reason.text().strip() if self.reason.isVisibleTo(self) else ""

    def choose(self, status: str) -> None:
        for choice in self.choices.buttons():
            choice.setChecked(choice.property("status") == status)

    def values(self) -> str:
        checked = self.choices.checkedButton()
        return str(checked.property("status")) if checked is not None else ""


class PartsDialog(ActionDialog):
    def __init__(self, parts: list[str], save: Save, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Parts used"), self.tr("Save parts"), save, parent)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Parts used"))
        self.list.addItems(parts)
        self.list.setStyleSheet("QListWidget::item { padding: 6px; }")
        self.entry = QLineEdit()
        self.entry.setPlaceholderText(self.tr("Part, e.g. '1 x HP RM2-5399 fuser' — Enter adds"))
        self.entry.setAccessibleName(self.tr("New part"))
        self.entry.setMinimumHeight(TOUCH_HEIGHT)
        add = button(self.tr("&Add"), "parts", self.tr("Add the part (Enter)"))
        add.clicked.connect(self.add_part)
        # No underlined letter: its key is Del (the tooltip says so).
        remove = button(self.tr("Remove"), "discard", self.tr("Remove the selected part (Del)"))
        remove.clicked.connect(self.remove_part)
        remove.setShortcut("Del")
        row = QHBoxLayout()
        row.addWidget(self.entry, 1)
        row.addWidget(add)
        row.addWidget(remove)
        self.body.addWidget(QLabel(self.tr("One line per part, with the quantity:")))
        self.body.addWidget(self.list)
        self.body.addLayout(row)
        self.entry.setFocus()
        self.resize(520, 380)

    def enter_handled(self) -> bool:
        """Enter in the part field adds the part; Enter with nothing typed saves."""
        if self.focusWidget() is self.entry and self.entry.text().strip():
            self.add_part()
            return True
        return False

    @Slot()
    def add_part(self) -> None:
        text = " ".join(self.entry.text().split())
        if text:
            self.list.addItem(text)
            self.entry.clear()

    @Slot()
    def remove_part(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)

    def values(self) -> list[str]:
        pending = self.entry.text().strip()  # typed but not added: the user means it
        return [self.list.item(i).text() for i in range(self.list.count())] + (
            [pending] if pending else []
        )


class SerialDialog(ActionDialog):
    def __init__(
        self, assets: list[Asset], selected: int | None, save: Save, parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("Serial number"), self.tr("Save serial"), save, parent)
        self.assets = {a.id: a for a in assets}
        self.asset = QComboBox()
        self.asset.setAccessibleName(self.tr("Equipment"))
        self.asset.setMinimumHeight(TOUCH_HEIGHT)
        for a in assets:
            self.asset.addItem(f"{a.name} — {a.model or ''}", a.id)
        if selected is not None:
            self.asset.setCurrentIndex(max(0, self.asset.findData(selected)))
        self.current = QLabel()
        self.current.setTextFormat(Qt.TextFormat.PlainText)  # the helpdesk's serial
        self.serial = QLineEdit()
        self.serial.setAccessibleName(self.tr("Serial number as on the label"))
        self.serial.setPlaceholderText(self.tr("As printed on the label"))
        self.serial.setMinimumHeight(TOUCH_HEIGHT)
        self.serial.setStyleSheet("font-family: monospace; font-size: 13pt;")
        self.asset.currentIndexChanged.connect(self._show_current)
        equipment_label = QLabel(self.tr("&Equipment:"))
        equipment_label.setBuddy(self.asset)
        self.body.addWidget(equipment_label)
        self.body.addWidget(self.asset)
        self.body.addWidget(self.current)
        label = QLabel(self.tr("&Serial number:"))
        label.setBuddy(self.serial)
        self.body.addWidget(label)
        self.body.addWidget(self.serial)
        self._show_current()
        self.serial.setFocus()
        self.resize(460, 0)

    @Slot()
    def _show_current(self) -> None:
        asset = self.assets.get(self.asset.currentData())
        recorded = asset.serial if asset and asset.serial else self.tr("none")
        self.current.setText(self.tr("Recorded now: {s}").format(s=recorded))
        self.serial.setText(asset.serial or "" if asset else "")
        self.serial.selectAll()

    def values(self) -> tuple[int, str]:
        return int(self.asset.currentData()), self.serial.text()


class EscalateDialog(ActionDialog):
    def __init__(self, save: Save, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Escalate to the supervisor"), self.tr("Escalate"), save, parent)
        explain = QLabel(
            self.tr(
                "The supervisor gets an internal note with your reason, and the visit's"
                " priority goes up. Say what you need: parts, another visit, a decision…"
            )
        )
        explain.setWordWrap(True)
        self.reason = text_box()
        self.reason.setAccessibleName(self.tr("Reason for escalating"))
        self.reason.setPlaceholderText(self.tr("Why, and what you need (required)"))
        self.reason.textChanged.connect(self._update)
        self.body.addWidget(explain)
        self.body.addWidget(self.reason)
        self.reason.setFocus()
        self.resize(520, 300)
        self._update()

    @Slot()
    def _update(self) -> None:
        self.save_button.setEnabled(bool(self.reason.toPlainText().strip()))

    def values(self) -> str:
        return self.reason.toPlainText()


class TimeLogDialog(ActionDialog):
    """Log a stopped timer's time: minutes and the note, both prefilled."""

    def __init__(
        self, label: str, minutes: int, note: str, save: Save, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            self.tr("Log {what} time").format(what=label.lower()), self.tr("Log time"), save, parent
        )
        self.minutes = QSpinBox()
        self.minutes.setRange(1, MAX_NOTE_MINUTES)
        self.minutes.setValue(max(1, minutes))
        self.minutes.setSuffix(self.tr(" min"))
        self.minutes.setAccessibleName(self.tr("Minutes"))
        self.minutes.setMinimumHeight(TOUCH_HEIGHT)
        self.note = QLineEdit(note)
        self.note.setAccessibleName(self.tr("Note"))
        self.note.setMinimumHeight(TOUCH_HEIGHT)
        minutes_label = QLabel(self.tr("&Time to add to the visit's time worked:"))
        minutes_label.setBuddy(self.minutes)
        note_label = QLabel(self.tr("&Note:"))
        note_label.setBuddy(self.note)
        self.body.addWidget(minutes_label)
        self.body.addWidget(self.minutes)
        self.body.addWidget(note_label)
        self.body.addWidget(self.note)
        self.body.addWidget(
            QLabel(self.tr("Cancel keeps the time on the stopped timer; nothing is lost."))
        )
        self.minutes.setFocus()

    def values(self) -> tuple[int, str]:
        return self.minutes.value(), self.note.text()
