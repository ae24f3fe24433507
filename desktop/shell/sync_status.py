"""Always-visible sync state, and when to sync without being asked.

``SyncIndicator`` shows online/offline (or the progress of a running sync), the
last complete sync, how many changes wait to be sent and how many need the user.
``AutoSync`` starts a sync on a timer, shortly after a local change, and as soon as
the network comes back.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from desktop.common.icons import icon
from desktop.common.spoken import name_text, show_text
from desktop.common.theme import colour
from sync.next_try import clock_words
from sync.stamps import parse_stamp
from sync.words import PHASE_WORDS

if TYPE_CHECKING:
    from PySide6.QtNetwork import QNetworkInformation

TIMER_MINUTES = 10  # a periodic sync brings supervisors' changes down
AFTER_CHANGE_SECONDS = 20  # a saved change is sent soon, not at once: edits come in bursts
OFFLINE_RETRY_SECONDS = 60  # without network news, probe this often while offline
RESEND_AT_LEAST_S = 30  # a change in doubt never brings syncs closer together than this
LONGEST_TIMER_MS = 2**31 - 1  # a QTimer's longest interval (about 24 days)


def _now() -> datetime:
    return datetime.now(UTC)


# A clock nobody sets that counts on while the laptop sleeps: Linux's boot time, macOS's
# CLOCK_MONOTONIC (its time.monotonic stops in sleep); Windows' time.monotonic counts it.
_STEADY_CLOCK = getattr(time, "CLOCK_BOOTTIME", None) or (
    time.CLOCK_MONOTONIC if sys.platform == "darwin" else None
)


def steady_seconds() -> float:
    """Seconds on that clock: ages measured on it survive the wall clock being set."""
    if _STEADY_CLOCK is None:
        return time.monotonic()
    return time.clock_gettime(_STEADY_CLOCK)


class Why(Enum):
    """What made ``AutoSync`` want a sync."""

    TICK = "tick"  # the periodic timer: a run already going does what it would
    CHANGE = "change"  # a change saved, a change in doubt may go again, a wait is over
    NETWORK = "network"  # the network came back
    ASKED = "asked"  # the technician asked (Sync now, the lock screen)


class Connectivity(Enum):
    UNKNOWN = "unknown"
    ONLINE = "online"
    OFFLINE = "offline"
    SIGN_IN = "sign-in"  # the helpdesk answered but wants credentials
    UNTRUSTED = "untrusted"  # certificate not trusted, or the address redirects elsewhere
    BUSY = "busy"  # the helpdesk asked us to wait (Retry-After): no automatic sync till then


def ago(iso: str | None, now: datetime | None = None) -> str:
    """'just now', '5 min ago', 'today 09:12', 'Mon 23 Nov 09:12', or 'never'."""
    if not iso:
        return "never"
    return moment_words(parse_stamp(iso), now or datetime.now(UTC))


def moment_words(moment: datetime, now: datetime) -> str:
    """``ago``'s words for a moment.  One ahead of ``now`` was stamped while the clock ran
    ahead (set back since): its age is unknown, so it is told by its clock time, never as
    "just now"."""
    seconds = (now - moment).total_seconds()
    if 0 <= seconds < 60:
        return "just now"
    if 0 <= seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    local, local_now = moment.astimezone(), now.astimezone()
    if local.date() == local_now.date():
        return f"today {local:%H:%M}"
    return f"{local:%a %d %b %H:%M}"


class SyncIndicator(QWidget):
    """● Online · synced 5 min ago · 2 unsent

    It tells the truth about the last run: while a sync runs it says so (with
    its progress); when the helpdesk refused changes or a change is in conflict
    it turns to attention, names the counts, and a click (or Enter) opens the
    screen where the user decides.
    """

    open_requested = Signal(str)  # "outbox" or "conflicts": the screen that needs the user

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = Connectivity.UNKNOWN
        self.last_sync: str | None = None  # stored: the laptop's clock at the last sync
        # This window's last completed sync on the steady clock: the wall clock may be set
        # back after it (NTP at the first Wi-Fi), which would keep it "just now" for hours.
        self.steady: Callable[[], float] = steady_seconds
        self._synced_at: float | None = None
        self.pending = 0
        self.refused = 0
        self.conflicts = 0
        self.next_try: datetime | None = None  # BUSY: the helpdesk's wait ends then
        self.running = False
        self.progress: tuple[str, int, int] | None = None  # phase, done, total
        self.setObjectName("sync-indicator")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)  # the attention frame
        self.icon = QLabel()
        self.text = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 8, 0)
        layout.setSpacing(6)
        layout.addWidget(self.icon)
        layout.addWidget(self.text)
        self._clock = QTimer(self)  # "5 min ago" ages
        self._clock.setInterval(30_000)
        self._clock.timeout.connect(self._render)
        self._clock.start()
        self._render()

    def update_state(
        self,
        *,
        state: Connectivity | None = None,
        last_sync: str | None = None,
        pending: int | None = None,  # changes waiting for a sync (not refused, no conflict)
        refused: int | None = None,
        conflicts: int | None = None,
        next_try: datetime | None = None,
    ) -> None:
        if state is not None:
            self.state = state
            self.next_try = next_try
        if last_sync is not None:
            self.last_sync = last_sync
        if pending is not None:
            self.pending = pending
        if refused is not None:
            self.refused = refused
        if conflicts is not None:
            self.conflicts = conflicts
        self._render()

    def sync_started(self) -> None:
        self.running, self.progress = True, None
        self._render()

    def sync_progressed(self, phase: str, done: int, total: int) -> None:
        self.progress = (phase, done, total)
        self._render()

    def sync_ended(self) -> None:
        self.running, self.progress = False, None
        self._render()

    def sync_completed(self) -> None:
        """A run of this window reached the helpdesk and did its work (it stored the
        laptop's clock as the last sync): its age counts from now on the steady clock."""
        self._synced_at = self.steady()

    def synced_words(self) -> str:
        """'just now', '5 min ago'…: this window's own sync aged on the steady clock, or
        the stored stamp of an earlier session."""
        if self._synced_at is None:
            return ago(self.last_sync)
        now = datetime.now(UTC)
        age_s = max(self.steady() - self._synced_at, 0.0)
        return moment_words(now - timedelta(seconds=age_s), now)

    def _synced_part(self) -> str:
        if self._synced_at is None and not self.last_sync:
            return self.tr("not synced yet")  # "synced never" read as a fault
        return self.tr("synced {when}").format(when=self.synced_words())

    def needs_attention(self) -> bool:
        return bool(self.refused or self.conflicts)

    def screen_to_open(self) -> str:
        return "outbox" if self.refused else "conflicts"

    # -- what it says ----------------------------------------------------------------
    def _connection_words(self) -> str:
        if self.running:
            return self._progress_words()
        if self.state is Connectivity.BUSY and self.next_try is not None:
            when = clock_words(self.next_try, datetime.now(UTC))
            return self.tr("Helpdesk busy — next try at {when}").format(when=when)
        names = {
            Connectivity.UNKNOWN: self.tr("Connection not checked yet"),
            Connectivity.ONLINE: self.tr("Online"),
            Connectivity.OFFLINE: self.tr("Offline — working from this laptop"),
            Connectivity.SIGN_IN: self.tr("Sign-in needed"),
            Connectivity.UNTRUSTED: self.tr("Helpdesk not trusted"),
            Connectivity.BUSY: self.tr("Helpdesk busy"),
        }
        return names[self.state]

    def _progress_words(self) -> str:
        if self.progress is None:
            return self.tr("Syncing…")
        phase, done, total = self.progress
        doing = self.tr(PHASE_WORDS.get(phase, phase))
        if total <= 0:
            return self.tr("Syncing — {doing}…").format(doing=doing)
        return self.tr("Syncing — {doing} {done} of {total}").format(
            doing=doing, done=min(done, total), total=total
        )

    def _attention_words(self) -> str:
        counts = []
        if self.refused:
            counts.append(self.tr("{n} refused").format(n=self.refused))
        if self.conflicts:
            counts.append(self.tr("{n} in conflict").format(n=self.conflicts))
        return self.tr("Needs you: {counts}").format(counts=", ".join(counts))

    def _accent(self) -> str | None:
        if self.needs_attention():
            return "overdue"
        if self.running:
            return "heading"
        return {
            Connectivity.ONLINE: "ok",
            Connectivity.OFFLINE: "warn",
            Connectivity.BUSY: "warn",
            Connectivity.SIGN_IN: "overdue",
            Connectivity.UNTRUSTED: "overdue",
        }.get(self.state)

    def _icon_name(self) -> str:
        if self.needs_attention():
            return "warning"
        if self.running:
            return "sync"
        shape = {Connectivity.ONLINE: "online", Connectivity.BUSY: "time"}.get(self.state)
        return shape or "offline"

    @Slot()
    def _render(self) -> None:
        parts = [self._connection_words()]
        if not self.running:  # "not synced yet" beside "Syncing" reads as a failure
            parts.append(self._synced_part())
        if self.pending > 0:  # the refused and those in conflict are counted apart
            parts.append(self.tr("{n} unsent").format(n=self.pending))
        elif not self.needs_attention():
            parts.append(self.tr("all sent"))
        if self.needs_attention():
            parts.insert(0, self._attention_words())
        text = " · ".join(parts)
        accent = self._accent()
        self.icon.setPixmap(icon(self._icon_name()).pixmap(16, 16))
        show_text(self.text, self.tr("Sync state"), text)
        name_text(self, self.tr("Sync state"), text)  # focusable when it needs you
        self.text.setStyleSheet(
            f"color: {colour(accent).name()}; font-weight: 600;" if accent else ""
        )
        self._offer_opening(text)

    def _offer_opening(self, text: str) -> None:
        """In attention, the indicator is a button to the screen where the user decides."""
        if not self.needs_attention():
            self.setCursor(Qt.CursorShape.ArrowCursor)
            self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.setToolTip(text)
            self.setStyleSheet("")
            return
        # Framed like a button: it is one now.
        self.setStyleSheet(
            f"#sync-indicator {{ border: 1px solid {colour('overdue').name()};"
            " border-radius: 4px; }"
        )
        where = (
            self.tr("Click to open the Outbox: each refused change says why and what fixes it.")
            if self.refused
            else self.tr("Click to open Conflicts and decide whose value to keep.")
        )
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setToolTip(f"{text}\n{where}")
        self.setAccessibleDescription(where)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.needs_attention():
            self.open_requested.emit(self.screen_to_open())
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        keys = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)
        if event.key() in keys and self.needs_attention():
            self.open_requested.emit(self.screen_to_open())
            return
        super().keyPressEvent(event)


