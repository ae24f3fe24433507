"""The top of the visit panel: what, where, who, and how urgent.

Compact on purpose (the conversation below keeps most of the height at
1024×640): the title and the site are one line each, cut with "…" (their whole
text is the tooltip), so a long title never widens the panel or moves the
divider beside it.  Navigate opens the address in the maps program, Call the
contact's number in the phone program (``tel:``), both through the desktop.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QSize, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.common.buttons import button
from desktop.common.copied import copy_text
from desktop.common.elided_label import ElidedLabel
from desktop.common.fonts import emphasised_font
from desktop.common.icons import icon
from desktop.common.plain_tooltip import plain_tooltip
from desktop.common.spoken import show_text
from desktop.common.theme import BADGE_TEXT, BADGES, hex_colour
from desktop.common.times import ACTIVE_STATUSES, due_words, short_time
from sync.contact import parse_contact
from sync.shown_text import isolated, shown_subject, shown_text
from sync.store.tickets import Visit
from sync.visit_display import VisitDisplay, deployed_display
from sync.words import plural

MAX_PHONES = 2
CONTACT_TEXT_WIDTH = 150  # px of a phone number or e-mail address on its copy button
CONTACT_BUTTON_MIN_WIDTH = 48
HEADER_BUTTON_HEIGHT = 32  # a little under the touch size: the conversation needs the height
MAX_EMAILS = 2


class ContactButton(QPushButton):
    """A phone number or e-mail address to copy, cut in the middle with "…" to the width
    the contact row gives it (at 150 % it may get less than it asks): never cut
    mid-character at its edge.  ``value`` stays whole for the copy and the tooltip."""

    def __init__(self) -> None:
        super().__init__()
        self.value = ""
        self._wanted_width = 0  # its size hint's width: the value cut at CONTACT_TEXT_WIDTH
        self._chrome = 0  # its width besides the text: icon, padding, frame

    def set_value(self, value: str) -> None:
        self.value = value
        self._fit(CONTACT_TEXT_WIDTH)
        # Measured with the text it asks room for (a style widens a short text's button).
        self._wanted_width = super().sizeHint().width()
        self._chrome = self._wanted_width - self.fontMetrics().horizontalAdvance(self.text())
        self.updateGeometry()

    def _fit(self, room: int) -> None:
        shown = self.fontMetrics().elidedText(
            self.value, Qt.TextElideMode.ElideMiddle, min(room, CONTACT_TEXT_WIDTH)
        )
        if shown != self.text():
            self.setText(shown)

    def sizeHint(self) -> QSize:  # the same whatever text is shown now
        return QSize(self._wanted_width, super().sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        width = event.size().width()
        # At its asked width all it asked for (text widths measured two ways differ by 1 px).
        self._fit(CONTACT_TEXT_WIDTH if width >= self._wanted_width else width - self._chrome)


class VisitHeader(QWidget):
    copied = Signal(str, str)  # what (label), the text copied
    related_clicked = Signal()
    opened = Signal(str, str)  # what (label), the link handed to the desktop

    def __init__(self, display: VisitDisplay | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.display = display or deployed_display()
        # Qt guesses rich text from the text itself: a subject with a tag in it would be
        # markup, one with a quote would show "&quot;". Every label says what it holds.
        # A screen reader hears each label's field and its text ("Visit: #3 Toner low").
        self.title = ElidedLabel(field=self.tr("Visit"))
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title.setFont(emphasised_font(self.title, point_size=15))
        self.facts = QLabel()
        self.facts.setTextFormat(Qt.TextFormat.RichText)  # ours, values escaped
        self.facts.setWordWrap(True)  # wraps rather than widen the panel
        self.banner = QLabel()
        self.banner.setTextFormat(Qt.TextFormat.RichText)
        self.banner.setWordWrap(True)
        self.banner.linkActivated.connect(self._on_banner_link)

        self.site = ElidedLabel(field=self.tr("Site and address"))
        self.site.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.site.setFont(emphasised_font(self.site))
        self.copy_address = button(self.tr("Copy"), "copy", self.tr("Copy the address"))
        self.copy_address.setAccessibleName(self.tr("Copy address"))
        self.copy_address.clicked.connect(self._copy_address)
        self.navigate = button(
            self.tr("Navigate"), "navigate", self.tr("Open the address in the maps program")
        )
        self.navigate.clicked.connect(self._navigate)
        self.person = ElidedLabel(field=self.tr("Contact"))
        self.call = button(self.tr("Call"), "call")
        self.call.clicked.connect(self._call)
        # A copy button per number and address the contact has, made when a visit first
        # has that many (most have one or none): phones first, then e-mail addresses.
        self.phone_buttons: list[ContactButton] = []
        self.email_buttons: list[ContactButton] = []
        self._address = ""
        # Each button's word: left to its tooltip and accessible name in a short panel.
        self._words = {self.copy_address: self.tr("Copy"), self.navigate: self.tr("Navigate")}
        self._words[self.call] = self.tr("Call")
        self.short = False
        for compact in self._words:
            compact.setMinimumHeight(HEADER_BUTTON_HEIGHT)

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.title)
        column.addWidget(self.facts)
        column.addWidget(self.banner)
        column.addWidget(self._card())

    def _card(self) -> QFrame:
        """Where (site and address, Copy, Navigate) and who (contact, Call, numbers)."""
        card = QFrame()
        card.setFrameShape(QFrame.Shape.StyledPanel)
        self._rows = rows = QBoxLayout(QBoxLayout.Direction.TopToBottom, card)
        rows.setContentsMargins(8, 4, 8, 4)
        rows.setSpacing(2)
        where = QHBoxLayout()
        where.addWidget(self.site, 1)
        where.addWidget(self.copy_address)
        where.addWidget(self.navigate)
        self._who = QHBoxLayout()
        self._who.addWidget(self.person, 1)
        self._who.addWidget(self.call)
        rows.addLayout(where)
        rows.addLayout(self._who)
        return card

    def set_short(self, short: bool) -> None:
        """In a short panel (a 1366×768 screen at 150 %) the card's two rows go side by side,
        its buttons show their icons alone and the number and address to copy give way (Call's
        tooltip has the number, the conversation the address): two more conversation lines."""
        if short == self.short:
            return
        self.short = short
        self._rows.setDirection(
            QBoxLayout.Direction.LeftToRight if short else QBoxLayout.Direction.TopToBottom
        )
        self._rows.setStretch(0, 3 if short else 0)  # side by side: the site has more to say
        self._rows.setStretch(1, 2 if short else 0)
        for widget, word in self._words.items():
            widget.setText("" if short else word)
        for contact in (*self.phone_buttons, *self.email_buttons):
            contact.setVisible(self._shows(contact))

    def _shows(self, contact: ContactButton) -> bool:
        return bool(contact.value) and not self.short

    def _copy_buttons(self, buttons: list[ContactButton], wanted: int) -> list[ContactButton]:
        """buttons (phone_buttons or email_buttons), with more made up to wanted; in the
        contact row after Call: the phones, then the e-mail addresses."""
        while len(buttons) < wanted:
            widget = ContactButton()
            widget.setIcon(icon("copy"))
            widget.setStyleSheet("text-align: left; padding: 0 8px;")
            widget.setMinimumHeight(HEADER_BUTTON_HEIGHT)
            widget.clicked.connect(self._copy_from_button)
            place = self._who.indexOf(self.call) + 1 + len(self.phone_buttons)
            if buttons is self.email_buttons:
                place += len(self.email_buttons)
            self._who.insertWidget(place, widget)
            # Tab reaches it where it sits, after Call (made later, it came last: after the
            # tabs and the conversation); an e-mail button after it stays after it.
            row = [self.call, *self.phone_buttons]
            if buttons is self.email_buttons:
                row += self.email_buttons
            QWidget.setTabOrder(row[-1], widget)
            if buttons is self.phone_buttons and self.email_buttons:
                QWidget.setTabOrder(widget, self.email_buttons[0])
            buttons.append(widget)
        return buttons

    def show_visit(self, visit: Visit, related: int) -> None:
        esc = html.escape
        # One opened here has no number until a sync creates it on the helpdesk: no "#-1".
        on_helpdesk = visit.id > 0
        subject = isolated(shown_subject(visit.subject))
        self.title.set_line(f"#{visit.id} {subject}" if on_helpdesk else subject)
        badge = BADGES.get(visit.status, BADGES["resolved"])
        words = self.display.priority_words(visit.priority)
        facts = [
            f"<span style='color:{BADGE_TEXT}; background:{badge}'>"
            f"&nbsp;{esc(visit.status)}&nbsp;</span>",
            self.tr("{words} priority").format(words=esc(words)),
        ]
        self.facts.setToolTip(self.tr("Priority {n} in the helpdesk").format(n=visit.priority))
        if visit.visit_start:
            end = short_time(visit.visit_end)[-5:] if visit.visit_end else ""
            # No calendar emoji: many Linux laptops have no font that draws one.
            facts.append(f"{esc(short_time(visit.visit_start))}{'–' + end if end else ''}")
        due, overdue = due_words(visit.due)
        if due and visit.status in ACTIVE_STATUSES:
            style = f"color:{hex_colour('overdue')}; font-weight:bold" if overdue else ""
            facts.append(f"<span style='{style}'>{esc(due)}</span>")
        facts.append(self.tr("⏱ {m} min worked").format(m=visit.time_worked))
        if not on_helpdesk:
            facts.append(
                f"<span style='color:{hex_colour('warn')}'>"
                + self.tr("not yet on the helpdesk")
                + "</span>"
            )
        if visit.pending_changes:
            facts.append(
                f"<span style='color:{hex_colour('warn')}'>"
                + self.tr("● {n} unsent").format(n=visit.pending_changes)
                + "</span>"
            )
        if visit.open_conflicts:  # said apart: it waits for the technician, not the network
            conflicts = plural(visit.open_conflicts, self.tr("conflict"), self.tr("conflicts"))
            facts.append(
                f"<span style='color:{hex_colour('overdue')}; font-weight:bold'>"
                + self.tr("⚠ {conflicts} to decide").format(conflicts=esc(conflicts))
                + "</span>"
            )
        # Wraps between facts, never inside one ("30 / min worked").
        show_text(
            self.facts,
            self.tr("Status and schedule"),
            " &nbsp;·&nbsp; ".join(f"<span style='white-space:nowrap'>{f}</span>" for f in facts),
        )
        self._show_banner(visit, related)
        # Shown, copied and handed to the maps program alike ("1 <RLO>Evil<PDF> Road"
        # would read "1 livE Road" on the label).
        site, address = shown_text(visit.site or ""), shown_text(visit.address or "")
        self._address = "\n".join(x for x in (site, address) if x)
        where = isolated(site) if site else self.tr("No site given")
        # On one line its lines are parted by commas: "12 Harbour Street Portsmouth PO1
        # 3AX" ran the street, the town and the postcode together.
        parts = (part.strip().rstrip(",").strip() for part in address.splitlines())
        one_line = ", ".join(part for part in parts if part)  # "Street," ends a line itself
        self.site.set_line(f"{where} · {isolated(one_line)}" if one_line else where)
        self.copy_address.setVisible(bool(self._address))
        self.navigate.setVisible(bool(self._address))
        self.navigate.setToolTip(
            self.tr("Open in the maps program: {link}").format(link=self.maps_link())
        )
        self._show_contact(visit)

    def maps_link(self) -> str:
        return self.display.maps_link(self._address.replace("\n", ", "))

    def _show_banner(self, visit: Visit, related: int) -> None:
        lines = []
        if visit.gone:
            lines.append(
                f"<span style='color:{hex_colour('overdue')}'>⚠ {html.escape(visit.gone)}</span>"
            )
        if related:
            text = self.tr(
                "⟳ {tickets} at this site or equipment, opened in the last 90 days"
            ).format(tickets=plural(related, self.tr("other ticket"), self.tr("other tickets")))
            lines.append(
                f"<a href='related:'>{html.escape(text)}</a>"
                f" <span style='color:{hex_colour('muted')}'>(Alt+L)</span>"
            )
        show_text(self.banner, self.tr("Attention"), "<br>".join(lines))
        self.banner.setVisible(bool(lines))

    def _show_contact(self, visit: Visit) -> None:
        # Read as shown: "+44 <RLO>4321" reads "+44 1234", a number Call would not dial.
        written = shown_text(visit.contact or "")
        contact = parse_contact(written)
        emails = list(contact.emails)
        emails += [e for e in map(shown_text, visit.requestors) if e and e not in emails]
        name = contact.name or (written or self.tr("No contact given"))
        self.person.set_line(isolated(name))
        phone = contact.phones[0] if contact.phones else ""
        self.call.setVisible(bool(phone))
        self.call.setProperty("number", phone)
        self.call.setToolTip(self.tr("Call {number} (phone program)").format(number=phone))
        self.call.setAccessibleName(self.tr("Call {number}").format(number=phone))
        phones = self._copy_buttons(self.phone_buttons, min(len(contact.phones), MAX_PHONES))
        self._fill(phones, contact.phones, self.tr("Copy phone number"))
        addresses = self._copy_buttons(self.email_buttons, min(len(emails), MAX_EMAILS))
        self._fill(addresses, emails, self.tr("Copy e-mail address"))

    def _fill(self, buttons: list[ContactButton], values: list[str], tip: str) -> None:
        for index, widget in enumerate(buttons):
            value = values[index] if index < len(values) else ""
            widget.setProperty("copy_text", value)
            # A long address is cut in the middle (the tooltip and the copy are whole), and
            # the button may shrink further, cut again: the contact row never widens the panel.
            widget.setMinimumWidth(CONTACT_BUTTON_MIN_WIDTH)
            widget.set_value(value)
            widget.setVisible(self._shows(widget))
            widget.setToolTip(plain_tooltip(f"{tip}: {value}"))
            widget.setAccessibleName(f"{tip} {value}")

    @Slot()
    def _copy_from_button(self) -> None:
        sender = self.sender()
        value = str(sender.property("copy_text") or "")
        if value:
            copy_text(value)
            self.copied.emit(self.tr("e-mail address") if "@" in value else self.tr("phone"), value)

    @Slot()
    def _copy_address(self) -> None:
        copy_text(self._address)
        self.copied.emit(self.tr("address"), self._address.replace("\n", ", "))

    @Slot()
    def _navigate(self) -> None:
        link = self.maps_link()
        if link:
            QDesktopServices.openUrl(QUrl(link))
            self.opened.emit(self.tr("maps"), self._address.replace("\n", ", "))

    @Slot()
    def _call(self) -> None:
        number = str(self.call.property("number") or "")
        dial = "".join(c for c in number if c.isdigit() or c == "+")
        if dial:
            QDesktopServices.openUrl(QUrl(f"tel:{dial}"))
            self.opened.emit(self.tr("phone"), number)

    @Slot(str)
    def _on_banner_link(self, link: str) -> None:
        if link.startswith("related:"):
            self.related_clicked.emit()
