"""Opening a new ticket at this site (the customer mentioned another problem)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from desktop.common.action_dialog import ActionDialog, Save
from desktop.common.buttons import TOUCH_HEIGHT
from desktop.common.text_box import text_box
from desktop.common.theme import hex_colour
from sync.changes.new_ticket import requestor_address
from sync.store.outbox import InvalidChange
from sync.store.tickets import Visit


@dataclass(frozen=True)
class NewTicketValues:
    subject: str
    description: str
    site: str
    address: str
    contact: str
    requestor: str


def _first_address(requestors: list[str]) -> str:
    """The visit's first requestor RT gave as an address: one it shows by login ("alice")
    would hold the new ticket back until changed."""
    for requestor in requestors:
        try:
            if requestor_address(requestor):
                return requestor
        except InvalidChange:
            continue
    return ""


class NewTicketDialog(ActionDialog):
    visit_word = "from"

    def __init__(self, visit: Visit, save: Save, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("New ticket at this site"), self.tr("Create ticket"), save, parent)
        self.subject = self._line(self.tr("Subject (required)"), "")
        self.description = text_box()
        self.description.setAccessibleName(self.tr("Description"))
        self.description.setPlaceholderText(self.tr("What the customer reported"))
        # RT mails the requestor its acknowledgement of the ticket, the description quoted.
        self.mailed = QLabel()
        self.mailed.setTextFormat(Qt.TextFormat.PlainText)  # the address as typed
        self.mailed.setWordWrap(True)
        self.mailed.setStyleSheet(f"color: {hex_colour('muted')};")
        self.site = self._line(self.tr("Site"), visit.site or "")
        self.address = text_box(visit.address or "")
        self.address.setAccessibleName(self.tr("Address"))
        self.address.setFixedHeight(72)
        self.contact = self._line(self.tr("Contact"), visit.contact or "")
        self.requestor = self._line(self.tr("Requestor e-mail"), _first_address(visit.requestors))
        self.form = form = QFormLayout()
        form.addRow(self.tr("&Subject:"), self.subject)
        form.addRow(self.tr("&Description:"), self.description)
        form.addRow("", self.mailed)
        form.addRow(self.tr("S&ite:"), self.site)
        form.addRow(self.tr("&Address:"), self.address)
        form.addRow(self.tr("&Contact:"), self.contact)
        form.addRow(self.tr("&Requestor:"), self.requestor)
        self.body.addLayout(form)
        self.subject.textChanged.connect(self._update)
        self.requestor.textChanged.connect(self._update)
        self.subject.setFocus()
        self.resize(600, 480)
        self._update()

    def _line(self, name: str, text: str) -> QLineEdit:
        line = QLineEdit(text)
        line.setAccessibleName(name)
        line.setPlaceholderText(name)
        line.setMinimumHeight(TOUCH_HEIGHT)
        return line

    @Slot()
    def _update(self) -> None:
        problem = self.requestor_problem()
        self.say(problem)
        self.requestor.setToolTip(problem)
        self.save_button.setEnabled(bool(self.subject.text().strip()) and not problem)
        self._say_who_is_mailed(not problem)

    def _say_who_is_mailed(self, kept: bool) -> None:
        """The customer reads the description: the technician writes it for them.
        ``kept``: the requestor typed is one the helpdesk keeps (and so mails)."""
        requestor = self.requestor.text().strip()
        self.mailed.setText(
            self.tr(
                "{requestor} gets the helpdesk's acknowledgement by e-mail, quoting this "
                "description."
            ).format(requestor=requestor)
        )
        self.form.setRowVisible(self.mailed, kept and bool(requestor))

    def requestor_problem(self) -> str:
        """Why the requestor typed cannot be kept ("" if it can): RT would drop it unseen."""
        try:
            requestor_address(self.requestor.text())
        except InvalidChange:
            return self.tr(
                "The requestor must be the customer's e-mail address, such as "
                "jane@example.com, or left empty"
            )
        return ""

    def values(self) -> NewTicketValues:
        return NewTicketValues(
            subject=self.subject.text().strip(),
            description=self.description.toPlainText().strip(),
            site=self.site.text().strip(),
            address=self.address.toPlainText().strip(),
            contact=self.contact.text().strip(),
            requestor=self.requestor.text().strip(),
        )
