"""The service report: signed on the pad, made into a PDF here, attached to the visit.

The PDF is laid out by QTextDocument from HTML we build (every value escaped)
and written by QPdfWriter into memory; nothing leaves the laptop until the
sync sends the note that carries it.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QMarginsF,
    QSize,
    Qt,
    QTimer,
    QUrl,
    Slot,
)
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from desktop.common.action_dialog import ActionDialog, Save
from desktop.common.buttons import TOUCH_HEIGHT, button
from desktop.common.screen_room import resize_within_screen, scroll_rows
from desktop.common.text_box import text_box
from desktop.common.theme import hex_colour
from desktop.common.times import local_time, short_time
from desktop.visit.dialogs import signed_by, timers_text
from desktop.visit.signature import SignaturePad
from sync.store import timers
from sync.store.assets import Touch
from sync.store.checklists import Checklist

SIGNATURE_URL = "signature.png"

if TYPE_CHECKING:  # the workflow and the outbox load with the first report
    from sync.workflow import ReportContent, SignedReport

# The report dialog's "Stop and log its time": the visit's timers logged, and the
# report's content read again (None: refused, the message says why).
LogTimers = Callable[[int], "ReportContent | None"]


@dataclass(frozen=True)
class ReportValues:
    content: ReportContent
    signer: str
    signature: QImage
    signature_png: bytes


def report_filename(ticket_id: int, when: datetime) -> str:
    return f"service-report-{ticket_id}-{when:%Y%m%d-%H%M}.pdf"


def _minutes_text(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min" if hours else f"{rest} min"


def replaces_text(signed: SignedReport) -> str:
    """The new report's first words when one was signed earlier: on the PDF and its note."""
    who = f" by {signed.signer}" if signed.signer else ""
    when = local_time(signed.signed_at)
    return f"This report replaces the one signed on {when:%d %B %Y at %H:%M}{who}."


def unlogged_minutes(content: ReportContent, now: datetime | None = None) -> int:
    """The time on the visit's timers, not logged: not in ``content.minutes``."""
    return timers.minutes_to_log(sum(timer.seconds(now) for timer in content.unlogged))


def report_html(content: ReportContent, signer: str, when: datetime) -> str:

    esc = html.escape
    address = esc(content.address or "").replace("\n", "<br>")
    window = esc(short_time(content.visit_start))
    if content.visit_end:
        window += f" to {esc(short_time(content.visit_end)[-5:])}"
    work = "".join(
        f"<p>{esc(p).replace(chr(10), '<br>')}</p>"
        for p in content.work_done.split("\n\n")
        if p.strip()
    )
    parts = "".join(f"<li>{esc(p)}</li>" for p in content.parts) or "<li>none</li>"
    replaces = f"<p><i>{esc(replaces_text(content.replaces))}</i></p>" if content.replaces else ""
    unlogged = unlogged_minutes(content)
    not_in = (
        f"<br><i>not included: {_minutes_text(unlogged)} on the visit timer, not logged yet</i>"
        if content.unlogged
        else ""
    )
    return f"""
    <h1 style='color:#0b1f4d'>Service report</h1>
    {replaces}
    <table width='100%' cellspacing='0' cellpadding='4'>
      <tr><td width='28%'><b>Visit</b></td><td>#{content.ticket_id} {esc(content.subject)}</td></tr>
      <tr><td><b>Site</b></td><td>{esc(content.site or "")}<br>{address}</td></tr>
      <tr><td><b>Contact</b></td><td>{esc(content.contact or "")}</td></tr>
      <tr><td><b>Scheduled</b></td><td>{window or "—"}</td></tr>
      <tr><td><b>Technician</b></td><td>{esc(content.technician)}</td></tr>
      <tr><td><b>Time worked</b></td><td>{_minutes_text(content.minutes)}
        (today: {_minutes_text(content.minutes_today)}){not_in}</td></tr>
      <tr><td><b>Date</b></td><td>{when:%d %B %Y, %H:%M}</td></tr>
    </table>
    <h2>Work done</h2>{work or "<p>—</p>"}
    <h2>Parts used</h2><ul>{parts}</ul>
    {equipment_html(content.assets)}
    {checklists_html(content.checklists)}
    <h2>Customer signature</h2>
    <p><img src='{SIGNATURE_URL}' width='300'></p>
    <p>Signed by <b>{esc(signer)}</b> on {when:%d %B %Y at %H:%M}.</p>
    """


def equipment_html(touches: list[Touch]) -> str:
    """What the visit did to equipment: added, replaced (serials, RMA), retired, edited."""
    if not touches:
        return ""
    lines = "".join(
        f"<li><b>{html.escape(t.asset_name)}</b> {html.escape(t.action)}"
        + (f": {html.escape(t.detail)}" if t.detail else "")
        + "</li>"
        for t in touches
    )
    return f"<h2>Equipment</h2><ul>{lines}</ul>"


