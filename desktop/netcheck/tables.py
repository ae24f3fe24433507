"""The results table (live, one row per probe) and the before/after table."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from desktop.common.plain_tooltip import plain_tooltip
from desktop.common.theme import colour
from sync.netcheck.compare import Pair
from sync.netcheck.report import KIND_NAMES, target_text
from sync.netcheck.result import CANCELLED, FAIL, NO_RIGHTS, PASS, WARN, ProbeResult
from sync.netcheck.run import Step

STATUS_TEXT = {
    PASS: "✓ Pass",
    WARN: "! Warning",
    FAIL: "✗ Fail",
    NO_RIGHTS: "– Not run",  # the laptop may not send it: not the network's failure
    CANCELLED: "– Cancelled",
}
STATUS_COLOUR = {PASS: "ok", WARN: "warn", FAIL: "overdue", NO_RIGHTS: "warn", CANCELLED: "muted"}
CHANGE_TEXT = {"better": "▲ better", "worse": "▼ worse", "same": "=", "new": "new", "gone": "—"}
CHANGE_COLOUR = {
    "better": "ok",
    "worse": "overdue",
    "same": "muted",
    "new": "muted",
    "gone": "muted",
}


def _item(text: str, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    item.setToolTip(plain_tooltip(tip or text))  # targets and replies may be anyone's
    return item


def _status_item(status: str, text: str) -> QTableWidgetItem:
    item = _item(text)
    item.setForeground(colour(STATUS_COLOUR.get(status, "muted")))
    font = QFont(item.font())
    font.setBold(status in (FAIL, NO_RIGHTS))
    item.setFont(font)
    return item


def _table(headers: tuple[str, ...], stretch: int) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    for column in range(len(headers)):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


class ResultsTable:
    """Every planned probe: waiting, running, then its result, in run order.

    A detail wraps onto more lines rather than being cut: its end is often the fix
    ("…ping_group_range is '1 0'; ask IT to allow it")."""

    HEADERS = ("Result", "Check", "Target", "Figure", "Detail")
    DETAIL = 4

    def __init__(self) -> None:
        self.widget = _table(self.HEADERS, self.DETAIL)
        self.widget.setObjectName("netcheckResults")
        self.widget.setWordWrap(True)
        rows = self.widget.verticalHeader()
        rows.setMinimumSectionSize(rows.defaultSectionSize())  # one line: as tall as before
        # A narrower or wider window wraps the details again, once the header has its
        # new widths (asked during its resize, the rows kept their old heights).
        self._refit = QTimer(self.widget)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self.widget.resizeRowsToContents)
        self.widget.horizontalHeader().sectionResized.connect(self._fit_rows)

    def plan(self, steps: list[Step]) -> None:
        self.widget.setRowCount(len(steps))
        for row, step in enumerate(steps):
            label = f"{step.target} ({step.label})" if step.label else step.target
            self.widget.setItem(row, 0, _item("Waiting"))
            self.widget.setItem(row, 1, _item(KIND_NAMES.get(step.kind, step.kind)))
            self.widget.setItem(row, 2, _item(label))
            for column in (3, 4):
                self.widget.setItem(row, column, _item(""))

    def running(self, row: int) -> None:
        running = _item("Running…")
        self.widget.setItem(row, 0, running)
        self.widget.scrollToItem(running)

    def show_result(self, row: int, result: ProbeResult) -> None:
        if row >= self.widget.rowCount():
            self.widget.setRowCount(row + 1)
        self.widget.setItem(row, 0, _status_item(result.status, STATUS_TEXT[result.status]))
        self.widget.setItem(row, 1, _item(KIND_NAMES.get(result.kind, result.kind)))
        self.widget.setItem(row, 2, _item(target_text(result)))
        self.widget.setItem(row, 3, _item(result.figure))
        self.widget.setItem(row, self.DETAIL, _item(result.detail))
        self.widget.resizeRowToContents(row)

    def show_results(self, results: list[ProbeResult]) -> None:
        self.widget.setRowCount(0)
        for row, result in enumerate(results):
            self.show_result(row, result)

    def _fit_rows(self, column: int, _old: int, _new: int) -> None:
        if column == self.DETAIL:
            self._refit.start()

    def status_of(self, row: int) -> str:
        item = self.widget.item(row, 0)
        return item.text() if item else ""


class CompareTable:
    """Two runs side by side: each check's result before and after."""

    HEADERS = ("Check", "Target", "Before", "After", "Change")

    def __init__(self) -> None:
        self.widget = _table(self.HEADERS, 1)
        self.widget.setObjectName("netcheckCompare")

    def show_pairs(self, pairs: list[Pair]) -> None:
        self.widget.setRowCount(len(pairs))
        for row, pair in enumerate(pairs):
            target = f"{pair.target} ({pair.label})" if pair.label else pair.target
            self.widget.setItem(row, 0, _item(KIND_NAMES.get(pair.kind, pair.kind)))
            self.widget.setItem(row, 1, _item(target))
            for column, result in ((2, pair.before), (3, pair.after)):
                if result is None:
                    self.widget.setItem(row, column, _item("not checked"))
                    continue
                text = f"{STATUS_TEXT[result.status]}  {result.figure}"
                cell = _status_item(result.status, text)
                cell.setToolTip(plain_tooltip(result.detail))
                self.widget.setItem(row, column, cell)
            change = _item(CHANGE_TEXT[pair.change])
            change.setForeground(colour(CHANGE_COLOUR[pair.change]))
            self.widget.setItem(row, 4, change)
