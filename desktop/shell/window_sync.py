"""The window's side of syncing: the Sync tool bar, starting runs, and what a run tells.

Sync now (Ctrl+R), Cancel (Ctrl+Shift+X), a progress bar while a run lasts and the
indicator (online, last sync, unsent) make the tool bar.  Runs start from it, from
``AutoSync`` (timer, soon after a change, network back; never before the end of a wait
the helpdesk asked for) and from the Ready screen;
``SyncController`` runs them on a worker thread.  When a run ends, ``ended`` lets the
window re-read the replica; then the outcome is told: the indicator's state, a line
in the status bar, or a message for what the technician has to act on.  The line is
read out to a screen reader when the technician asked for the run or the helpdesk
came or went (``_ended``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSize, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QProgressBar, QSizePolicy, QToolBar, QWidget

from desktop.common.messages import Level, Message, MessageBridge, sync_failure
from desktop.common.spoken import announce
from desktop.shell.actions import set_icon
from desktop.shell.sync_controller import SyncController
from desktop.shell.sync_status import (
    TIMER_MINUTES,
    AutoSync,
    Connectivity,
    SyncIndicator,
    Why,
)
from sync.next_try import clock_words, next_try_at, wait_words
from sync.profile import Profile
from sync.words import PHASE_WORDS, plural

if TYPE_CHECKING:
    from sync.engine import SyncReport


class WindowSync(QObject):
    ended = Signal()  # a run ended (finished or failed): the window re-reads the replica
    wiped = Signal(str)  # IT wiped the profile after the run: what to tell the technician

    def __init__(
        self,
        window: QMainWindow,
        profile: Profile,
        messages: MessageBridge,
        signed_in: Callable[[], bool],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.messages = messages
        self.signed_in = signed_in
        self.controller = SyncController(profile, self)
        self.auto = AutoSync(self)
        self.connectivity = Connectivity.UNKNOWN
        # The technician started the run going (Sync now, Fetch for the road): its end is
        # read out.  Not the automatic runs, every few minutes: only a change of state.
        self._asked = False
        # Why syncs were wanted while one ran: one more when it ends (``_start_what_waited``).
        self._wanted_during_run: set[Why] = set()
        self._build_toolbar()
        self.controller.started.connect(self._on_started)
        self.controller.progressed.connect(self._on_progress)
        self.controller.finished.connect(self._on_finished)
        self.controller.failed.connect(self._on_failed)
        self.auto.due.connect(self._auto_sync_due)

    def _build_toolbar(self) -> None:
        toolbar = QToolBar(self.tr("Sync"))
        toolbar.setObjectName("sync-toolbar")
        toolbar.setMovable(False)
        toolbar.setIconSize(QSize(20, 20))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.window.addToolBar(toolbar)
        self.sync_action = QAction(self.tr("&Sync now"), self.window)
        set_icon(self.sync_action, "sync")
        self.sync_action.setShortcut(QKeySequence("Ctrl+R"))
        self.sync_action.setToolTip(self.tr("Send your changes and fetch new ones (Ctrl+R)"))
        self.sync_action.triggered.connect(self.start)
        toolbar.addAction(self.sync_action)
        self.cancel_action = QAction(self.tr("Cancel sync"), self.window)
        set_icon(self.cancel_action, "cancel")
        self.cancel_action.setShortcut(QKeySequence("Ctrl+Shift+X"))
        self.cancel_action.setToolTip(self.tr("Stop the sync; it resumes next time (Ctrl+Shift+X)"))
        self.cancel_action.setEnabled(False)
        self.cancel_action.triggered.connect(self.controller.cancel)
        toolbar.addAction(self.cancel_action)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(260)
        self.progress.setAccessibleName(self.tr("Sync progress"))
        # A widget in a tool bar is shown and hidden through its action.
        self.progress_action = toolbar.addWidget(self.progress)
        self.progress_action.setVisible(False)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        self.indicator = SyncIndicator()
        toolbar.addWidget(self.indicator)

    def fill_menu(self, menu: QMenu) -> None:
        """The Sync menu: sync now, cancel, and automatic sync on or off."""
        menu.addAction(self.sync_action)
        menu.addAction(self.cancel_action)
        self.auto_sync_action = QAction(self.tr("Sync &automatically"), self.window)
        self.auto_sync_action.setCheckable(True)
        self.auto_sync_action.setChecked(True)
        self.auto_sync_action.setToolTip(
            self.tr(
                "Every {m} minutes, soon after a change, and when the network comes back"
            ).format(m=TIMER_MINUTES)
        )
        self.auto_sync_action.toggled.connect(self._auto_sync_toggled)
        menu.addAction(self.auto_sync_action)

    # -- starting --------------------------------------------------------------------
    @Slot()
    def start(self) -> None:
        if not self.signed_in():
            self.messages.warning(self.tr("Sign in first (File → Sign in…)."))
            return
        if not self._start_run(asked=True):  # one runs: another when it ends
            self._wanted_during_run.add(Why.ASKED)

    @Slot()
    def fetch_for_the_road(self) -> None:
        if not self.signed_in():
            self.messages.warning(self.tr("Sign in first (File → Sign in…)."))
        elif not self._start_run(asked=True, for_the_road=True):
            self.messages.info(self.tr("A sync is running; press Fetch again when it ends."))

    @Slot(object)
    def _auto_sync_due(self, why: Why) -> None:
        if not self.signed_in():
            return
        if not self.controller.running:
            self._start_run(asked=False)
        elif why is not Why.TICK:  # the run going does what a tick would, not what came since
            self._wanted_during_run.add(why)

    def _start_run(self, *, asked: bool, for_the_road: bool = False) -> bool:
        """Start a run unless one runs; ``asked``: the technician waits to hear its end."""
        started = self.controller.start(for_the_road=for_the_road)
        if started:
            self._asked = asked
        return started

    @Slot(bool)
    def _auto_sync_toggled(self, on: bool) -> None:
        self.auto.enabled = on

    def shutdown(self) -> None:
        """Stop automatic runs and the one running (the window closes)."""
        self.auto.stop()
        # The window's slots must not run on a closed database once the worker stops.
        self.controller.finished.disconnect(self._on_finished)
        self.controller.failed.disconnect(self._on_failed)
        self.controller.shutdown()

    # -- a run -------------------------------------------------------------------------
    @Slot()
    def _on_started(self) -> None:
        self.sync_action.setEnabled(False)
        self.cancel_action.setEnabled(True)
        self.progress_action.setVisible(True)
        self.progress.setRange(0, 0)
        self.indicator.sync_started()

    @Slot(str, int, int, str)
    def _on_progress(self, phase: str, done: int, total: int, message: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        doing = self.tr(PHASE_WORDS.get(phase, phase))
        self.progress.setFormat(
            self.tr("{doing}: %v of %m").format(doing=doing[:1].upper() + doing[1:])
        )
        self.indicator.sync_progressed(phase, done, total)
        self._status(message)

    def _run_ended(self) -> None:
        # The run's last step ("Sending your changes: 0 of 1") is over: each ending says
        # its own words, if any, after this.
        self.window.statusBar().clearMessage()
        self.auto.watch_network()  # from the end of the first run (AutoSync.start)
        self.sync_action.setEnabled(True)
        self.cancel_action.setEnabled(False)
        self.progress_action.setVisible(False)
        self.indicator.sync_ended()
        self.ended.emit()

    def _set_connectivity(
        self,
        state: Connectivity,
        next_try: datetime | None = None,
        resend_in_s: float | None = None,
    ) -> None:
        self.connectivity = state
        self.indicator.update_state(state=state, next_try=next_try)
        self.auto.after_sync(state, not_before=next_try, resend_in_s=resend_in_s)

    def _status(self, text: str, timeout_ms: int = 0) -> None:
        self.window.statusBar().showMessage(text, timeout_ms)

    def _ended(
        self, text: str, was: Connectivity, timeout_ms: int = 0, *, asked: bool = False
    ) -> None:
        """How a run ended, in the status bar; read out as well when the technician asked
        for the run (or ``asked`` for its end) or the helpdesk came or went: not the
        "Synced" of every automatic run."""
        self._status(text, timeout_ms)
        now = self.connectivity
        came_or_went = now is not was and Connectivity.OFFLINE in (now, was)
        if asked or self._asked or came_or_went:
            announce(self.window.statusBar(), text)

    @Slot(object)
    def _on_finished(self, report: SyncReport) -> None:
        if report.wiped:  # the replica is gone: nothing to re-read, the window closes
            self.wiped.emit(report.wiped)
            return
        if report.in_touch:  # the session stored it as the last sync
            self.indicator.sync_completed()
        self._run_ended()
        if report.ok:  # what earlier runs said about failing is over
            self.messages.sync_completed()
        self._tell_outcome(report)
        self._start_what_waited(report)

    def _tell_outcome(self, report: SyncReport) -> None:
        # A run that stopped may have been refused or told something before it did.
        was = self.connectivity
        if report.next_try_in_s is not None:
            self._helpdesk_busy(report.next_try_in_s, was)
            self._tell_what_needs_the_user(report)
            return
        if report.offline:
            # Unreachable, not answering, or cut off after a change went out: say which.
            self._set_connectivity(Connectivity.OFFLINE)
            self._ended(
                self.tr(
                    "Not synced: {error}. Your changes are kept and will be sent later."
                ).format(error=report.error or self.tr("the helpdesk cannot be reached")),
                was,
            )
            self._tell_what_needs_the_user(report)
            return
        if report.untrusted:
            # Not offline: retrying changes nothing until IT fixes the certificate or address.
            self._set_connectivity(Connectivity.UNTRUSTED)
            stopped = self.tr("Not synced: {error}. Nothing was lost.").format(error=report.error)
            self._tell_what_needs_the_user(report, sync_failure(Level.ERROR, stopped))
            return
        if report.auth_failed:
            self._set_connectivity(Connectivity.SIGN_IN)
            # The cause names its own fix: a new token, a token instead of a password, the admin.
            stopped = self.tr("Not synced: {error} (File → Sign in…). Nothing was lost.").format(
                error=report.error or self.tr("the helpdesk asks you to sign in again")
            )
            self._tell_what_needs_the_user(report, sync_failure(Level.ERROR, stopped))
            return
        self._set_connectivity(Connectivity.ONLINE, resend_in_s=report.resend_in_s)
        incomplete = None
        if report.cancelled:  # Cancel pressed: its outcome is heard, whoever started the run
            cancelled = self.tr("Sync cancelled; it resumes where it stopped next time")
            self._ended(cancelled, was, asked=True)
        elif report.error:
            words = self.tr("Sync incomplete: {error}. Your changes are kept.")
            incomplete = sync_failure(Level.WARNING, words.format(error=report.error))
        else:
            self._ended(self._synced_words(report), was, 10_000)
        self._tell_what_needs_the_user(report, incomplete)

    def _start_what_waited(self, report: SyncReport) -> None:
        """A change saved during the run (after its push), the network back or Sync now:
        one more run now, for all of them.  Not when this run showed the next would fail
        the same way (offline, busy, signed out, cancelled, an error): the offline
        probe, the helpdesk's wait, the timer or the user start the next then -- never a
        loop of runs.  The network back beats an offline ending: it came after the try."""
        wanted, self._wanted_during_run = self._wanted_during_run, set()
        network_back = (
            Why.NETWORK in wanted
            and self.connectivity is Connectivity.OFFLINE
            and not self.auto.os_says_offline()
        )
        if wanted and (report.in_touch or network_back) and self.signed_in():
            self._start_run(asked=Why.ASKED in wanted)

    def _synced_words(self, report: SyncReport) -> str:
        """What the run did, refusals, conflicts and changes left to retry included:
        "nothing to send" only when nothing was sent or held back."""
        undelivered = bool(report.rejected or report.conflicts or report.retry_later)
        if report.pushed or undelivered:
            parts = [self.tr("{n} sent").format(n=report.pushed)]
        else:
            parts = [self.tr("nothing to send")]
        if report.rejected:
            parts.append(self.tr("{n} refused").format(n=len(report.rejected)))
        if report.conflicts:
            parts.append(self.tr("{n} in conflict").format(n=report.conflicts))
        if report.retry_later:
            parts.append(self.tr("{n} to retry").format(n=report.retry_later))
        visits = plural(report.tickets_pulled, self.tr("visit"), self.tr("visits"))
        parts.append(self.tr("{n} updated").format(n=visits))
        if report.files_held_back:  # each visit's newest files came; Ready for the road: all
            files = plural(report.files_held_back, self.tr("older file"), self.tr("older files"))
            parts.append(self.tr("{n} to fetch").format(n=files))
        return self.tr("Synced: {what}").format(what=", ".join(parts))

    def _tell_what_needs_the_user(self, report: SyncReport, first: Message | None = None) -> None:
        """The refusals (each names its cause and fix), conflicts, changes delivered with a
        part the helpdesk did not take and visits that left the list, after ``first``
        (why the run stopped or is incomplete): one message, so none hides another."""
        said = [first] if first is not None else []
        if len(report.rejected) == 1:
            refused = self.tr(
                "The helpdesk refused a change — {reason}. It waits in the Outbox "
                "(click the red sync state)."
            )
            said.append(Message(Level.ERROR, refused.format(reason=report.rejected[0])))
        elif report.rejected:
            refused = self.tr(
                "The helpdesk refused {n} changes. Each one says why and what fixes it "
                "in the Outbox (click the red sync state)."
            )
            said.append(Message(Level.ERROR, refused.format(n=len(report.rejected))))
        if report.conflicts:
            both = self.tr(
                "Changed on the helpdesk too: {n} to decide in Conflicts (click the sync state)."
            )
            said.append(Message(Level.WARNING, both.format(n=report.conflicts)))
        if report.notices:
            said.append(Message(Level.WARNING, "; ".join(report.notices)))
        if report.visits_left:  # "#57 was merged into #58 on the helpdesk."
            said.append(Message(Level.INFO, " ".join(report.visits_left)))
        self.messages.tell(said)

    def _helpdesk_busy(self, wait_s: float, was: Connectivity) -> None:
        """The helpdesk asked us to wait (Retry-After): no automatic sync until then."""
        now = self.auto.clock()
        until = next_try_at(now, wait_s)
        self._set_connectivity(Connectivity.BUSY, until)
        self._ended(
            self.tr(
                "The helpdesk is busy and asked us to wait {wait}: FieldDesk syncs again at "
                "{when} (Sync now tries sooner). Your changes are kept."
            ).format(wait=wait_words(wait_s), when=clock_words(until, now)),
            was,
        )

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._run_ended()
        self._wanted_during_run.clear()  # a bug or another process syncing: the timer's turn
        failed = self.tr("Sync failed: {message}").format(message=message)
        self.messages.tell([sync_failure(Level.ERROR, failed)])