def checklists_html(checklists: list[Checklist]) -> str:
    """Each checklist as a table: item, result, value, comment."""
    from sync.changes.checklist import result_of  # noqa: PLC0415 - the outbox, at a report only

    esc = html.escape
    sections = []
    for checklist in checklists:
        rows = "".join(
            "<tr>"
            f"<td>{entry.number}</td><td>{esc(entry.text)}</td>"
            f"<td>{esc(result_of(entry, checklist.reason))}</td>"
            f"<td>{esc(entry.value or '')}</td><td>{esc(entry.comment or '')}</td>"
            "</tr>"
            for entry in checklist.items
        )
        sections.append(
            f"<h2>Checklist: {esc(checklist.name)} ({checklist.done}/{checklist.total} done)</h2>"
            "<table width='100%' border='1' cellspacing='0' cellpadding='3'"
            " style='border-collapse: collapse'>"
            "<tr><th>#</th><th>Item</th><th>Result</th><th>Value</th><th>Comment</th></tr>"
            f"{rows}</table>"
        )
    return "".join(sections)


def render_pdf(values: ReportValues, when: datetime) -> bytes:
    """The report as PDF bytes (A4, generated locally)."""
    document = QTextDocument()
    document.addResource(
        QTextDocument.ResourceType.ImageResource, QUrl(SIGNATURE_URL), values.signature
    )
    document.setHtml(report_html(values.content, values.signer, when))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(f"Service report #{values.content.ticket_id}")
    writer.setCreator("FieldDesk")
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter)
    document.print_(writer)
    del writer  # finishes the file
    buffer.close()
    return bytes(data.data())


