"""The Network check window: targets, one Run button, live results, before/after, evidence.

Opened from a visit (its site's targets: the helpdesk's KB article, then
those saved on this laptop) or from the Tools menu (no site).  The probes run
on the thread pool (``NetcheckRunner``); each row fills in as its probe ends.
Every finished run is kept in the replica for the site, so two runs can be
put side by side; "Attach to visit" queues the shown run as an internal note
with its JSON (``sync.netcheck.evidence``), once.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent, QFont, QFontDatabase, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.common.copied import copy_text
from desktop.common.messages import MessageBridge
from desktop.common.screen_room import resize_within_screen
from desktop.common.spoken import announce, show_text
from desktop.common.text_box import text_box
from desktop.common.theme import hex_colour
from desktop.common.user_errors import attempt
from desktop.netcheck.before_after import BeforeAfter
from desktop.netcheck.runner import NetcheckRunner
from desktop.netcheck.tables import ResultsTable
from sync.changes.site_targets import save_and_share
from sync.netcheck import history, site_targets
from sync.netcheck.evidence import attach_run
from sync.netcheck.helpdesk import options_for, speed_test_url
from sync.netcheck.report import any_failed, counts, json_name, note_text
from sync.netcheck.run import DEFAULT_TIMEOUT_S, Run, plan
from sync.netcheck.targets import Target, TargetError, parse_targets
from sync.profile import Profile
from sync.store.tickets import Visit

if TYPE_CHECKING:
    import sqlite_utils

TARGET_HINT = (
    "One per line:  printer.acme.local:9100  # reception printer\n"
    "https://intranet.acme.local/   ping:10.0.0.1   dns:nas.acme.local[@10.0.0.2]"
)


def _targets_count(count: int) -> str:
    return "1 target" if count == 1 else f"{count} targets"


def _fixed_font() -> QFont:
    """The system's fixed-pitch font at the application's size: a larger text size
    chosen for the app reaches the targets too."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    size = QApplication.font()
    if size.pointSizeF() > 0:
        font.setPointSizeF(size.pointSizeF())
    else:
        font.setPixelSize(size.pixelSize())
    return font


