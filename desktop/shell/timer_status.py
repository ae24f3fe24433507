"""The running visit timer in the window's status area, and the reminder at closing.

Reads the replica once a second (one indexed row): the timer runs in the
database, not here, so what this shows after a restart is still right.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtWidgets import QPushButton, QWidget

from desktop.common.theme import hex_colour
from sync.store import timers

if TYPE_CHECKING:
    import sqlite_utils


class TimerStatus(QPushButton):
    visit_requested = Signal(int)  # clicked: show the timed visit

    def __init__(self, db: sqlite_utils.Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setFlat(True)
        self.setAccessibleName(self.tr("Running visit timer"))
        self.setToolTip(self.tr("The running visit timer: click to show its visit"))
        self.setStyleSheet(f"color: {hex_colour('running')}; font-weight: 600; padding: 0 8px;")
        self.ticket_id: int | None = None
        self.locked = False  # past IT's offline limit: no visit's number in the status bar
        self.clicked.connect(self._clicked)
        self.ticker = QTimer(self)  # also the window's look for a clock jump (OfflineGuard)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self.update_state)
        self.ticker.start()
        self.update_state()

    @Slot()
    def update_state(self) -> None:
        running = timers.running(self.db)
        self.ticket_id = running.ticket_id if running else None
        self.setVisible(running is not None and not self.locked)  # each tick: keep it hidden
        if running is not None:
            jumps = timers.clock_jumps(self.db, running.ticket_id)
            mark = " ⚠" if jumps else ""  # the clock jumped: the tooltip says how
            self.setText(
                f"⏱ #{running.ticket_id} {running.label} {timers.clock(running.seconds())}{mark}"
            )
            tip = self.tr("The running visit timer: click to show its visit")
            self.setToolTip("\n\n".join([tip, *(jump.text() for jump in jumps)]))

    def set_locked(self, locked: bool) -> None:
        self.locked = locked
        self.update_state()

    def reminder(self) -> str | None:
        """What to say when the window closes with a timer running."""
        running = timers.running(self.db)
        if running is None:
            return None
        return self.tr(
            "The {what} timer of visit #{id} keeps running while FieldDesk is closed "
            "({time} so far); stop it when you are done."
        ).format(
            what=running.label.lower(), id=running.ticket_id, time=timers.clock(running.seconds())
        )

    def stop(self) -> None:
        self.ticker.stop()

    @Slot()
    def _clicked(self) -> None:
        if self.ticket_id is not None:
            self.visit_requested.emit(self.ticket_id)