class ServiceReportDialog(ActionDialog):
    def __init__(
        self,
        content: ReportContent,
        signer: str,
        save: Save,
        parent: QWidget | None = None,
        *,
        log_timers: LogTimers | None = None,
    ) -> None:
        """``log_timers``: stops and logs the visit's timers, offered while they hold time
        the report would leave out."""
        super().__init__(
            self.tr("Service report and signature"), self.tr("Save signed report"), save, parent
        )
        self.content = content
        self._log_timers = log_timers
        # What the customer reads and their name scroll on a low screen (a laptop at 150 %),
        # Save staying on it; the pad below keeps its room for a finger, and takes what
        # height the form leaves to spare.
        around = self.body
        self.scroll_area, self.body = scroll_rows(around)
        # "Needs the customer's name and signature" beside the buttons: whole at 15 pt.
        self.status.setWordWrap(True)
        self._facts()
        self.work = text_box(content.work_done)
        self.work.setAccessibleName(self.tr("Work done"))
        self.work.setPlaceholderText(self.tr("Work done, as the customer will read it"))
        self.signer = QLineEdit(signer)
        self.signer.setAccessibleName(self.tr("Customer's name"))
        self.signer.setPlaceholderText(self.tr("Customer's name (required)"))
        self.signer.setMinimumHeight(TOUCH_HEIGHT)
        self.signer.textChanged.connect(self._update)
        self.pad = SignaturePad()
        self.pad.changed.connect(self._update)
        clear = button(self.tr("C&lear"), "discard", self.tr("Start the signature again (Alt+L)"))
        clear.clicked.connect(self.pad.clear)
        undo = button(self.tr("Undo stroke"), "edit", self.tr("Remove the last stroke (Ctrl+Z)"))
        undo.setShortcut("Ctrl+Z")
        undo.clicked.connect(self.pad.undo)

        work_label = QLabel(self.tr("&Work done:"))
        work_label.setBuddy(self.work)
        self.body.addWidget(work_label)
        self.body.addWidget(self.work, 2)
        self._internal_notes()
        name_label = QLabel(self.tr("Customer's &name:"))
        name_label.setBuddy(self.signer)
        self.body.addWidget(name_label)
        self.body.addWidget(self.signer)
        around.addWidget(self.pad, 1)
        row = QHBoxLayout()
        row.addWidget(undo)
        row.addWidget(clear)
        row.addStretch()
        around.addLayout(row)
        self._show_content()
        resize_within_screen(self, 720, 700)
        self._update()
        self.work.setFocus()  # not Cancel (first in the chain), where Enter cancelled

    def _facts(self) -> None:
        """The lines above the work done: a report signed earlier, what this one says of
        time and parts, and time on a timer it leaves out."""
        # A report signed earlier: when, by whom, what this one adds; it is replaced.
        self.earlier = QLabel()
        self.earlier.setTextFormat(Qt.TextFormat.PlainText)  # a signer's name
        self.earlier.setWordWrap(True)
        # The visit is named on the dialog's first line; this says what else the report shows.
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.unlogged = QLabel()
        self.unlogged.setWordWrap(True)
        self.unlogged.setTextFormat(Qt.TextFormat.PlainText)
        self.unlogged.setStyleSheet(f"color: {hex_colour('warn')};")
        self.log_button = button(
            self.tr("Stop and log its &time"),
            "time",
            self.tr("Stop the visit's timer and log its time, so the report includes it"),
        )
        self.log_button.clicked.connect(self.log_timers)
        self.ticker = QTimer(self)  # a running timer's clock
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self._show_unlogged)
        self.body.addWidget(self.earlier)
        self.body.addWidget(self.summary)
        timer_row = QHBoxLayout()
        timer_row.addWidget(self.unlogged, 1)
        timer_row.addWidget(self.log_button)
        self.body.addLayout(timer_row)

    def _internal_notes(self) -> None:
        """Today's internal notes, apart from the work done and unticked: the note dialog
        promised "never by the customer", so one reaches the report only when ticked."""
        notes = self.content.internal_notes
        self.internal_label = QLabel(
            self.tr(
                "Your internal notes today — your team only, not on the report."
                " Tick one to add it to the work done:"
            )
        )
        self.internal_label.setWordWrap(True)
        self.internal_label.setStyleSheet(f"color: {hex_colour('warn')}; font-weight: 600;")
        self.internal = QListWidget()
        self.internal.setAccessibleName(self.tr("Internal notes, not on the report"))
        row = QSize(0, self.internal.fontMetrics().height() + 14)  # room for a finger
        for note in notes:
            item = QListWidgetItem(" ".join(note.split()))  # one line each; whole in its tip
            item.setSizeHint(row)
            item.setToolTip(note)
            item.setData(Qt.ItemDataRole.UserRole, note)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.internal.addItem(item)
        # Up to three rows shown, more scroll: the signature pad keeps its room.
        self.internal.setFixedHeight(
            min(len(notes), 3) * row.height() + 2 * self.internal.frameWidth()
        )
        self.internal.itemChanged.connect(self._internal_ticked)
        # Hidden until the technician asks: the customer reads this screen to sign it.
        self.show_internal = QPushButton(
            self.tr("Your internal notes today ({n})…").format(n=len(notes))
        )
        self.show_internal.setCheckable(True)
        self.show_internal.setToolTip(
            self.tr("Team-only notes, kept off the screen while the customer reads and signs")
        )
        self.show_internal.setVisible(bool(notes))
        for shown in (self.internal_label, self.internal):
            shown.setVisible(False)
            self.show_internal.toggled.connect(shown.setVisible)
        self.body.addWidget(self.show_internal, 0, Qt.AlignmentFlag.AlignLeft)
        self.body.addWidget(self.internal_label)
        self.body.addWidget(self.internal)

    @Slot(QListWidgetItem)
    def _internal_ticked(self, item: QListWidgetItem) -> None:
        """Ticked: the note is added to the work done, as the technician chose; unticked:
        taken out again, unless it was edited there."""
        note = str(item.data(Qt.ItemDataRole.UserRole))
        written = self.work.toPlainText().rstrip()
        paragraphs = [p.strip() for p in written.split("\n\n")]
        if item.checkState() == Qt.CheckState.Checked:
            if note not in paragraphs:
                self.work.setPlainText(f"{written}\n\n{note}" if written else note)
        elif note in paragraphs:
            self.work.setPlainText("\n\n".join(p for p in paragraphs if p != note))

    def _show_content(self) -> None:
        content = self.content
        parts = ", ".join(content.parts) or self.tr("none")
        self.summary.setText(
            self.tr("On the report: ⏱ {time} worked · parts: {parts}").format(
                time=_minutes_text(content.minutes), parts=parts
            )
        )
        earlier = content.replaces
        self.earlier.setVisible(earlier is not None)
        if earlier is not None:
            added = earlier.added_text()
            self.earlier.setText(
                self.tr(
                    "{report} — added since: {added}. This one covers all of today's work and"
                    " replaces it."
                ).format(report=signed_by(earlier), added=added)
                if added
                else self.tr(
                    "{report} — nothing has been added since. This one replaces it."
                ).format(report=signed_by(earlier))
            )
            colour = hex_colour("warn" if added else "muted")
            self.earlier.setStyleSheet(f"color: {colour}; font-weight: 600;")
        running = any(timer.running for timer in content.unlogged)
        if running and not self.ticker.isActive():
            self.ticker.start()
        elif not running:
            self.ticker.stop()
        self._show_unlogged()

    @Slot()
    def _show_unlogged(self) -> None:
        held = self.content.unlogged
        self.unlogged.setVisible(bool(held))
        self.log_button.setVisible(bool(held) and self._log_timers is not None)
        if held:
            self.unlogged.setText(
                self.tr("⚠ Not on this report: {timers}").format(timers=timers_text(held))
            )

    @Slot()
    def log_timers(self) -> None:
        """Stop and log the timers' time now; the report then says it."""
        if self._log_timers is None:
            return
        content = self._log_timers(self.content.ticket_id)
        if content is not None:
            self.content = replace(content, work_done=self.content.work_done)
            self._show_content()
            self.work.setFocus()

    def done(self, result: int) -> None:
        self.ticker.stop()
        super().done(result)

    @Slot()
    def _update(self) -> None:
        ready = not self.pad.empty and bool(self.signer.text().strip())
        self.save_button.setEnabled(ready)
        self.say("" if ready else self.tr("Needs the customer's name and signature"))

    def entered(self) -> tuple[object, ...]:
        return (*super().entered(), len(self.pad.strokes))  # a signature is input too

    def values(self) -> ReportValues:
        content = replace(self.content, work_done=self.work.toPlainText().strip())
        return ReportValues(content, self.signer.text().strip(), self.pad.image(), self.pad.png())
