"""Interim visit panel: the visit and its history as sanitised HTML (read only)."""

from __future__ import annotations

import html

import sqlite_utils
from PySide6.QtWidgets import QTextBrowser, QWidget

from desktop.models.visits import due_text, short_time
from desktop.safe_html import body_html
from sync.store import assets as asset_store
from sync.store import tickets as ticket_store


class VisitSummary(QTextBrowser):
    def __init__(self, db: sqlite_utils.Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setAccessibleName(self.tr("Visit details"))
        self.setOpenLinks(False)  # never navigate away, never fetch
        self.setPlaceholderText(self.tr("Select a visit to see its details and history."))

    def show_visit(self, visit_id: int | None) -> None:
        visit = ticket_store.get_visit(self.db, visit_id) if visit_id is not None else None
        if visit is None:
            self.clear()
            return
        self.setHtml(self._visit_html(visit))

    def _visit_html(self, visit: ticket_store.Visit) -> str:
        esc = html.escape
        due, overdue = due_text(visit.due)
        due_html = f"<span style='color:#c62828'>{esc(due)}</span>" if overdue else esc(due)
        address = esc(visit.address or "").replace("\n", "<br>")
        window = f"{esc(short_time(visit.visit_start))} to {esc(short_time(visit.visit_end))}"
        parts = [
            f"<h2>#{visit.id} {esc(visit.subject)}</h2>",
            f"<p><b>{esc(visit.site or '')}</b><br>{address}</p>",
            f"<p>{self.tr('Contact')}: {esc(visit.contact or '-')}</p>",
            f"<p>{self.tr('Visit')}: {window} · {self.tr('Status')}: <b>{esc(visit.status)}</b>"
            f" · {self.tr('Due')}: {due_html}"
            f" · {self.tr('Time worked')}: {visit.time_worked} min</p>",
        ]
        if visit.gone:
            parts.append(f"<p style='color:#c62828'>{esc(visit.gone)}</p>")
        equipment = asset_store.assets_of(self.db, visit.id)
        if equipment:
            rows = "".join(
                f"<li>{esc(a.name)}: {esc(a.model or '-')}, {self.tr('serial')} "
                f"{esc(a.serial or '-')}, {self.tr('warranty to')} {esc(a.warranty or '-')}</li>"
                for a in equipment
            )
            parts.append(f"<h3>{self.tr('Equipment')}</h3><ul>{rows}</ul>")
        parts.append(f"<h3>{self.tr('History')}</h3>")
        for entry in ticket_store.history(self.db, visit.id):
            if entry.body is None:
                continue
            unsent = f" <i>({self.tr('not yet sent')})</i>" if entry.id is None else ""
            minutes = f" · {entry.time_taken} min" if entry.time_taken else ""
            parts.append(
                f"<p style='color:#666'>{esc(entry.type)} · {esc(entry.creator or '')} · "
                f"{esc(short_time(entry.created))}{minutes}{unsent}</p>"
                + body_html(entry.body, entry.body_type)
                + "<hr>"
            )
        return "".join(parts)