class AutoSync(QObject):
    """Decides when a sync should start on its own; the window starts it.

    When the helpdesk asked us to wait (Retry-After), nothing starts on its own
    before that moment: not the timer, a change, nor the network coming back;
    one sync starts when the wait is over.  The user's own "Sync now" still runs.
    ``due`` says why (``Why``): a sync wanted while one runs is started when that run
    ends, unless the run showed it would fail the same way (``WindowSync``).
    """

    due = Signal(object)  # Why

    def __init__(
        self, parent: QObject | None = None, *, clock: Callable[[], datetime] = _now
    ) -> None:
        super().__init__(parent)
        self.enabled = True
        self.clock = clock
        self.not_before: datetime | None = None
        self.periodic = QTimer(self)
        self.periodic.setInterval(TIMER_MINUTES * 60_000)
        self.periodic.timeout.connect(self._fire)
        self.soon = QTimer(self)
        self.soon.setSingleShot(True)
        self.soon.setInterval(AFTER_CHANGE_SECONDS * 1000)
        self.soon.timeout.connect(self._change_due)
        self.resume = QTimer(self)  # the end of the helpdesk's wait
        self.resume.setSingleShot(True)
        self.resume.timeout.connect(self._wait_over)
        self.resend = QTimer(self)  # a change in doubt may go again (SyncReport.resend_in_s)
        self.resend.setSingleShot(True)
        self.resend.timeout.connect(self._change_due)
        # The OS's view of the network, watched from the first start, or from the end of
        # the sync started with it (QtNetwork and the OS backend load then, not while the
        # window is first painted).
        self.network: QNetworkInformation | None = None
        self.watching_network = False

    def watch_network(self) -> None:
        """Follow the OS's view of the network (NetworkManager, Windows NLM, macOS) from
        now on, once; some machines have no backend, then the timer alone drives syncs."""
        if self.watching_network:
            return
        from PySide6.QtNetwork import QNetworkInformation  # noqa: PLC0415 - see __init__

        self.watching_network = True
        if QNetworkInformation.loadBackendByFeatures(QNetworkInformation.Feature.Reachability):
            self.network = QNetworkInformation.instance()
            self.network.reachabilityChanged.connect(self._reachability_changed)

    def os_says_offline(self) -> bool:
        if self.network is None:
            return False
        from PySide6.QtNetwork import QNetworkInformation  # noqa: PLC0415 - loaded by now

        return self.network.reachability() == QNetworkInformation.Reachability.Disconnected

    def start(self, *, sync_starting: bool = False) -> None:
        """The timer, and the OS's view of the network.  With a sync starting now, the
        network is watched from its end (the window calls ``watch_network``): until then
        a network coming back could start nothing, and QtNetwork and the OS backend (~15 ms
        on the GUI thread) would load in the window's first turn, beside that sync's own
        imports on its worker."""
        if not sync_starting:
            self.watch_network()
        self.periodic.start()

    def stop(self) -> None:
        self.periodic.stop()
        self.soon.stop()
        self.resume.stop()
        self.resend.stop()

    def after_local_change(self) -> None:
        if self.enabled and not self.os_says_offline():
            self.soon.start()

    def after_sync(
        self,
        connectivity: Connectivity,
        not_before: datetime | None = None,
        resend_in_s: float | None = None,
    ) -> None:
        """While offline, probe more often than the normal timer; while the helpdesk
        is busy, not before the moment it named (``not_before``).  A change in doubt
        (``resend_in_s``) is looked for and sent again when it may, not up to ten
        minutes later at the next tick.  (A change backing off after an error waits
        for the tick: its backoff restarts with each run, so syncing at its moment
        would hammer a failing helpdesk every few seconds.)"""
        interval = (
            OFFLINE_RETRY_SECONDS * 1000
            if connectivity is Connectivity.OFFLINE
            else TIMER_MINUTES * 60_000
        )
        self.periodic.setInterval(interval)
        self.not_before = not_before
        self.resume.stop()
        if not_before is not None:
            self._start_resume_timer(not_before)
        self.resend.stop()
        if resend_in_s is not None and resend_in_s * 1000 < interval:
            self.resend.start(int(max(resend_in_s, RESEND_AT_LEAST_S) * 1000))

    def waiting(self) -> bool:
        """The helpdesk's wait is not over yet."""
        return self.not_before is not None and self.clock() < self.not_before

    def _start_resume_timer(self, until: datetime) -> None:
        left_ms = (until - self.clock()).total_seconds() * 1000
        self.resume.start(int(min(max(left_ms, 0), LONGEST_TIMER_MS)))

    @Slot()
    def _wait_over(self) -> None:
        if self.not_before is not None and self.waiting():
            self._start_resume_timer(self.not_before)  # a wait of weeks outlasts one timer
            return
        self.not_before = None
        self._fire(Why.CHANGE)

    def _reachability_changed(self, reachability: QNetworkInformation.Reachability) -> None:
        from PySide6.QtNetwork import QNetworkInformation  # noqa: PLC0415 - loaded by now

        if reachability in (
            QNetworkInformation.Reachability.Online,
            QNetworkInformation.Reachability.Site,
        ):
            self.network_back()

    def network_back(self) -> None:
        """The network is back: send what waited (unless the helpdesk asked us to wait)."""
        self._fire(Why.NETWORK)

    def woke(self) -> None:
        """The laptop woke from sleep: Qt's timers did not count it, so the periodic one
        would sync up to its whole interval late.  A sync now, the interval from here."""
        if self.periodic.isActive():
            self.periodic.start()
            self._fire()

    @Slot()
    def _change_due(self) -> None:
        self._fire(Why.CHANGE)

    @Slot()
    def _fire(self, why: Why = Why.TICK) -> None:
        if self.enabled and not self.waiting():
            self.due.emit(why)
