"""The visit timer on the visit panel: travel and on-site time, start / pause / stop.

The clock is in the replica (``sync.store.timers``): this widget only shows it,
once a second while a timer of the visit runs.  Stop offers to log the time on
the visit with a prefilled note (``dialogs.TimeLogDialog``, loaded then); cancelling
keeps the time on the stopped timer, never loses it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.common.buttons import button
from desktop.common.icons import icon
from desktop.common.messages import MessageBridge
from desktop.common.spoken import show_text
from desktop.common.theme import hex_colour
from desktop.common.user_errors import attempt
from sync.store import tickets as ticket_store
from sync.store import timers
from sync.store.timers import TimerKind

if TYPE_CHECKING:
    import sqlite_utils
    from PySide6.QtGui import QHideEvent, QShowEvent

    from desktop.visit.dialogs import TimeLogDialog

# What each button does, whole, for a screen reader: four buttons read "Start" or "Stop…".
TIMER_NAMES = {"travel": "travel timer", "on_site": "on-site timer"}


class TimerBar(QWidget):
    saved = Signal()  # a timer started, paused or its time logged: lists and status catch up

    def __init__(
        self,
        db: sqlite_utils.Database,
        messages: MessageBridge,
        user: Callable[[], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.messages, self.user = db, messages, user
        self.ticket_id: int | None = None
        self.dialog: TimeLogDialog | None = None
        self.clocks: dict[TimerKind, QLabel] = {}
        self.starts: dict[TimerKind, QPushButton] = {}
        self.stops: dict[TimerKind, QPushButton] = {}
        self.words: dict[QPushButton, str] = {}  # each button's word, shown when there is room
        self.compact = False
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        row = QHBoxLayout()
        column.addLayout(row)
        for kind in timers.TIMER_KINDS:
            row.addWidget(QLabel(f"<b>{timers.LABELS[kind]}</b>"))
            clock = QLabel()
            clock.setMinimumWidth(clock.fontMetrics().horizontalAdvance("0:00:00"))
            show_text(clock, self._clock_field(kind), "0:00")
            start = button(self.tr("Start"), "time", self.tr("Start (pauses any other timer)"))
            stop = button(self.tr("Stop…"), "check", self.tr("Stop and log the time on the visit"))
            self.words[start], self.words[stop] = self.tr("Start"), self.tr("Stop…")
            start.setAccessibleName(self._button_name(self.tr("Start"), kind))
            stop.setAccessibleName(self._button_name(self.tr("Stop"), kind) + self.tr(", log time"))
            for compact in (start, stop):  # sized to the word, not Qt's 80-px minimum
                compact.setStyleSheet("padding: 0 10px;")
            start.clicked.connect(lambda _=False, k=kind: self.toggle(k))
            stop.clicked.connect(lambda _=False, k=kind: self.stop(k))
            self.clocks[kind], self.starts[kind], self.stops[kind] = clock, start, stop
            row.addWidget(clock)
            row.addWidget(start)
            row.addWidget(stop)
            row.addSpacing(8)
        row.addStretch(1)  # the timers packed on the left, whatever the panel's width
        # Under the timers, once there is time today or a timer runs ("0 min" says nothing
        # before): beside them it wrapped, or took the buttons' words in a 1280-px window.
        self.today = QLabel()
        self.today.setVisible(False)
        self.today.setStyleSheet(f"color: {hex_colour('muted')};")
        self.today.setToolTip(self.tr("Time logged on this visit today, and on its timers"))
        column.addWidget(self.today)
        # The laptop's clock jumped while a timer ran, and the timer left the jump out.
        self.jump = QLabel()
        self.jump.setVisible(False)
        self.jump.setWordWrap(True)
        self.jump.setTextFormat(Qt.TextFormat.PlainText)
        self.jump.setStyleSheet(f"color: {hex_colour('warn')};")
        column.addWidget(self.jump)
        self.ticker = QTimer(self)
        self._was_ticking = False  # when last hidden
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self.update_clocks)
        for widget in self.words:
            widget.ensurePolished()  # measured with the style sheet's padding
        self._narrowest = self._width_with(words=False)

    # -- width: in a narrow panel the buttons lose their words (kept in tooltip and
    # accessible name), so the panel does not hold the window wider than 1024 px
    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        if not self.compact:
            hint.setWidth(self._narrowest)
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    # -- no ticking while hidden (another screen shown, the window closed): the clocks
    # are read again when it shows
    def hideEvent(self, event: QHideEvent) -> None:
        self._was_ticking = self.ticker.isActive()
        self.ticker.stop()
        super().hideEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._was_ticking:
            self._was_ticking = False
            self.update_clocks()

    def _fit(self) -> None:
        self._narrowest = self._width_with(words=False)  # measured again: fonts, labels
        self._set_compact(self.width() < self._width_with(words=True))

    def _width_with(self, *, words: bool) -> int:
        """The least width of the row with or without the buttons' words, measured."""
        was = self.compact
        self._set_compact(not words)
        width = super().minimumSizeHint().width()
        self._set_compact(was)
        return width

    def _set_compact(self, compact: bool) -> None:
        if compact != self.compact:
            self.compact = compact
            for widget, word in self.words.items():
                widget.setText("" if compact else word)

    def _clock_field(self, kind: TimerKind) -> str:
        return self.tr("{what} time").format(what=timers.LABELS[kind])

    def _button_name(self, word: str, kind: TimerKind) -> str:
        """ "Start travel timer": the button's word and its timer, as a screen reader says it."""
        return self.tr("{word} {timer}").format(word=word, timer=self.tr(TIMER_NAMES[kind]))

    def _say(
        self, widget: QPushButton, word: str, icon_name: str, tip: str, kind: TimerKind
    ) -> None:
        """Start becomes Pause and back: a wider word may no longer fit."""
        if self.words[widget] == word:
            return
        self.words[widget] = word
        widget.setText("" if self.compact else word)
        widget.setAccessibleName(self._button_name(word, kind))
        widget.setIcon(icon(icon_name))
        widget.setToolTip(tip)  # what the icon alone does, in a narrow panel
        self._fit()

    def show_visit(self, ticket_id: int | None, *, writable: bool = True) -> None:
        self.ticket_id = ticket_id
        self.setEnabled(ticket_id is not None and writable)
        self.update_clocks()

    @Slot()
    def update_clocks(self) -> None:
        if self.ticket_id is None:
            self.ticker.stop()
            return
        now = datetime.now(UTC)
        running = False
        for kind, timer in timers.timers(self.db, self.ticket_id).items():
            show_text(self.clocks[kind], self._clock_field(kind), timers.clock(timer.seconds(now)))
            self.clocks[kind].setStyleSheet(
                f"color: {hex_colour('running')}; font-weight: 600;" if timer.running else ""
            )
            if timer.running:
                self._say(self.starts[kind], self.tr("Pause"), "pause", self.tr("Pause"), kind)
            else:
                self._say(
                    self.starts[kind],
                    self.tr("Start"),
                    "time",
                    self.tr("Start (pauses any other timer)"),
                    kind,
                )
            self.stops[kind].setEnabled(timer.running or timer.elapsed_s > 0)
            running = running or timer.running
        minutes = timers.day_minutes(self.db, self.ticket_id, now)
        show_text(
            self.today,
            self.tr("Time on this visit today"),
            self.tr("Today on this visit: {t}").format(t=hours_text(minutes)),
        )
        self.today.setVisible(bool(minutes) or running)
        jumps = " ".join(jump.text() for jump in timers.clock_jumps(self.db, self.ticket_id))
        if jumps != self.jump.text():
            show_text(self.jump, self.tr("Visit timer and the laptop's clock"), jumps)
        self.jump.setVisible(bool(jumps))
        if running and not self.ticker.isActive():
            self.ticker.start()
        elif not running:
            self.ticker.stop()

    def toggle(self, kind: TimerKind) -> None:
        ticket = self.ticket_id
        if ticket is None:
            return
        timer = timers.timers(self.db, ticket)[kind]

        def flip() -> bool:
            if timer.running:
                timers.pause(self.db, ticket, kind)
            else:
                timers.start(self.db, ticket, kind)  # pauses any other: one runs at a time
            return True

        done = attempt(self.messages, flip)
        self.update_clocks()
        if done:
            self.saved.emit()

    def stop(self, kind: TimerKind) -> None:
        ticket = self.ticket_id
        if ticket is None:
            return
        timer = attempt(self.messages, lambda: timers.pause(self.db, ticket, kind))
        self.update_clocks()
        if timer is None:
            return
        self.saved.emit()
        minutes = timers.minutes_to_log(timer.seconds())
        # The outbox's time entries and the dialog, imported at the first stop: not needed to paint.
        from desktop.common.action_dialog import VisitRef  # noqa: PLC0415
        from desktop.visit.dialogs import TimeLogDialog  # noqa: PLC0415
        from sync.changes.time_entry import (  # noqa: PLC0415
            default_text,
            is_default_text,
            log_time,
        )

        if self.dialog is not None:
            self.dialog.reject()

        def save(values: tuple[int, str]) -> bool:
            logged, note = values
            done = attempt(
                self.messages,
                lambda: log_time(self.db, ticket, kind, logged, note, author=self.user()),
                saved=self.tr("{n} min logged; it goes to the helpdesk at the next sync").format(
                    n=logged
                ),
            )
            self.update_clocks()
            if done is not None:
                self.saved.emit()
            return done is not None

        offered = max(1, minutes)  # the dialog logs one minute at least
        dialog = TimeLogDialog(timer.label, offered, default_text(kind, offered), save, self)

        def follow_minutes(logged: int) -> None:
            """The prefilled note says the minutes to log, until the technician edits it."""
            if is_default_text(kind, dialog.note.text()):
                dialog.note.setText(default_text(kind, logged))

        dialog.minutes.valueChanged.connect(follow_minutes)
        self.dialog = dialog
        visit = ticket_store.get_visit(self.db, ticket)
        if visit is not None:
            self.dialog.belongs_to(VisitRef.of(visit))
        self.dialog.open()


def hours_text(minutes: int) -> str:
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"
