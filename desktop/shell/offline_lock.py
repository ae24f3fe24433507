"""IT's offline limit in the window: a strip that warns ahead, a lock screen past it.

``OfflineGuard`` looks at the laptop's standing (``sync.offline_limit``) when the
window opens, after each sync, every minute, when the application becomes active
and when the wall clock jumped (``look_for_a_jump``).  Qt's timers run on the
monotonic clock, which stops while the laptop sleeps: a lid opened after a week
asleep must not show the visits until the minute's timer comes round.  From two
days before the lock a strip above the screens says by when to sync; past the lock
the screens give way to ``LockScreen``, which shows no visit data and offers only
a sync and a sign-in; past the wipe limit the guard asks the window to erase the
profile.  Locked, the decrypted copies of files opened in other programs go at
once (``sync.open_copies``): the lock shows a lost laptop's finder no visit, nor
should the copies folder.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.common.icons import icon
from desktop.common.messages import Level
from desktop.common.theme import hex_colour, is_dark
from desktop.shell.banner import DARK_STYLES, STYLES
from sync.data_policy import DataPolicy
from sync.last_sync import remember_locked_seen
from sync.offline_limit import Standing, replica_standing
from sync.open_copies import process_copies
from sync.store.reader import Reader

CHECK_EVERY_MS = 60_000
# The wall clock moved this much more (or less) than the monotonic one between two
# looks: the laptop slept, or its clock was set.  NTP's slewing stays far below it.
CLOCK_JUMP_S = 5.0
PANEL_WIDTH = 560  # the lock screen's text: a readable line length

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class OfflineGuard(QObject):
    """Re-reads the standing; says when it changes and when the wipe is due."""

    changed = Signal(object)  # Standing
    wipe_due = Signal()
    woke = Signal()  # the wall clock ran on while the monotonic one did not: a sleep ended

    def __init__(
        self, db: Reader, policy: DataPolicy, clock: Clock = utc_now, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.db, self.policy, self.clock = db, policy, clock
        self.standing = Standing("fine")
        self._words: str | None = None  # what the strip or the lock screen was told last
        self._stopped = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(CHECK_EVERY_MS)
        self._last_look = (clock(), time.monotonic())
        self._app = QGuiApplication.instance()
        if isinstance(self._app, QGuiApplication):
            self._app.applicationStateChanged.connect(self._application_state_changed)

    def stop(self) -> None:
        """The window closes its replica: no more looks at it (a sync may still end)."""
        self._stopped = True
        self._timer.stop()
        if isinstance(self._app, QGuiApplication):
            self._app.applicationStateChanged.disconnect(self._application_state_changed)
            self._app = None

    @Slot()
    def look_for_a_jump(self) -> None:
        """Called every second (the window's status tick): a check only when the wall
        clock moved apart from the monotonic one since the last look -- a wake from
        sleep or a clock set -- otherwise a few comparisons."""
        wall, steady = self.clock(), time.monotonic()
        last_wall, last_steady = self._last_look
        self._last_look = (wall, steady)
        drift = (wall - last_wall).total_seconds() - (steady - last_steady)
        if abs(drift) > CLOCK_JUMP_S:
            self.check()
        if drift > CLOCK_JUMP_S:  # the wall clock went on while the laptop slept
            self.woke.emit()

    @Slot(Qt.ApplicationState)
    def _application_state_changed(self, state: Qt.ApplicationState) -> None:
        # A lid opened, a screen unlocked, a click on the window: before it paints again.
        if state == Qt.ApplicationState.ApplicationActive:
            self.check()

    @Slot()
    def check(self) -> Standing:
        if self._stopped:
            return self.standing
        now = self.clock()
        self._last_look = (now, time.monotonic())
        found = replica_standing(self.db, self.policy, now)
        if found.locked:  # seen locked: the wipe's day counts from here, as at an opening
            process_copies().remove()  # every copy, however recently opened
            remember_locked_seen(self.db, now)
            found = replica_standing(self.db, self.policy, now)
        if found.state == "wipe":
            self._timer.stop()
            self.wipe_due.emit()
        else:
            # The words count from now ("tomorrow 14:00" is "today 14:00" after midnight,
            # or after a night asleep): said again when they changed, the standing or not.
            words = found.message(now)
            if found != self.standing or words != self._words:
                self.standing, self._words = found, words
                self.changed.emit(found)
        return found


class OfflineStrip(QLabel):
    """One line above the screens: by when to sync, or that the visits are locked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("offlineStrip")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setAccessibleName(self.tr("Offline limit"))
        self.hide()

    def show_standing(self, standing: Standing, now: datetime) -> None:
        message = standing.message(now)
        if message is None or standing.locked:  # locked: the lock screen says it
            self.hide()
            return
        style = (DARK_STYLES if is_dark() else STYLES)[Level.WARNING]
        self.setStyleSheet(f"#offlineStrip {{{style} border-radius:4px; padding:6px 10px;}}")
        self.setText(message)
        self.show()


class LockScreen(QWidget):
    """What the window shows instead of visits past the offline limit."""

    sync_requested = Signal()
    sign_in_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        badge = QLabel()
        badge.setPixmap(icon("warning").pixmap(48, 48))
        badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel(self.tr("Visits locked"))
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        self.text = QLabel()
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        why = QLabel(
            self.tr(
                "Your IT department locks FieldDesk on a laptop that has not synced for a "
                "while, so that a lost laptop shows nobody your customers' data. Your unsent "
                "changes are kept and go with the next sync."
            )
        )
        why.setWordWrap(True)
        why.setAlignment(Qt.AlignmentFlag.AlignCenter)
        why.setStyleSheet(f"color: {hex_colour('muted')}")  # the reason, under what to do
        self.sync_button = QPushButton(icon("sync"), self.tr("Sync now"))
        self.sync_button.setDefault(True)
        self.sync_button.clicked.connect(self.sync_requested)
        self.sign_in_button = QPushButton(self.tr("Sign in…"))
        self.sign_in_button.clicked.connect(self.sign_in_requested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.sign_in_button)
        buttons.addStretch(1)
        panel = QWidget()
        panel.setMaximumWidth(PANEL_WIDTH)
        column = QVBoxLayout(panel)
        for widget in (badge, title, self.text):
            column.addWidget(widget)
        column.addSpacing(12)
        column.addLayout(buttons)
        column.addSpacing(18)
        column.addWidget(why)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(panel, 3)
        centred.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(centred)
        outer.addStretch(2)
        self.hide()

    def show_standing(self, standing: Standing, now: datetime) -> None:
        self.text.setText(standing.message(now) or "")
