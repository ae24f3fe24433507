"""Other tickets at the same site or on the same equipment (opened in the last 90 days)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QLabel, QTreeWidgetItem, QVBoxLayout, QWidget

from desktop.common.plain_tooltip import plain_tooltip
from desktop.common.theme import hex_colour
from desktop.common.times import short_time
from desktop.visit.widgets import refill, tree
from sync.shown_text import shown_text
from sync.store.related import Related

ID_ROLE = Qt.ItemDataRole.UserRole + 1
MINE_ROLE = Qt.ItemDataRole.UserRole + 2


class RelatedPanel(QWidget):
    visit_requested = Signal(int)  # one of the technician's own visits

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = tree(
            [
                self.tr("When"),
                self.tr("Ticket"),
                self.tr("Subject"),
                self.tr("Status"),
                self.tr("Technician"),
            ],
            self.tr("Related tickets"),
            stretch=2,
        )
        self.list.itemActivated.connect(self._on_activated)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet(f"color: {hex_colour('muted')};")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addWidget(self.note)
        self.set_related([])

    def set_related(self, related: list[Related], *, pending: bool = False) -> None:
        """``pending``: the site's earlier tickets have not come yet (a site new to the
        laptop, when many came at once: a few dozen sites come with each sync)."""
        soon = self.tr("Earlier tickets at this site come with the next sync.") + " "
        self.note.setText(
            (soon if pending else "")
            + self.tr(
                "Other tickets at this site or on this equipment, opened in the last 90 days"
                " (a visit may still be ahead); refreshed every few hours. Double-click one"
                " of yours, marked (you), to open it."
            )
        )
        items = []
        for r in related:
            when = short_time(r.visit_start or r.created)
            subject = shown_text(r.subject) + (
                "  ⚙ " + self.tr("same equipment") if r.same_asset else ""
            )
            owner = r.owner or self.tr("unassigned")
            if r.mine:  # the ones a double-click opens
                owner = self.tr("{name} (you)").format(name=owner)
            item = QTreeWidgetItem([when, f"#{r.id}", subject, r.status, owner])
            item.setData(0, ID_ROLE, r.id)
            item.setData(0, MINE_ROLE, r.mine)
            item.setToolTip(2, plain_tooltip("\n".join(x for x in (r.subject, r.site) if x)))
            items.append(item)
        refill(self.list, items)

    @Slot(QTreeWidgetItem, int)
    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        if item.data(0, MINE_ROLE):
            self.visit_requested.emit(int(item.data(0, ID_ROLE)))
