"""The Before / after tab: pick two runs of the site, see them check by check."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.netcheck.tables import CompareTable
from sync.netcheck.compare import compare
from sync.netcheck.history import SavedRun
from sync.netcheck.report import counts


def local_time(iso: str) -> str:
    """When a run started, in this laptop's time, to the second (two runs a minute apart)."""
    return datetime.fromisoformat(iso).astimezone().strftime("%a %d %b %H:%M:%S")


class BeforeAfter(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.saved_runs: list[SavedRun] = []
        layout = QVBoxLayout(self)
        pick = QHBoxLayout()
        self.before_box, self.after_box = QComboBox(), QComboBox()
        for text, name, box in (
            (self.tr("&Before:"), self.tr("Run before"), self.before_box),
            (self.tr("A&fter:"), self.tr("Run after"), self.after_box),
        ):
            label = QLabel(text)
            label.setBuddy(box)  # Alt+B, Alt+F; a screen reader reads the label with it
            box.setAccessibleName(name)
            pick.addWidget(label)
            box.setMinimumContentsLength(34)
            # As wide as its longest run: "… — 1 failed, 5 passed, 1 not run" was cut mid-word.
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            box.currentIndexChanged.connect(self._show_comparison)
            pick.addWidget(box)
        pick.addStretch(1)
        layout.addLayout(pick)
        self.table = CompareTable()
        layout.addWidget(self.table.widget, 1)
        self.hint = QLabel()
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.hint)

    def show_runs(self, saved_runs: list[SavedRun]) -> None:
        """The site's runs, newest first: the newest is "after", the one before it "before"."""
        self.saved_runs = saved_runs
        for box, default in ((self.before_box, 1), (self.after_box, 0)):
            box.blockSignals(True)
            box.clear()
            for saved in saved_runs:
                box.addItem(f"{local_time(saved.run.started)} — {counts(saved.run)}", saved.id)
            box.setCurrentIndex(min(default, box.count() - 1))
            box.blockSignals(False)
        self._show_comparison()

    @Slot()
    def _show_comparison(self) -> None:
        runs = {saved.id: saved.run for saved in self.saved_runs}
        before = runs.get(self.before_box.currentData())
        after = runs.get(self.after_box.currentData())
        if before is None or after is None or len(runs) < 2:
            self.table.show_pairs([])
            self.hint.setText(
                self.tr("Run the check twice (before and after a fix) to compare the runs.")
            )
            return
        self.table.show_pairs(compare(before, after))
        self.hint.setText("")
