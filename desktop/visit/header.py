"""The top of the visit panel: what, where, who, and how urgent."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.common.theme import BADGE_TEXT, BADGES, hex_colour
from desktop.common.times import ACTIVE_STATUSES, due_text, short_time
from desktop.visit.contact import parse_contact
from desktop.visit.widgets import button
from sync.store.tickets import Visit
from sync.words import plural

MAX_PHONES = 2
MAX_EMAILS = 2


class VisitHeader(QWidget):
    copied = Signal(str, str)  # what (label), the text copied
    related_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Qt guesses rich text from the text itself: a subject with a tag in it would be
        # markup, one with a quote would show "&quot;". Every label says what it holds.
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title.setStyleSheet("font-size: 16pt; font-weight: 600;")
        self.title.setAccessibleName(self.tr("Visit"))
        self.facts = QLabel()
        self.facts.setTextFormat(Qt.TextFormat.RichText)  # ours, values escaped
        self.facts.setAccessibleName(self.tr("Status and schedule"))
        self.banner = QLabel()
        self.banner.setTextFormat(Qt.TextFormat.RichText)
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName(self.tr("Attention"))
        self.banner.linkActivated.connect(self._on_banner_link)

        self.site = QLabel()
        self.site.setTextFormat(Qt.TextFormat.RichText)
        self.site.setWordWrap(True)
        self.site.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.site.setAccessibleName(self.tr("Site and address"))
        self.copy_address = button(self.tr("Copy address"), "copy", self.tr("Copy for the satnav"))
        self.copy_address.clicked.connect(self._copy_address)
        self.person = QLabel()
        self.person.setTextFormat(Qt.TextFormat.RichText)
        self.person.setWordWrap(True)
        self.person.setAccessibleName(self.tr("Contact"))
        self.phone_buttons = [self._copy_button("person") for _ in range(MAX_PHONES)]
        self.email_buttons = [self._copy_button("copy") for _ in range(MAX_EMAILS)]
        self._address = ""

        card = QFrame()
        card.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(card)
        grid.setContentsMargins(10, 8, 10, 8)
        grid.setHorizontalSpacing(16)
        grid.addWidget(self.site, 0, 0)
        grid.addWidget(self.copy_address, 1, 0, Qt.AlignmentFlag.AlignLeft)
        grid.addWidget(self.person, 0, 1)
        contact_buttons = QHBoxLayout()
        for widget in (*self.phone_buttons, *self.email_buttons):
            contact_buttons.addWidget(widget)
        contact_buttons.addStretch()
        grid.addLayout(contact_buttons, 1, 1)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.title)
        column.addWidget(self.facts)
        column.addWidget(self.banner)
        column.addWidget(card)

    def _copy_button(self, icon_name: str) -> QPushButton:
        widget = button("", icon_name)
        widget.setStyleSheet("text-align: left; padding: 0 10px;")
        widget.clicked.connect(self._copy_from_button)
        return widget

    def show_visit(self, visit: Visit, related: int) -> None:
        esc = html.escape
        self.title.setText(f"#{visit.id} {visit.subject}")
        badge = BADGES.get(visit.status, BADGES["resolved"])
        facts = [
            f"<span style='color:{BADGE_TEXT}; background:{badge}'>"
            f"&nbsp;{esc(visit.status)}&nbsp;</span>",
            self.tr("priority {p}").format(p=visit.priority),
        ]
        if visit.visit_start:
            end = short_time(visit.visit_end)[-5:] if visit.visit_end else ""
            facts.append(f"🗓 {esc(short_time(visit.visit_start))}{' to ' + end if end else ''}")
        due, overdue = due_text(visit.due)
        if due and visit.status in ACTIVE_STATUSES:
            style = f"color:{hex_colour('overdue')}; font-weight:bold" if overdue else ""
            facts.append(f"<span style='{style}'>{esc(self.tr('due') + ' ' + due)}</span>")
        facts.append(self.tr("⏱ {m} min worked").format(m=visit.time_worked))
        if visit.pending_changes:
            facts.append(
                f"<span style='color:{hex_colour('warn')}'>"
                + self.tr("● {n} unsent").format(n=visit.pending_changes)
                + "</span>"
            )
        self.facts.setText(" &nbsp;·&nbsp; ".join(facts))
        self._show_banner(visit, related)
        self._address = "\n".join(x for x in (visit.site, visit.address) if x)
        address = esc(visit.address or "").replace("\n", "<br>")
        self.site.setText(f"<b>{esc(visit.site or self.tr('No site given'))}</b><br>{address}")
        self.copy_address.setVisible(bool(self._address))
        self._show_contact(visit)

    def _show_banner(self, visit: Visit, related: int) -> None:
        lines = []
        if visit.gone:
            lines.append(
                f"<span style='color:{hex_colour('overdue')}'>⚠ {html.escape(visit.gone)}</span>"
            )
        if related:
            text = self.tr("⟳ {tickets} at this site or equipment in the last 90 days").format(
                tickets=plural(related, self.tr("other ticket"), self.tr("other tickets"))
            )
            lines.append(
                f"<a href='related:'>{html.escape(text)}</a>"
                f" <span style='color:{hex_colour('muted')}'>(Alt+L)</span>"
            )
        self.banner.setText("<br>".join(lines))
        self.banner.setVisible(bool(lines))

    def _show_contact(self, visit: Visit) -> None:
        contact = parse_contact(visit.contact)
        emails = list(contact.emails)
        emails += [e for e in visit.requestors if e and e not in emails]
        name = contact.name or (visit.contact or self.tr("No contact given"))
        self.person.setText(f"<b>{html.escape(name)}</b>")
        self._fill(self.phone_buttons, contact.phones, self.tr("Copy phone number"))
        self._fill(self.email_buttons, emails, self.tr("Copy e-mail address"))

    @staticmethod
    def _fill(buttons: list[QPushButton], values: list[str], tip: str) -> None:
        for index, widget in enumerate(buttons):
            value = values[index] if index < len(values) else ""
            widget.setVisible(bool(value))
            widget.setProperty("copy_text", value)
            widget.setText(value)
            widget.setToolTip(f"{tip}: {value}")
            widget.setAccessibleName(f"{tip} {value}")

    @Slot()
    def _copy_from_button(self) -> None:
        sender = self.sender()
        value = str(sender.property("copy_text") or "")
        if value:
            QGuiApplication.clipboard().setText(value)
            self.copied.emit(self.tr("e-mail address") if "@" in value else self.tr("phone"), value)

    @Slot()
    def _copy_address(self) -> None:
        QGuiApplication.clipboard().setText(self._address)
        self.copied.emit(self.tr("address"), self._address.replace("\n", ", "))

    @Slot(str)
    def _on_banner_link(self, link: str) -> None:
        if link.startswith("related:"):
            self.related_clicked.emit()
