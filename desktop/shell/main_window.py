"""The FieldDesk main window: a sidebar of screens, the sync state, the menus.

The window wires screens together; each screen is its own widget with its
own module.  Screens write through the store and outbox and say
``changed``; the window then refreshes lists and counts and asks for a sync
soon.  Sync runs on a worker thread (``SyncController``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.common.background import BackgroundTasks
from desktop.common.icons import icon
from desktop.common.messages import Level, Message, MessageBridge
from desktop.conflicts.view import ConflictsView
from desktop.dispatch import DispatchBoard
from desktop.kb import KnowledgeBaseView
from desktop.kb.draft_dialog import DraftArticleDialog
from desktop.outbox.view import OutboxView
from desktop.ready.view import ReadyView
from desktop.shell.banner import Banner
from desktop.shell.notifier import Notifier
from desktop.shell.sync_controller import SyncController
from desktop.shell.sync_status import TIMER_MINUTES, AutoSync, Connectivity, SyncIndicator
from desktop.visit import VisitDetail
from desktop.visits.model import Scope
from desktop.visits.page import VisitsPage
from sync import outbox
from sync.account import Account, NotSignedIn, load_account
from sync.conflicts import open_conflicts
from sync.dispatch import is_supervisor
from sync.engine import SyncReport
from sync.profile import Profile
from sync.store import open_database
from sync.store import tickets as ticket_store
from sync.store.settings import last_successful_sync

ICON_NAME = "fielddesk_icon"  # the icon an action was given, to redraw it in a new scheme
ICON_NAME_ROLE = Qt.ItemDataRole.UserRole + 1
NAV_WIDTH = 96


@dataclass
class Page:
    key: str
    title: str
    widget: QWidget
    item: QListWidgetItem


class MainWindow(QMainWindow):
    profile_switch_requested = Signal()  # the app shows the profile picker
    signed_out = Signal(bool)  # True when the data was wiped

    def __init__(
        self,
        profile: Profile,
        *,
        sync_on_start: bool = False,
        messages: MessageBridge | None = None,
    ) -> None:
        super().__init__()
        self.profile = profile
        self.db = open_database(profile.database_path)
        self.messages = messages or MessageBridge(self)
        self.tasks = BackgroundTasks(self)
        self.sync_controller = SyncController(profile, self)
        self.auto_sync = AutoSync(self)
        self.connectivity = Connectivity.UNKNOWN
        self._known_visit_ids: set[int] | None = None
        self._closed = False
        self.resize(1280, 800)
        self._build_toolbar()
        self._build_menus()
        self._build_body()
        self._connect_sync()
        self.notifier = Notifier(self)
        self.messages.shown.connect(self._show_message)
        for message in self.messages.listen():
            self._show_message(message)
        self.refresh()
        self._update_title()
        if self.account is None:
            self.messages.warning(
                self.tr("Not signed in: choose File → Sign in… to fetch your visits.")
            )
        else:
            self.auto_sync.start()
        if sync_on_start and self.account is not None:
            # After the first paint: the worker's imports would compete with it.
            QTimer.singleShot(0, self.start_sync)

    @property
    def account(self) -> Account | None:
        try:
            return load_account(self.profile)
        except NotSignedIn:
            return None

    # -- layout ---------------------------------------------------------------------
    def _build_toolbar(self) -> None:
        toolbar = QToolBar(self.tr("Sync"))
        toolbar.setObjectName("sync-toolbar")
        toolbar.setMovable(False)
        toolbar.setIconSize(QSize(20, 20))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(toolbar)
        self.sync_action = QAction(icon("sync"), self.tr("&Sync now"), self)
        self.sync_action.setProperty(ICON_NAME, "sync")
        self.sync_action.setShortcut(QKeySequence("Ctrl+R"))
        self.sync_action.setToolTip(self.tr("Send your changes and fetch new ones (Ctrl+R)"))
        self.sync_action.triggered.connect(self.start_sync)
        toolbar.addAction(self.sync_action)
        self.cancel_action = QAction(icon("cancel"), self.tr("Cancel sync"), self)
        self.cancel_action.setProperty(ICON_NAME, "cancel")
        self.cancel_action.setShortcut(QKeySequence("Ctrl+Shift+X"))
        self.cancel_action.setToolTip(self.tr("Stop the sync; it resumes next time (Ctrl+Shift+X)"))
        self.cancel_action.setEnabled(False)
        self.cancel_action.triggered.connect(self.sync_controller.cancel)
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

    def _build_body(self) -> None:
        self.banner = Banner()
        self.nav = QListWidget()
        self.nav.setAccessibleName(self.tr("Screens"))
        # Icons over short labels: a narrow rail leaves the width to the visits.
        self.nav.setViewMode(QListWidget.ViewMode.IconMode)
        self.nav.setFlow(QListWidget.Flow.TopToBottom)
        self.nav.setMovement(QListWidget.Movement.Static)
        self.nav.setWrapping(False)
        self.nav.setWordWrap(True)
        self.nav.setIconSize(QSize(26, 26))
        self.nav.setGridSize(QSize(NAV_WIDTH - 8, 68))  # big enough to hit with gloves on
        self.nav.setFixedWidth(NAV_WIDTH)
        self.nav.setUniformItemSizes(True)
        self.stack = QStackedWidget()
        self.pages: dict[str, Page] = {}
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.stack.currentChanged.connect(self._page_shown)

        self.visit_panel = VisitDetail(self.db, self.profile, self.messages)
        self.visits = VisitsPage(self.visit_panel)
        self.visits.current_visit_changed.connect(self.visit_panel.show_visit)
        self.visit_panel.changed.connect(self.local_change_saved)
        self.visit_panel.visit_requested.connect(self.open_visit)
        self.add_page("visits", self.tr("My visits"), "visits", self.visits)
        self.kb = KnowledgeBaseView(self.db, self.messages)
        self.visits.current_visit_changed.connect(self.kb.set_current_visit)
        self.visit_panel.draft_article_requested.connect(self.draft_article)
        self.visit_panel.open_article_requested.connect(self.open_article)
        self.add_page("kb", self.tr("Knowledge base"), "kb", self.kb)
        self.outbox = OutboxView(self.db, self.messages)
        self.add_page("outbox", self.tr("Outbox"), "outbox", self.outbox)
        self.conflicts = ConflictsView(self.db, self.messages)
        self.add_page("conflicts", self.tr("Conflicts"), "conflicts", self.conflicts)
        self.board: DispatchBoard | None = None
        if is_supervisor(self.db):
            self.board = DispatchBoard(self.db, self.messages)
            self.add_page("dispatch", self.tr("Dispatch"), "dispatch", self.board)
        self.ready = ReadyView(self.db)
        self.ready.fetch_requested.connect(self.fetch_for_the_road)
        self.add_page("ready", self.tr("Ready for the road"), "ready", self.ready)

        columns = QWidget()
        side_by_side = QHBoxLayout(columns)
        side_by_side.setContentsMargins(0, 0, 0, 0)
        side_by_side.addWidget(self.nav)
        side_by_side.addWidget(self.stack, 1)
        body = QWidget()
        rows = QVBoxLayout(body)
        rows.setContentsMargins(6, 6, 6, 0)
        rows.addWidget(self.banner)
        rows.addWidget(columns, 1)
        self.setCentralWidget(body)
        self.nav.setCurrentRow(0)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addAction(self._action(self.tr("&Sign in…"), self.open_sign_in, None, "profile"))
        file_menu.addAction(
            self._action(
                self.tr("S&witch profile…"),
                self.profile_switch_requested.emit,
                None,
                "person",
            )
        )
        file_menu.addAction(
            self._action(self.tr("Sign &out…"), self.open_sign_out, None, "sign-out")
        )
        file_menu.addSeparator()
        file_menu.addAction(
            self._action(self.tr("Open &log folder"), self.open_log_folder, None, "open")
        )
        file_menu.addSeparator()
        file_menu.addAction(self._action(self.tr("&Quit"), self.close, "Ctrl+Q", None))
        self.view_menu = bar.addMenu(self.tr("&View"))
        sync_menu = bar.addMenu(self.tr("&Sync"))
        sync_menu.addAction(self.sync_action)
        sync_menu.addAction(self.cancel_action)
        self.auto_sync_action = QAction(self.tr("Sync &automatically"), self)
        self.auto_sync_action.setCheckable(True)
        self.auto_sync_action.setChecked(True)
        self.auto_sync_action.setToolTip(
            self.tr(
                "Every {m} minutes, soon after a change, and when the network comes back"
            ).format(m=TIMER_MINUTES)
        )
        self.auto_sync_action.toggled.connect(self._auto_sync_toggled)
        sync_menu.addAction(self.auto_sync_action)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(
            self._action(self.tr("&Keyboard shortcuts"), self.show_shortcuts, "F1", None)
        )

    def _action(
        self, text: str, slot: Callable[[], object], shortcut: str | None, icon_name: str | None
    ) -> QAction:
        action = QAction(text, self)
        if icon_name:
            action.setIcon(icon(icon_name))
            action.setProperty(ICON_NAME, icon_name)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work whatever has focus
        return action

    def add_page(self, key: str, title: str, icon_name: str, widget: QWidget) -> Page:
        """A screen in the sidebar, reachable with Ctrl+<its number>."""
        number = len(self.pages) + 1
        item = QListWidgetItem(icon(icon_name), title)
        item.setData(ICON_NAME_ROLE, icon_name)
        item.setToolTip(self.tr("{title} (Ctrl+{n})").format(title=title, n=number))
        self.nav.addItem(item)
        self.stack.addWidget(widget)
        page = Page(key, title, widget, item)
        self.pages[key] = page
        go = self._action(title, lambda: self.show_page(key), f"Ctrl+{number}", icon_name)
        self.view_menu.addAction(go)
        changed = getattr(widget, "changed", None)
        if changed is not None:
            changed.connect(self.local_change_saved)
        return page

    def retint_icons(self) -> None:
        """Redraw icons after the colour scheme changed (light ↔ dark)."""
        for action in self.findChildren(QAction):
            name = action.property(ICON_NAME)
            if name:
                action.setIcon(icon(str(name)))
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            item.setIcon(icon(str(item.data(ICON_NAME_ROLE))))
        self.indicator.update_state()

    @Slot(int)
    def draft_article(self, visit_id: int) -> None:
        """Draft a KB article from this visit's resolution (published on the next sync)."""
        account = self.account
        dialog = DraftArticleDialog(
            self.db,
            self.messages,
            visit_id=visit_id,
            author=account.user if account else "",
            parent=self,
        )
        if dialog.exec() == DraftArticleDialog.DialogCode.Accepted:
            self.local_change_saved()

    @Slot(int)
    def open_article(self, article_id: int) -> None:
        self.show_page("kb")
        self.kb.open_article(article_id)

    @Slot(int)
    def open_visit(self, visit_id: int) -> None:
        """Show one visit (a related one, a ticket just opened here), whatever the filter."""
        self.show_page("visits")
        if not self.visits.select(visit_id):
            self.visits.filter.clear()
            self.visits.set_scope(Scope.ALL)
            self.visits.select(visit_id)

    def show_page(self, key: str) -> None:
        self.nav.setCurrentRow(list(self.pages).index(key))

    def current_page(self) -> str:
        return list(self.pages)[self.nav.currentRow()]

    def _connect_sync(self) -> None:
        controller = self.sync_controller
        controller.started.connect(self._on_sync_started)
        controller.progressed.connect(self._on_sync_progress)
        controller.finished.connect(self._on_sync_finished)
        controller.failed.connect(self._on_sync_failed)
        self.auto_sync.due.connect(self._auto_sync_due)

    # -- data ----------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the replica: visits, counts, sync state."""
        visits = ticket_store.list_visits(self.db)
        self.visits.set_visits(visits)
        pending = outbox.open_count(self.db)
        conflicts = len(open_conflicts(self.db))
        self._set_badge("visits", 0)
        self._set_badge("outbox", pending)
        self._set_badge("conflicts", conflicts)
        self.indicator.update_state(
            pending=pending, conflicts=conflicts, last_sync=last_successful_sync(self.db)
        )
        self._notice_new_visits(visits)
        # Only the screen on show re-reads the replica now; the others do when shown.
        self._refresh_page(self.stack.currentWidget())

    @Slot(int)
    def _page_shown(self, index: int) -> None:
        self._refresh_page(self.stack.widget(index))

    @staticmethod
    def _refresh_page(widget: QWidget | None) -> None:
        refresh = getattr(widget, "refresh", None)
        if refresh is not None:
            refresh()

    def _set_badge(self, key: str, count: int) -> None:
        page = self.pages.get(key)
        if page is not None:
            page.item.setText(f"{page.title} ({count})" if count else page.title)

    def _notice_new_visits(self, visits: list[ticket_store.Visit]) -> None:
        """New visits since the last look (not on the first fill) → a notification."""
        ids = {v.id for v in visits if v.id > 0}
        if self._known_visit_ids is not None:
            arrived = ids - self._known_visit_ids  # once: this runs after every sync
            fresh = [v for v in visits if v.id in arrived]
            self.notifier.new_visits(fresh)
            if fresh:
                self.messages.info(
                    self.tr("{n} new visit(s): {list}").format(
                        n=len(fresh), list=", ".join(f"#{v.id}" for v in fresh[:5])
                    )
                )
        self._known_visit_ids = ids

    @Slot()
    def local_change_saved(self) -> None:
        """A screen committed a change: show it everywhere, send it soon."""
        selected = self.visits.selected_id
        self.refresh()
        if selected is not None:
            self.visits.select(selected)
        self.auto_sync.after_local_change()

    def _update_title(self) -> None:
        account = self.account
        who = (
            self.tr("{user} at {url}").format(user=account.user, url=account.url)
            if account
            else self.tr("not signed in")
        )
        self.setWindowTitle(self.tr("FieldDesk — {who}").format(who=who))

    @Slot(object)
    def _show_message(self, message: Message) -> None:
        self.banner.show_message(message)
        if message.level is Level.INFO:
            self.statusBar().showMessage(message.text, 8000)

    # -- account and profiles -------------------------------------------------------
    @Slot()
    def open_sign_in(self) -> bool:
        # Imported here: sign-in pulls in the HTTP stack, which cold start must not wait for.
        from desktop.account.sign_in import SignInDialog  # noqa: PLC0415
        from sync.deployment import DeploymentError, load_deployment  # noqa: PLC0415

        try:
            default_url = load_deployment().helpdesk_url or ""
        except DeploymentError as error:
            self.messages.warning(str(error))
            default_url = ""
        dialog = SignInDialog(self.profile, self.tasks, default_url=default_url, parent=self)
        if dialog.exec() != SignInDialog.DialogCode.Accepted:
            return False
        self._update_title()
        self.auto_sync.start()
        self.messages.info(self.tr("Signed in. Fetching your visits…"))
        self.start_sync()
        return True

    @Slot()
    def open_sign_out(self) -> None:
        from desktop.account.sign_out import SignOutChoice, SignOutDialog  # noqa: PLC0415
        from sync.profiles import sign_out, unsynced_changes  # noqa: PLC0415

        account = self.account
        label = f"{account.user} at {account.url}" if account else str(self.profile.root)
        dialog = SignOutDialog(label, unsynced_changes(self.profile), self)
        dialog.exec()
        if dialog.choice is SignOutChoice.CANCEL:
            return
        wipe = dialog.choice is SignOutChoice.WIPE
        self._shut_down()  # the database must be closed before its files go
        sign_out(self.profile, wipe=wipe)
        self.signed_out.emit(wipe)
        self.close()

    @Slot()
    def open_log_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.profile.log_dir)))

    @Slot()
    def show_shortcuts(self) -> None:
        lines = [
            f"{a.shortcut().toString(QKeySequence.SequenceFormat.NativeText)}\t"
            f"{a.text().replace('&', '').rstrip('…')}"
            for a in self.actions()
            if not a.shortcut().isEmpty()
        ]
        QMessageBox.information(self, self.tr("Keyboard shortcuts"), "\n".join(sorted(lines)))

    # -- sync ----------------------------------------------------------------------
    @Slot()
    def start_sync(self) -> None:
        if self.account is None:
            self.messages.warning(self.tr("Sign in first (File → Sign in…)."))
            return
        self.sync_controller.start()

    @Slot()
    def fetch_for_the_road(self) -> None:
        if self.account is None:
            self.messages.warning(self.tr("Sign in first (File → Sign in…)."))
        elif not self.sync_controller.start(for_the_road=True):
            self.messages.info(self.tr("A sync is running; press Fetch again when it ends."))

    @Slot()
    def _auto_sync_due(self) -> None:
        if not self.sync_controller.running and self.account is not None:
            self.sync_controller.start()

    @Slot(bool)
    def _auto_sync_toggled(self, on: bool) -> None:
        self.auto_sync.enabled = on

    @Slot()
    def _on_sync_started(self) -> None:
        self.sync_action.setEnabled(False)
        self.cancel_action.setEnabled(True)
        self.progress_action.setVisible(True)
        self.progress.setRange(0, 0)

    @Slot(str, int, int, str)
    def _on_sync_progress(self, phase: str, done: int, total: int, message: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"{phase}: %v/%m")
        self.statusBar().showMessage(message)

    def _sync_ended(self) -> None:
        self.sync_action.setEnabled(True)
        self.cancel_action.setEnabled(False)
        self.progress_action.setVisible(False)
        self.refresh()

    def _set_connectivity(self, state: Connectivity) -> None:
        self.connectivity = state
        self.indicator.update_state(state=state)
        self.auto_sync.after_sync(state)

    @Slot(object)
    def _on_sync_finished(self, report: SyncReport) -> None:
        self._sync_ended()
        if report.offline:
            self._set_connectivity(Connectivity.OFFLINE)
            self.statusBar().showMessage(
                self.tr("Offline — your changes are kept and will be sent later")
            )
            return
        if report.untrusted:
            # Not offline: retrying changes nothing until IT fixes the certificate or address.
            self._set_connectivity(Connectivity.UNTRUSTED)
            self.messages.error(
                self.tr("Not synced: {error}. Nothing was lost.").format(error=report.error)
            )
            return
        if report.auth_failed:
            self._set_connectivity(Connectivity.SIGN_IN)
            self.messages.error(
                self.tr(
                    "The helpdesk asks you to sign in again (File → Sign in). Nothing was lost."
                )
            )
            return
        self._set_connectivity(Connectivity.ONLINE)
        if report.cancelled:
            self.statusBar().showMessage(
                self.tr("Sync cancelled; it resumes where it stopped next time")
            )
        elif report.error:
            self.messages.warning(
                self.tr("Sync incomplete: {error}. Your changes are kept.").format(
                    error=report.error
                )
            )
        else:
            self.statusBar().showMessage(
                self.tr("Synced: {sent} change(s) sent, {got} visit(s) updated").format(
                    sent=report.pushed, got=report.tickets_pulled
                ),
                10_000,
            )
        for reason in report.rejected:
            self.messages.error(
                self.tr("The helpdesk refused a change: {reason} (see Outbox)").format(
                    reason=reason
                )
            )
        if report.conflicts:
            self.messages.warning(
                self.tr("{n} change(s) conflict with the helpdesk: decide in Conflicts").format(
                    n=report.conflicts
                )
            )

    @Slot(str)
    def _on_sync_failed(self, message: str) -> None:
        self._sync_ended()
        self.messages.error(self.tr("Sync failed: {message}").format(message=message))

    # -- closing ----------------------------------------------------------------------
    def _shut_down(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.auto_sync.stop()
        # Our slots must not run on a closed database once the worker stops.
        self.sync_controller.finished.disconnect(self._on_sync_finished)
        self.sync_controller.failed.disconnect(self._on_sync_failed)
        self.sync_controller.shutdown()
        self.visit_panel.shutdown()
        self.kb.shutdown()
        self.tasks.shutdown()
        self.notifier.close()
        self.db.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._shut_down()
        super().closeEvent(event)
