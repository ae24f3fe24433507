"""One asset's record: its fields, warranty, what is not yet sent, history, tickets, visits.

Reads only what ``sync.assets.get_asset`` gives.  A licence key (present only
when RT lets this technician see it) is masked until Show is pressed, and is
never put in a tooltip, a log line or the accessible name.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal, SignalInstance, Slot
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.common.asset_labels import status_chip, warranty_colour
from desktop.common.field_names import local_time
from desktop.common.icons import icon
from desktop.common.spoken import show_text
from desktop.common.theme import BADGE_TEXT, LIGHT, hex_colour
from desktop.common.wrapped_rows import WrappedButtons
from sync.assets import AssetDetail
from sync.words import plural

SHOWN_FIELDS = (
    ("serial", "Serial"),
    ("model", "Model"),
    ("site", "Site"),
    ("catalog", "Catalog"),
    ("warranty", "Warranty end"),
    ("purchase_date", "Purchased"),
    ("held_by", "Held by"),
    ("owner", "Owner"),
    ("description", "Description"),
)
MASK = "•" * 12
DATED = "%d %b %Y %H:%M"  # an asset's history spans years


def chip(text: str, colour_name: str) -> str:
    """A badge like the visit's status: white on the light scheme's (dark) colour, so it
    reads the same in either scheme."""
    return (
        f"<span style='color:{BADGE_TEXT}; background:{LIGHT[colour_name]}; "
        f"font-weight:600'>&nbsp;{html.escape(text)}&nbsp;</span>"
    )


def _list(columns: list[str], name: str) -> QTreeWidget:
    widget = QTreeWidget()
    widget.setHeaderLabels(columns)
    widget.setRootIsDecorated(False)
    widget.setAlternatingRowColors(True)
    widget.setAccessibleName(name)
    widget.header().setStretchLastSection(True)
    return widget


class AssetRecord(QWidget):
    edit_requested = Signal(int)
    replace_requested = Signal(int)
    retire_requested = Signal(int)
    link_requested = Signal(int)
    visit_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail: AssetDetail | None = None
        # Names and fields come from the helpdesk: plain text, never markup.
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setStyleSheet("font-size: 16pt; font-weight: 600;")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chips = QLabel()
        self.chips.setTextFormat(Qt.TextFormat.RichText)
        self.pending = QLabel()
        self.pending.setTextFormat(Qt.TextFormat.PlainText)
        self.pending.setWordWrap(True)
        self.pending.setStyleSheet(f"color: {hex_colour('warn')}; font-weight: 600;")
        self.on_visits = QLabel()
        self.on_visits.setStyleSheet(f"color: {hex_colour('muted')};")
        self._build_fields()

        self.edit_button = self._button(self.tr("&Edit fields…"), "edit", self.edit_requested)
        self.replace_button = self._button(self.tr("Re&place…"), "sync", self.replace_requested)
        self.retire_button = self._button(self.tr("&Retire…"), "discard", self.retire_requested)
        self.link_button = self._button(self.tr("&Link to visit"), "link", self.link_requested)
        # Wrapped where the record is narrow: the row never holds the window wider than
        # a 1280-px screen at 150 %.
        actions = WrappedButtons()
        for widget in (self.edit_button, self.replace_button, self.retire_button, self.link_button):
            actions.addWidget(widget)

        self.history = _list([self.tr("When"), self.tr("Who"), self.tr("What")], "History")
        self.tickets = _list(
            [self.tr("Ticket"), self.tr("Opened"), self.tr("Status"), self.tr("Subject")],
            "Past tickets",
        )
        self.tickets.itemActivated.connect(self._ticket_activated)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.history, self.tr("History"))
        self.tabs.addTab(self.tickets, self.tr("Tickets (last year)"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.chips)
        layout.addWidget(self.pending)
        layout.addWidget(self.on_visits)
        layout.addLayout(self.grid)
        layout.addLayout(actions)
        layout.addWidget(self.tabs, 1)
        self.current_visit: int | None = None
        self.show_asset(None)

    def _build_fields(self) -> None:
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(14)
        self.values: dict[str, QLabel] = {}
        for row, (key, label) in enumerate(SHOWN_FIELDS):
            name = QLabel(self.tr(label) + ":")
            name.setStyleSheet(f"color: {hex_colour('muted')};")
            value = QLabel()
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(value, row, 1)
            self.values[key] = value
        self._build_licence(len(SHOWN_FIELDS))
        self.grid.setColumnStretch(1, 1)

    def _build_licence(self, row: int) -> None:
        self.licence_name = QLabel(self.tr("Licence key:"))
        self.licence_name.setStyleSheet(f"color: {hex_colour('muted')};")
        self.licence = QLabel(MASK)
        self.licence.setTextFormat(Qt.TextFormat.PlainText)
        self.licence.setAccessibleName(self.tr("Licence key (hidden)"))
        self.licence.setStyleSheet("font-family: monospace;")
        self.licence_show = QPushButton(self.tr("Show"))
        self.licence_show.setCheckable(True)
        self.licence_show.toggled.connect(self._show_licence)
        line = QHBoxLayout()
        line.addWidget(self.licence)
        line.addWidget(self.licence_show)
        line.addStretch(1)
        self.grid.addWidget(self.licence_name, row, 0)
        self.grid.addLayout(line, row, 1)

    def _button(self, text: str, icon_name: str, signal: SignalInstance) -> QPushButton:
        widget = QPushButton(icon(icon_name), text)
        widget.setMinimumHeight(34)
        widget.clicked.connect(lambda: self._emit_for_open(signal))
        return widget

    def _emit_for_open(self, signal: SignalInstance) -> None:
        if self.detail is not None:
            signal.emit(self.detail.asset.id)

    def set_current_visit(self, visit_id: int | None) -> None:
        self.current_visit = visit_id
        self._follow_visit()

    def show_asset(self, detail: AssetDetail | None) -> None:
        self.detail = detail
        self.licence_show.setChecked(False)
        for widget in (self.edit_button, self.replace_button, self.retire_button):
            widget.setEnabled(detail is not None)
        if detail is None:
            self.title.setText(self.tr("No equipment open"))
            show_text(
                self.chips,
                self.tr("Warranty and status"),
                self.tr("Find one by its serial, name, model or site."),
            )
            self.pending.setText("")
            self.on_visits.setText("")
            for key, value in self.values.items():
                show_text(value, self._field(key), "")
            self._show_licence_row(False)
            self.history.clear()
            self.tickets.clear()
            self._follow_visit()
            return
        asset = detail.asset
        self.title.setText(asset.name)
        warranty = detail.warranty
        status = status_chip(asset)
        show_text(
            self.chips,
            self.tr("Warranty and status"),
            f"{chip(self.tr(warranty.label), warranty_colour(warranty))}&nbsp;&nbsp;"
            f"{chip(self.tr(status[0]), status[1])}",
        )
        for key, value in self.values.items():
            text = getattr(asset, key) or "—"
            show_text(value, self._field(key), f"{text} ●" if key in asset.unsent else text)
            value.setStyleSheet(f"color: {hex_colour('warn')};" if key in asset.unsent else "")
            value.setToolTip(
                self.tr("Changed here; sent at the next sync") if key in asset.unsent else ""
            )
        self.pending.setText(self._pending_text(detail))
        self.pending.setVisible(bool(self.pending.text()))
        self.on_visits.setText(
            self.tr("On your {visits} {ids}").format(
                visits="visit" if len(detail.visits) == 1 else "visits",
                ids=", ".join(f"#{v}" for v in detail.visits),
            )
            if detail.visits
            else self.tr("On none of your visits")
        )
        self._show_licence_row(bool(asset.licence_key))
        gone = (asset.status or "") in ("retired", "recycled", "stolen", "deleted")
        self.retire_button.setEnabled(not gone)
        self.replace_button.setEnabled(not gone and asset.status != "rma")
        self.history.clear()
        for event in reversed(detail.history):  # newest first
            self.history.addTopLevelItem(
                QTreeWidgetItem([local_time(event.created, DATED), event.creator or "", event.text])
            )
        self.tickets.clear()
        for ticket in detail.tickets:
            item = QTreeWidgetItem(
                [
                    f"#{ticket.ticket_id}",
                    local_time(ticket.created, "%d %b %Y"),
                    ticket.status,
                    ticket.subject,
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, ticket.ticket_id)
            self.tickets.addTopLevelItem(item)
        self.tabs.setTabText(1, self.tr("Tickets (last year): {n}").format(n=len(detail.tickets)))
        for column in range(3):
            self.history.resizeColumnToContents(column)
        self._follow_visit()

    def _field(self, key: str) -> str:
        """A shown field's name, as its label reads: a screen reader hears "Serial: …"."""
        return self.tr(dict(SHOWN_FIELDS)[key])

    def _pending_text(self, detail: AssetDetail) -> str:
        said = []
        if detail.unsent:
            said.append(
                self.tr("{changes} not yet sent").format(
                    changes=plural(detail.unsent, "change", "changes")
                )
            )
        if detail.conflicts:
            fields = ", ".join(c.field for c in detail.conflicts)
            said.append(
                self.tr("changed on the helpdesk too ({fields}): decide in Conflicts").format(
                    fields=fields
                )
            )
        return " · ".join(said)

    def _follow_visit(self) -> None:
        visit = self.current_visit
        linked = self.detail is not None and visit in self.detail.visits
        self.link_button.setEnabled(self.detail is not None and visit is not None and not linked)
        self.link_button.setText(
            self.tr("On visit #{n}").format(n=visit)
            if linked
            else self.tr("&Link to visit #{n}").format(n=visit)
            if visit is not None
            else self.tr("&Link to visit")
        )
        self.link_button.setToolTip(
            self.tr("Select a visit in My visits first") if visit is None else ""
        )

    def _show_licence_row(self, present: bool) -> None:
        for widget in (self.licence_name, self.licence, self.licence_show):
            widget.setVisible(present)
        self.licence.setText(MASK)

    @Slot(bool)
    def _show_licence(self, shown: bool) -> None:
        key = self.detail.asset.licence_key if self.detail else None
        self.licence.setText(key if shown and key else MASK)
        self.licence.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            if shown
            else Qt.TextInteractionFlag.NoTextInteraction
        )
        self.licence_show.setText(self.tr("Hide") if shown else self.tr("Show"))

    @Slot(QTreeWidgetItem, int)
    def _ticket_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        self.visit_requested.emit(int(item.data(0, Qt.ItemDataRole.UserRole)))
