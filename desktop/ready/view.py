"""Ready for the road: one look before driving off, one button to fetch what is missing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.common.icons import icon
from desktop.common.spoken import show_text
from desktop.common.theme import colour
from desktop.common.times import short_time, visit_window
from sync.readiness import RoadCheck, VisitReadiness, check_ready
from sync.words import plural

if TYPE_CHECKING:
    import sqlite_utils

COLUMNS = ("When", "Visit", "History", "Files", "Equipment")


def human_size(size: int) -> str:
    if size >= 1_048_576:
        return f"{size / 1_048_576:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} bytes"


class ReadyView(QWidget):
    fetch_requested = Signal()  # the window starts a "for the road" sync

    def __init__(self, db: sqlite_utils.Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.check: RoadCheck | None = None
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.fetch_button = QPushButton(icon("ready"), self.tr("Fetch &everything missing"))
        self.fetch_button.setMinimumHeight(36)
        self.fetch_button.setToolTip(
            self.tr("Sync, and download every file of today's and tomorrow's visits (Ctrl+D)")
        )
        self.fetch_button.setAccessibleName(self.tr("Fetch everything missing"))
        self.fetch_button.clicked.connect(self.fetch_requested)
        fetch = QAction(self.tr("Fetch everything missing"), self)
        fetch.setShortcut(QKeySequence("Ctrl+D"))
        fetch.setShortcutContext(Qt.ShortcutContext.WindowShortcut)  # on show only (kb/view.py)
        fetch.triggered.connect(self.fetch_button.click)
        self.addAction(fetch)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setAccessibleName(self.tr("Today's and tomorrow's visits"))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.gaps = QListWidget()
        self.gaps.setAccessibleName(self.tr("What is missing"))

        top = QHBoxLayout()
        top.addWidget(self.verdict, 1)
        top.addWidget(self.fetch_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(QLabel(self.tr("<b>Today's and tomorrow's visits</b>")))
        layout.addWidget(self.table, 3)
        self.gaps_title = QLabel(self.tr("<b>Missing</b>"))
        layout.addWidget(self.gaps_title)
        layout.addWidget(self.gaps, 2)

    def focus_first(self) -> None:
        """The screen shown (Ctrl+5): the focus in the table of visits."""
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    @Slot()
    def refresh(self) -> None:
        self.check = check_ready(self.db)
        self._show_verdict(self.check)
        self._fill_table(self.check.visits)
        self.gaps.clear()
        for gap in self.check.gaps:
            size = f" — {human_size(gap.size)}" if gap.size else ""
            self.gaps.addItem(f"{gap.what}{size}")
        for waiting in self.check.to_settle:
            self.gaps.addItem(waiting.what)
        listed = bool(self.check.gaps or self.check.to_settle)
        self.gaps_title.setText(
            self.tr("<b>Missing, and changes that need you</b>")
            if self.check.to_settle
            else self.tr("<b>Missing</b>")
        )
        self.gaps.setVisible(listed)
        self.gaps_title.setVisible(listed)

    def _show_verdict(self, check: RoadCheck) -> None:
        n = len(check.visits)
        if check.ready:
            text = self.tr(
                "<h2 style='color:{ok}'>✔ Ready for the road</h2>"
                "Everything for your {visits} today and tomorrow is on this laptop, "
                "with {articles}. Last complete sync: {when}."
            ).format(
                visits=plural(n, self.tr("visit"), self.tr("visits")),
                articles=plural(
                    check.articles,
                    self.tr("knowledge-base article"),
                    self.tr("knowledge-base articles"),
                ),
                when=short_time(check.last_sync) or "never",
                ok=colour("ok").name(),
            )
        else:
            text = self._not_ready(check)
        show_text(self.verdict, self.tr("Readiness"), text)

    def _not_ready(self, check: RoadCheck) -> str:
        parts = []
        if check.gaps:
            size = (
                self.tr(" ({size} to download)").format(size=human_size(check.download_bytes))
                if check.download_bytes
                else ""
            )
            missing = plural(len(check.gaps), self.tr("thing"), self.tr("things"))
            parts.append(self.tr("{gaps} missing{size}").format(gaps=missing, size=size))
        if check.to_settle:
            changes = plural(len(check.to_settle), self.tr("change"), self.tr("changes"))
            parts.append(self.tr("{changes} waiting for you").format(changes=changes))
        refused = sum(gap.refused for gap in check.gaps)
        if check.gaps and refused == len(check.gaps):
            advice = self.tr(
                "The helpdesk refuses you {files}: ask your supervisor before you drive off."
            ).format(files=self.tr("this file") if refused == 1 else self.tr("these files"))
        elif check.gaps:
            advice = self.tr("Fetch them while you are online, before you drive off.")
        else:
            advice = ""
        if check.to_settle:
            settle = self.tr("Settle the changes in Conflicts and the Outbox while you are online.")
            advice = f"{advice} {settle}".strip()
        return self.tr("<h2 style='color:{warn}'>✗ Not ready yet: {what}</h2>{advice}").format(
            what=self.tr(" and ").join(parts), warn=colour("warn").name(), advice=advice
        )

    def _fill_table(self, visits: list[VisitReadiness]) -> None:
        self.table.setRowCount(len(visits))
        for row, item in enumerate(visits):
            visit = item.visit
            files = f"{item.files_on_disk}/{item.files_total}" if item.files_total else ""
            day = short_time(visit.visit_start)[:10]  # "Mon 23 Nov"
            cells = (
                f"{day} {visit_window(visit.visit_start, visit.visit_end)}",
                f"#{visit.id} {visit.subject} — {visit.site or ''}",
                "✔" if item.history else self.tr("missing"),
                (("✔ " if item.files_on_disk == item.files_total else "✗ ") + files)
                if item.files_total
                else self.tr("none"),
                "✔"
                if not item.equipment_missing
                else self.tr("{n} missing").format(n=item.equipment_missing),
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