class NetcheckDialog(QDialog):
    changed = Signal()  # a run was attached: the shell sends soon

    def __init__(
        self,
        db: sqlite_utils.Database,
        profile: Profile | None,
        messages: MessageBridge,
        *,
        visit: Visit | None = None,
        author: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.profile, self.messages = db, profile, messages
        self.visit, self.author = visit, author
        self.site = (visit.site or "") if visit else ""
        self.current: history.SavedRun | None = None  # the last run, as kept in the replica
        self.finished_run: Run | None = None
        self.runner = NetcheckRunner(self)
        self.runner.step_started.connect(self._step_started)
        self.runner.step_done.connect(self._step_done)
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(self._broke)
        where = f" — #{visit.id} {self.site}" if visit else ""
        self.setWindowTitle(self.tr("Network check") + where)
        resize_within_screen(self, 980, 640)
        self._build()
        self._load_targets()
        self.before_after.show_runs(history.runs_for_site(self.db, self.site))

    # -- layout --------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.site_label = QLabel()
        self.site_label.setTextFormat(Qt.TextFormat.PlainText)
        self.site_label.setWordWrap(True)
        layout.addWidget(self.site_label)

        self.targets = text_box()
        self.targets.setObjectName("netcheckTargets")
        self.targets.setPlaceholderText(TARGET_HINT)
        self.targets.setFont(_fixed_font())
        self.targets.setFixedHeight(self.targets.fontMetrics().lineSpacing() * 6 + 12)
        self.targets.setToolTip(TARGET_HINT)
        self.targets.setAccessibleName(self.tr("Targets to check, one per line"))
        layout.addWidget(self.targets)
        self.target_error = QLabel()
        self.target_error.setTextFormat(Qt.TextFormat.PlainText)
        self.target_error.setStyleSheet(f"color: {hex_colour('overdue')}")
        self.target_error.hide()
        layout.addWidget(self.target_error)
        layout.addLayout(self._controls())
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Check results"))
        self.results = ResultsTable()
        self.results.widget.setAccessibleName(self.tr("Results"))
        self.tabs.addTab(self.results.widget, self.tr("Results"))
        self.before_after = BeforeAfter()
        self.compare = self.before_after.table
        self.compare.widget.setAccessibleName(self.tr("Before and after"))
        self.tabs.addTab(self.before_after, self.tr("Before / after"))
        layout.addWidget(self.tabs, 1)
        layout.addLayout(self._bottom())

    def _controls(self) -> QHBoxLayout:
        controls = QHBoxLayout()
        self.save_targets_button = QPushButton(self.tr("Save targets for this site"))
        self.save_targets_button.setEnabled(bool(self.site))
        self.save_targets_button.setToolTip(
            self.tr("Offered next time at this site, on this laptop")
            if self.site
            else self.tr("Open the check from a visit to save targets for its site")
        )
        self.save_targets_button.clicked.connect(self.save_targets)
        controls.addWidget(self.save_targets_button)
        controls.addStretch(1)
        timeout_label = QLabel(self.tr("&Timeout per check:"))
        controls.addWidget(timeout_label)
        self.timeout = QDoubleSpinBox()
        self.timeout.setAccessibleName(self.tr("Timeout per check, in seconds"))
        timeout_label.setBuddy(self.timeout)
        self.timeout.setRange(0.5, 60)
        self.timeout.setSingleStep(0.5)
        self.timeout.setValue(DEFAULT_TIMEOUT_S)
        self.timeout.setSuffix(" s")
        controls.addWidget(self.timeout)
        self.speed = QCheckBox(self.tr("Speed to the helpdesk"))
        signed_in = bool(speed_test_url(self.profile))
        self.speed.setChecked(signed_in)
        self.speed.setEnabled(signed_in)
        self.speed.setToolTip(
            self.tr("Download RT's own test file a few times (about 2 MB)")
            if signed_in
            else self.tr("Sign in to a helpdesk to measure the speed to it")
        )
        controls.addWidget(self.speed)
        self.run_button = QPushButton(self.tr("&Run checks"))
        self.run_button.setDefault(True)
        self.run_button.setShortcut(QKeySequence("Ctrl+Return"))  # Enter types a new target line
        self.run_button.setToolTip(self.tr("Run every check (Ctrl+Enter); again to cancel"))
        self.run_button.clicked.connect(self.run_or_cancel)
        controls.addWidget(self.run_button)
        return controls

    def _bottom(self) -> QHBoxLayout:
        bottom = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self._summarise(self.tr("Not run yet."))
        bottom.addWidget(self.summary, 1)
        self.attach_button = QPushButton(self.tr("&Attach to visit"))
        self.attach_button.setEnabled(False)
        self.attach_button.setToolTip(
            self.tr("An internal note with this table, and every figure as a JSON file")
            if self.visit
            else self.tr("Open the check from a visit to attach it")
        )
        self.attach_button.clicked.connect(self.attach)
        self.copy_button = QPushButton(self.tr("&Copy results"))
        self.copy_button.setEnabled(False)
        self.copy_button.setToolTip(self.tr("The results as a text table, failures first"))
        self.copy_button.clicked.connect(self.copy_results)
        bottom.addWidget(self.copy_button)
        bottom.addWidget(self.attach_button)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.close)
        bottom.addWidget(close)
        return bottom

    # -- targets ---------------------------------------------------------------------
    def _load_targets(self) -> None:
        from_rt = site_targets.helpdesk_targets(self.db, self.site)
        saved = site_targets.saved_targets(self.db, self.site)
        lines = [t.line for t in site_targets.site_targets(self.db, self.site)]
        self.targets.setPlainText("\n".join(lines))
        if not self.site:
            self.site_label.setText(self.tr("No site: type the hosts and ports to check."))
            return
        self.site_label.setText(
            self.tr(
                "Site: {site} — {rt} from the helpdesk's KB article, {mine} saved on this"
                " laptop. Add more below, one per line."
            ).format(site=self.site, rt=_targets_count(len(from_rt)), mine=len(saved))
        )

    def _parsed_targets(self) -> list[Target] | None:
        try:
            targets = parse_targets(self.targets.toPlainText())
        except TargetError as error:
            self._bad_target(str(error))
            return None
        self.target_error.hide()
        self.targets.setAccessibleDescription("")
        return targets

    def _bad_target(self, error: str) -> None:
        """Said under the box, read out at once, and the focus back in the box to fix
        it, which says it too (its description) when the focus lands."""
        show_text(self.target_error, self.tr("Target error"), error)
        self.target_error.show()
        self.targets.setAccessibleDescription(error)
        self.targets.setFocus(Qt.FocusReason.OtherFocusReason)
        announce(self.targets, error, urgent=True)

    @Slot()
    def save_targets(self) -> None:
        targets = self._parsed_targets()
        if targets is None:
            return
        queued = attempt(self.messages, lambda: save_and_share(self.db, self.site, targets))
        if queued is None:
            return
        text = self.tr("Targets saved for {site}.").format(site=self.site)
        if queued:
            text += " " + self.tr(
                "{n} new: added to the helpdesk's article at the next sync."
            ).format(n=queued)
            self.changed.emit()
        self.messages.info(text)

    # -- running -------------------------------------------------------------------
    @Slot()
    def run_or_cancel(self) -> None:
        if self.runner.running:
            self.runner.cancel()
            self.run_button.setEnabled(False)  # back when the probe under way has stopped
            return
        targets = self._parsed_targets()
        if targets is None:
            return
        options = attempt(
            self.messages,
            lambda: options_for(
                self.profile, timeout_s=self.timeout.value(), throughput=self.speed.isChecked()
            ),
        )
        if options is None:
            return  # IT's deployed CA file cannot be used: said in the message
        steps = plan(targets, options)
        self.results.plan(steps)
        self.tabs.setCurrentIndex(0)
        self._summarise(self.tr("Checking… {n} checks").format(n=len(steps)))
        self.run_button.setText(self.tr("&Cancel"))
        self.attach_button.setEnabled(False)
        self.runner.start(steps, options)

    @Slot(int)
    def _step_started(self, index: int) -> None:
        self.results.running(index)

    @Slot(int, object)
    def _step_done(self, index: int, result: object) -> None:
        self.results.show_result(index, result)  # type: ignore[arg-type]

    @Slot(object)
    def _finished(self, run: object) -> None:
        assert isinstance(run, Run)
        run.site = self.site
        run.ticket_id = self.visit.id if self.visit else None
        self.run_button.setText(self.tr("&Run checks"))
        self.run_button.setEnabled(True)
        run_id = attempt(self.messages, lambda: history.save_run(self.db, run))
        self.current = history.get_run(self.db, run_id) if run_id else None
        failed = any_failed(run)
        colour = hex_colour("overdue" if failed else "ok")
        self.summary.setStyleSheet(f"color: {colour}; font-weight: bold")
        summary = counts(run) + (self.tr(" (cancelled)") if run.cancelled else "") + "."
        self._summarise(summary)
        # Shown away from the focus (on Run, or in the box): read out, a failure at once.
        announce(self.summary, summary, urgent=failed)
        self.attach_button.setEnabled(self.visit is not None and self.current is not None)
        self.copy_button.setEnabled(True)
        self.finished_run = run
        self.attach_button.setText(self.tr("&Attach to visit"))
        self.before_after.show_runs(history.runs_for_site(self.db, self.site))

    def _summarise(self, text: str) -> None:
        show_text(self.summary, self.tr("Check summary"), text)

    @Slot(object)
    def _broke(self, error: object) -> None:
        self.run_button.setText(self.tr("&Run checks"))
        self.run_button.setEnabled(True)
        if isinstance(error, BaseException):
            raise error  # a bug (probes report failures as results): the crash handler

    @Slot()
    def copy_results(self) -> None:
        """For a chat or a mail: the same text as the note, without the attachment line."""
        run = self.finished_run
        if run is None:
            return
        copy_text(note_text(run, json_name(run)).rsplit("\n\n", 1)[0])
        self.messages.info(self.tr("Results copied."))

    # -- evidence --------------------------------------------------------------------
    @Slot()
    def attach(self) -> None:
        if self.visit is None or self.current is None:
            return
        run_id, visit_id = self.current.id, self.visit.id
        uuid = attempt(
            self.messages,
            lambda: attach_run(self.db, self.attachments_dir, run_id, visit_id, author=self.author),
            saved=self.tr("Network check attached to #{id}; it is sent at the next sync.").format(
                id=visit_id
            ),
        )
        if uuid is not None:
            self.attach_button.setEnabled(False)
            self.attach_button.setText(self.tr("Attached"))
            self.changed.emit()

    @property
    def attachments_dir(self) -> Path:
        assert self.profile is not None  # a visit is only shown with its profile
        return self.profile.attachments_dir

    def closeEvent(self, event: QCloseEvent) -> None:
        self.runner.shutdown()  # cancel: the probe under way stops at once
        super().closeEvent(event)

    def reject(self) -> None:
        self.runner.shutdown()
        super().reject()
