"""Always-visible sync state, and when to sync without being asked.

``SyncIndicator`` shows online/offline, the last complete sync and how many
changes wait to be sent.  ``AutoSync`` starts a sync on a timer, shortly
after a local change, and as soon as the network comes back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from enum import Enum

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtNetwork import QNetworkInformation
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from desktop.common.icons import icon
from desktop.common.theme import colour
from sync.next_try import clock_words

TIMER_MINUTES = 10  # a periodic sync brings supervisors' changes down
AFTER_CHANGE_SECONDS = 20  # a saved change is sent soon, not at once: edits come in bursts
OFFLINE_RETRY_SECONDS = 60  # without network news, probe this often while offline
LONGEST_TIMER_MS = 2**31 - 1  # a QTimer's longest interval (about 24 days)


def _now() -> datetime:
    return datetime.now(UTC)


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
    moment = datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    seconds = (now - moment).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    local, local_now = moment.astimezone(), now.astimezone()
    if local.date() == local_now.date():
        return f"today {local:%H:%M}"
    return f"{local:%a %d %b %H:%M}"


class SyncIndicator(QWidget):
    """● Online · synced 5 min ago · 2 unsent"""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = Connectivity.UNKNOWN
        self.last_sync: str | None = None
        self.pending = 0
        self.conflicts = 0
        self.next_try: datetime | None = None  # BUSY: the helpdesk's wait ends then
        self.icon = QLabel()
        self.text = QLabel()
        self.text.setAccessibleName(self.tr("Sync state"))
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
        pending: int | None = None,
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
        if conflicts is not None:
            self.conflicts = conflicts
        self._render()

    @Slot()
    def _render(self) -> None:
        names = {
            Connectivity.UNKNOWN: self.tr("Connection not checked yet"),
            Connectivity.ONLINE: self.tr("Online"),
            Connectivity.OFFLINE: self.tr("Offline — working from this laptop"),
            Connectivity.SIGN_IN: self.tr("Sign-in needed"),
            Connectivity.UNTRUSTED: self.tr("Helpdesk not trusted"),
            Connectivity.BUSY: self.tr("Helpdesk busy"),
        }
        shape = {Connectivity.ONLINE: "online", Connectivity.BUSY: "time"}.get(self.state)
        self.icon.setPixmap(icon(shape or "offline").pixmap(16, 16))
        parts = [names[self.state], self.tr("synced {when}").format(when=ago(self.last_sync))]
        if self.state is Connectivity.BUSY and self.next_try is not None:
            when = clock_words(self.next_try, datetime.now(UTC))
            parts[0] = self.tr("Helpdesk busy — next try at {when}").format(when=when)
        parts.append(
            self.tr("{n} unsent").format(n=self.pending) if self.pending else self.tr("all sent")
        )
        if self.conflicts:
            parts.append(self.tr("{n} conflict(s) to decide").format(n=self.conflicts))
        text = " · ".join(parts)
        accent = {
            Connectivity.ONLINE: "ok",
            Connectivity.OFFLINE: "warn",
            Connectivity.BUSY: "warn",
            Connectivity.SIGN_IN: "overdue",
            Connectivity.UNTRUSTED: "overdue",
        }.get(self.state)
        self.text.setText(text)
        self.text.setStyleSheet(
            f"color: {colour(accent).name()}; font-weight: 600;" if accent else ""
        )
        self.setToolTip(text)


class AutoSync(QObject):
    """Decides when a sync should start on its own; the window starts it.

    When the helpdesk asked us to wait (Retry-After), nothing starts on its own
    before that moment: not the timer, a change, nor the network coming back;
    one sync starts when the wait is over.  The user's own "Sync now" still runs.
    """

    due = Signal()

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
        self.soon.timeout.connect(self._fire)
        self.resume = QTimer(self)  # the end of the helpdesk's wait
        self.resume.setSingleShot(True)
        self.resume.timeout.connect(self._wait_over)
        self.network = self._network_information()
        if self.network is not None:
            self.network.reachabilityChanged.connect(self._reachability_changed)

    @staticmethod
    def _network_information() -> QNetworkInformation | None:
        # The OS's view of the network (NetworkManager, Windows NLM, macOS);
        # some machines have no backend, then the timer alone drives syncs.
        if not QNetworkInformation.loadBackendByFeatures(QNetworkInformation.Feature.Reachability):
            return None
        return QNetworkInformation.instance()

    def os_says_offline(self) -> bool:
        return (
            self.network is not None
            and self.network.reachability() == QNetworkInformation.Reachability.Disconnected
        )

    def start(self) -> None:
        self.periodic.start()

    def stop(self) -> None:
        self.periodic.stop()
        self.soon.stop()
        self.resume.stop()

    def after_local_change(self) -> None:
        if self.enabled and not self.os_says_offline():
            self.soon.start()

    def after_sync(self, connectivity: Connectivity, not_before: datetime | None = None) -> None:
        """While offline, probe more often than the normal timer; while the helpdesk
        is busy, not before the moment it named (``not_before``)."""
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
        self._fire()

    @Slot(QNetworkInformation.Reachability)
    def _reachability_changed(self, reachability: QNetworkInformation.Reachability) -> None:
        if reachability in (
            QNetworkInformation.Reachability.Online,
            QNetworkInformation.Reachability.Site,
        ):
            self.network_back()

    def network_back(self) -> None:
        """The network is back: send what waited (unless the helpdesk asked us to wait)."""
        self._fire()

    @Slot()
    def _fire(self) -> None:
        if self.enabled and not self.waiting():
            self.due.emit()
