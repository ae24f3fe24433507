"""The FieldDesk main window: the rail of screens, the sync tool bar, the menus.

The window makes each screen and wires the screens together: they never import
one another.  The visit list is made with the window; the visit panel beside it just
after the window's first paint, the other screens when first needed (``LazyScreen``),
so the first paint waits for none of them.  Screens write
through the store and outbox and say ``changed``; the window then refreshes lists
and counts and asks for a sync soon.  A screen that needs another emits a signal
the window answers (the visit list shows the visit panel it was given; a visit asks
for a KB draft or another visit).  Sync runs on a worker thread (``WindowSync``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QMainWindow, QMenu, QVBoxLayout, QWidget

from desktop.common.background import BackgroundTasks
from desktop.common.buttons import restyle_chosen
from desktop.common.messages import Level, Message, MessageBridge
from desktop.shell.actions import retint_actions, shortcut_html, window_action
from desktop.shell.banner import Banner
from desktop.shell.first_paint import after_first_paint
from desktop.shell.lazy_screen import LazyScreen
from desktop.shell.long_lived import freeze_start_up, thaw_start_up
from desktop.shell.notifier import Notifier
from desktop.shell.offline_lock import Clock, LockScreen, OfflineGuard, OfflineStrip, utc_now
from desktop.shell.rail import Page, ScreenRail
from desktop.shell.timer_status import TimerStatus
from desktop.shell.window_place import keep_window_place, place_window
from desktop.shell.window_sync import WindowSync
from desktop.visits import VisitsPage
from desktop.visits.model import Scope
from sync.account import Account, NotSignedIn, load_account
from sync.conflict_count import open_conflict_count
from sync.data_policy import DataPolicy
from sync.deployment import DeploymentError
from sync.lost_laptop import check_opening, deployed_policy
from sync.offline_limit import Standing
from sync.profile import Profile
from sync.replica import open_replica
from sync.role import is_supervisor
from sync.store import outbox  # the counts: sync.outbox's write paths load with a write
from sync.store import tickets as ticket_store
from sync.store.settings import get_setting, last_successful_sync
from sync.store.users import display_name
from sync.wipe import ProfileWiped, wipe_notice, wipe_profile
from sync.words import plural

# The list's other visits (its first fill read its scope's) are read on the loader's
# worker once the window has settled: not in the turns after the first paint, where the
# panel and the start-up sync compete for the interpreter's lock.  A scope switched or a
# visit opened before then reads them at once; a refresh (a sync's end) reads them all.
REST_OF_THE_LIST_AFTER_MS = 500

if TYPE_CHECKING:
    import sqlite_utils

    from desktop.assets import AssetsPage
    from desktop.conflicts import ConflictsView
    from desktop.dispatch import DispatchBoard
    from desktop.kb import KnowledgeBaseView
    from desktop.netcheck import NetcheckDialog
    from desktop.outbox import OutboxView
    from desktop.ready import ReadyView
    from desktop.shell.shortcuts_window import ShortcutsWindow
    from desktop.visit import VisitDetail
    from sync.lock import ProfileLock


class MainWindow(QMainWindow):
    profile_switch_requested = Signal()  # the app shows the profile picker
    signed_out = Signal(bool)  # True when the data was wiped
    wiped_by_it = Signal()  # IT's remote wipe or offline limit erased the profile: reopen it
    # The first paint is done; a signed-in window's automatic (and start-up) sync has started.
    started = Signal()

    def __init__(
        self,
        profile: Profile,
        *,
        sync_on_start: bool = False,
        messages: MessageBridge | None = None,
        clock: Clock = utc_now,
        update_replica: bool = True,
    ) -> None:
        """update_replica=False: a replica an earlier FieldDesk left raises UpdateDue, for
        the app to update it behind a progress window first (``desktop.app``)."""
        super().__init__()
        self.profile = profile
        self.messages = messages or MessageBridge(self)
        self.policy = self._deployed_policy()
        self.db = self._open_checked_replica(clock, update_replica)
        self.tasks = BackgroundTasks(self)
        self.sync = WindowSync(self, profile, self.messages, lambda: self.account is not None)
        # The sync's parts the app and the tests reach through the window.
        self.sync_controller, self.auto_sync = self.sync.controller, self.sync.auto
        self.sync_action, self.progress_action = self.sync.sync_action, self.sync.progress_action
        self.indicator = self.sync.indicator
        self.indicator.open_requested.connect(self._open_what_needs_you)
        self._known_visit_ids: frozenset[int] | None = None
        self._closed = False
        self._froze_start_up = False  # this window froze start-up's objects (long_lived)
        self.profile_lock: ProfileLock | None = None  # the app's: one window per profile
        self.shortcut_box: ShortcutsWindow | None = None  # F1's, made when first asked for
        self._build_menus()
        self._build_body()
        place_window(self, self.db)  # after the body: a first size honours its minimum
        self._build_visit_menu()
        self.sync.ended.connect(self.refresh)
        self.sync.ended.connect(self.visits.sync_ended)
        self.sync_controller.progressed.connect(self.visits.sync_progressed)
        self.notifier = Notifier(self)
        self.messages.shown.connect(self._show_message)
        for message in self.messages.listen():
            self._show_message(message)
        self.guard = OfflineGuard(self.db, self.policy, clock, self)
        self.guard.changed.connect(self._apply_standing)
        self.guard.wipe_due.connect(self._wipe_for_being_offline)
        self.sync.ended.connect(self.guard.check)
        # The status bar's 1 s tick: a wake from sleep is seen within a second, not a minute.
        self.timer_status.ticker.timeout.connect(self.guard.look_for_a_jump)
        self.guard.woke.connect(self.auto_sync.woke)
        self.sync.wiped.connect(self._wiped_after_sync)
        self._apply_standing(self.guard.check())
        self.refresh()
        self._update_title()
        notice = wipe_notice(profile)
        if notice is not None and self.account is None:
            self.messages.error(notice.message())
        elif self.account is None:
            self.messages.warning(
                self.tr("Not signed in: choose File → Sign in… to fetch your visits.")
            )
        after_first_paint(self, lambda: self._after_first_paint(sync_on_start))

    def _after_first_paint(self, sync_on_start: bool) -> None:
        """The list is on screen: the visit panel beside it, then the syncs; the list's
        other visits a little later (``REST_OF_THE_LIST_AFTER_MS``)."""
        try:
            if not self._closed:
                self.visit_panel  # noqa: B018 - builds it
        finally:  # a panel that cannot read its visit (a damaged disk) stops neither the syncs
            QTimer.singleShot(REST_OF_THE_LIST_AFTER_MS, self, self._read_the_rest_of_the_list)
            self._start_syncing(sync_on_start)  # nor the collector's return

    def _read_the_rest_of_the_list(self) -> None:
        if not self._closed and self.visits.partly_read:
            self.visits.reload()  # on the loader's worker

    def _start_syncing(self, sync_on_start: bool) -> None:
        """After the first paint: the automatic syncs, and the start-up sync if asked for."""
        self._froze_start_up = freeze_start_up()  # before the sync's worker makes objects
        if self.account is not None and not self._closed:
            self.auto_sync.start(sync_starting=sync_on_start)
            if sync_on_start:
                self.start_sync()
        self.started.emit()

    def _deployed_policy(self) -> DataPolicy:
        try:
            return deployed_policy()
        except DeploymentError as error:  # IT's file is wrong: say so, keep no limit
            self.messages.error(str(error))
            return DataPolicy()

    def _open_checked_replica(self, clock: Clock, update: bool) -> sqlite_utils.Database:
        """The replica; a profile past IT's offline wipe limit is erased first."""
        db = open_replica(self.profile, defer_sqlite_utils=True, update=update)
        try:
            check_opening(self.profile, db, self.policy, clock())
        except ProfileWiped:
            return open_replica(
                self.profile, defer_sqlite_utils=True
            )  # emptied: signed out, says why
        return db

    @property
    def locked(self) -> bool:
        """Past IT's offline limit: the screens give way to the lock screen."""
        return self.guard.standing.locked

    @Slot(object)
    def _apply_standing(self, standing: Standing) -> None:
        now = self.guard.clock()
        self.offline_strip.show_standing(standing, now)
        if standing.locked or self._lock_place.built is not None:
            self.lock_screen.show_standing(standing, now)
        self.rail.setVisible(not standing.locked)
        self._lock_place.setVisible(standing.locked)
        self.visit_menu.setEnabled(not standing.locked)
        self.timer_status.set_locked(standing.locked)

    @Slot()
    def _wipe_for_being_offline(self) -> None:
        unsent = outbox.open_count(self.db)
        self._shut_down()  # the database is closed before its files go
        notice = wipe_profile(self.profile, "offline", unsent_lost=unsent)
        self._after_wipe(notice.message())

    @Slot(str)
    def _wiped_after_sync(self, message: str) -> None:
        self._shut_down()
        self._after_wipe(message)

    def _after_wipe(self, message: str) -> None:
        from desktop.common.copied import forget_copied  # noqa: PLC0415 - only at a wipe

        forget_copied()  # what was copied from the data: not left for the next paste
        self.messages.error(message)  # the reopened, empty window shows it
        self.wiped_by_it.emit()
        self.close()

    @property
    def account(self) -> Account | None:
        try:
            return load_account(self.profile)
        except NotSignedIn:
            return None

    @property
    def user(self) -> str:
        """The signed-in user as RT spells the name (a profile an older FieldDesk kept
        as typed, "Alice", is "alice" in the replica since its first sign-in)."""
        account = self.account
        return get_setting(self.db, "user") or (account.user if account else "")

    # -- the screens -------------------------------------------------------------------
    def _build_body(self) -> None:
        self.banner = Banner()
        self.rail = ScreenRail()
        # The panel's place beside the list; the panel is made in it after the first paint.
        self._panel_place = LazyScreen(self._make_visit_panel, scrolls=False)
        self._chosen_visit: int | None = None  # what the list last asked the panel to show
        self.visits = VisitsPage(self._panel_place, self.db)
        self.visits.current_visit_changed.connect(self._visit_chosen)
        self.visits.selected_visit_refreshed.connect(self._visit_refreshed)
        self.visits.loaded.connect(self._visits_loaded)
        self.add_page("visits", self.tr("My visits"), "visits", self.visits)
        self.netchecks: set[NetcheckDialog] = set()  # open network check windows
        self._later: dict[str, LazyScreen] = {}
        self._add_later("kb", self.tr("Knowledge base"), "kb", self._make_kb)
        self._add_later("outbox", self.tr("Outbox"), "outbox", self._make_outbox)
        self._add_later("conflicts", self.tr("Conflicts"), "conflicts", self._make_conflicts)
        self._add_later("ready", self.tr("Ready for the road"), "ready", self._make_ready)
        self._add_later("assets", self.tr("Equipment"), "serial", self._make_assets)
        self.board: DispatchBoard | None = None
        self._follow_role()

        body = QWidget()
        rows = QVBoxLayout(body)
        rows.setContentsMargins(6, 6, 6, 0)
        self.offline_strip = OfflineStrip()
        self._lock_place = LazyScreen(self._make_lock_screen)  # made when the laptop is locked
        rows.addWidget(self.offline_strip)
        rows.addWidget(self.rail, 1)
        rows.addWidget(self._lock_place, 1)
        self.setCentralWidget(body)
        self.banner.float_over(body)  # messages never move the screens under the pointer
        self.rail.show_page("dispatch" if self.board is not None else "visits")
        self.rail.focus_page()  # the window opens with the focus in the list, not on the rail
        self.timer_status = TimerStatus(self.db)
        self.timer_status.visit_requested.connect(self.open_visit)
        self.statusBar().addPermanentWidget(self.timer_status)

    def _make_lock_screen(self) -> QWidget:
        screen = LockScreen()
        screen.sync_requested.connect(self.start_sync)
        screen.sign_in_requested.connect(self.open_sign_in)
        return screen

    @property
    def lock_screen(self) -> LockScreen:
        """What shows instead of the screens past IT's offline limit (made when first needed)."""
        return cast("LockScreen", self._lock_place.content)

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
        self.sync.fill_menu(bar.addMenu(self.tr("&Sync")))
        self.tools_menu = bar.addMenu(self.tr("&Tools"))
        self.tools_menu.addAction(
            self._action(self.tr("&Network check…"), self.open_netcheck, None, "network")
        )
        self.help_menu = help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(
            self._action(self.tr("&Keyboard shortcuts"), self.show_shortcuts, "F1", None)
        )
        help_menu.addAction(self._action(self.tr("&About FieldDesk"), self.show_about, None, None))

    def _build_visit_menu(self) -> None:
        """The Visit menu (before Help): every action on the selected visit, with its keys
        (put in by the visit panel, which owns them, when it is made)."""
        self.visit_menu = QMenu(self.tr("V&isit"), self)
        self.menuBar().insertMenu(self.help_menu.menuAction(), self.visit_menu)

    # -- the visit panel ------------------------------------------------------------------
    @property
    def visit_panel(self) -> VisitDetail:
        """The selected visit's panel beside the list, made now if it was not yet."""
        return cast("VisitDetail", self._panel_place.content)

    @property
    def _panel_made(self) -> VisitDetail | None:
        """The visit panel if it was made, without making it."""
        return cast("VisitDetail | None", self._panel_place.built)

    def _make_visit_panel(self) -> QWidget:
        # Imported here: the panel's modules and widgets are 60-80 ms that the list's first
        # paint does not wait for (_after_first_paint makes it right after).
        from desktop.visit import VisitDetail  # noqa: PLC0415

        panel = VisitDetail(self.db, self.profile, self.messages, self._chosen_visit)
        panel.setMinimumWidth(self._panel_place.minimumWidth())  # as the page sized its place
        panel.changed.connect(self.local_change_saved)
        panel.visit_requested.connect(self.open_visit)
        panel.draft_article_requested.connect(self.draft_article)
        panel.netcheck_requested.connect(self.open_netcheck)
        panel.open_article_requested.connect(self.open_article)
        panel.asset_action_requested.connect(self.on_visit_asset_action)
        panel.work_actions.fill_menu(self.visit_menu)
        self.visit_menu.addSeparator()
        self.visit_menu.addAction(panel.newest_first)
        return panel

    @Slot(object)
    def _visit_chosen(self, visit_id: int | None) -> None:
        self._chosen_visit = visit_id
        if self._panel_made is not None:
            self._panel_made.show_visit(visit_id)

    @Slot()
    def _visit_refreshed(self) -> None:
        if self._panel_made is not None:  # one made later reads the visit then
            self._panel_made.reread()

    def _action(
        self, text: str, slot: Callable[[], object], shortcut: str | None, icon_name: str | None
    ) -> QAction:
        return window_action(self, text, slot, shortcut, icon_name)

    def add_page(self, key: str, title: str, icon_name: str, widget: QWidget) -> Page:
        """A screen on the rail, reachable with Ctrl+<its number> and from the View menu."""
        page = self.rail.add(key, title, icon_name, widget)
        number = len(self.rail.pages)
        go = self._action(title, lambda: self.show_page(key), f"Ctrl+{number}", icon_name)
        self.view_menu.addAction(go)
        self._follow_changes(widget)
        return page

    def _follow_changes(self, screen: QWidget) -> None:
        changed = getattr(screen, "changed", None)
        if changed is not None:
            changed.connect(self.local_change_saved)

    def _add_later(self, key: str, title: str, icon_name: str, make: Callable[[], QWidget]) -> None:
        """A screen on the rail like the others, made by make when first needed."""

        def build() -> QWidget:
            screen = make()
            self._follow_changes(screen)
            return screen

        self._later[key] = LazyScreen(build)
        self.add_page(key, title, icon_name, self._later[key])

    # Each screen's module is imported when the screen is made (see the module docstring).
    def _make_kb(self) -> QWidget:
        from desktop.kb import KnowledgeBaseView  # noqa: PLC0415

        kb = KnowledgeBaseView(self.db, self.messages)
        kb.set_current_visit(self.visits.selected_id)
        self.visits.current_visit_changed.connect(kb.set_current_visit)
        return kb

    def _make_outbox(self) -> QWidget:
        from desktop.outbox import OutboxView  # noqa: PLC0415

        return OutboxView(self.db, self.messages)

    def _make_conflicts(self) -> QWidget:
        from desktop.conflicts import ConflictsView  # noqa: PLC0415

        return ConflictsView(self.db, self.messages)

    def _make_ready(self) -> QWidget:
        from desktop.ready import ReadyView  # noqa: PLC0415

        ready = ReadyView(self.db)
        ready.fetch_requested.connect(self.sync.fetch_for_the_road)
        return ready

    def _make_assets(self) -> QWidget:
        from desktop.assets import AssetsPage  # noqa: PLC0415

        assets = AssetsPage(self.db, self.messages)
        assets.set_current_visit(self.visits.selected_id)
        self.visits.current_visit_changed.connect(assets.set_current_visit)
        assets.visit_requested.connect(self.open_visit)
        return assets

    @property
    def kb(self) -> KnowledgeBaseView:
        return cast("KnowledgeBaseView", self._later["kb"].content)

    @property
    def outbox(self) -> OutboxView:
        return cast("OutboxView", self._later["outbox"].content)

    @property
    def conflicts(self) -> ConflictsView:
        return cast("ConflictsView", self._later["conflicts"].content)

    @property
    def ready(self) -> ReadyView:
        return cast("ReadyView", self._later["ready"].content)

    @property
    def assets(self) -> AssetsPage:
        return cast("AssetsPage", self._later["assets"].content)

    def _follow_role(self) -> bool:
        """A supervisor gets the Dispatch board as soon as the role is known.

        The role is learned at sign-in or, for a profile signed in another way,
        by its first sync: either may come after the window is built.  Dispatch
        is the last screen, so the others keep their Ctrl+<n> whatever the role.
        Returns whether the board was added just now.
        """
        if self.board is not None or not is_supervisor(self.db):
            return False
        from desktop.dispatch import DispatchBoard  # noqa: PLC0415 - supervisors only

        self.board = DispatchBoard(self.db, self.messages)
        self.add_page("dispatch", self.tr("Dispatch"), "dispatch", self.board)
        return True

    def retint_icons(self) -> None:
        """Redraw icons after the colour scheme changed (light ↔ dark)."""
        retint_actions(self)
        restyle_chosen(self)
        self.rail.retint()
        if self._panel_made is not None:
            self._panel_made.refresh()  # the conversation's colours follow the scheme
        self.indicator.update_state()

    @Slot(str)
    def _open_what_needs_you(self, key: str) -> None:
        """The sync state was clicked: the screen of refused or conflicting changes.

        The message that pointed there has done its job; it would cover the reasons.
        """
        self.banner.hide()
        self.show_page(key)

    def show_page(self, key: str) -> None:
        """Show a screen (Ctrl+<n>, the View menu, a link to it) with the focus in it.

        Moving along the rail itself (its arrows, a click) leaves the focus in the rail;
        the screen's keys work either way (they are the window's while it shows)."""
        self.rail.show_page(key)
        self.rail.focus_page()

    def current_page(self) -> str:
        return self.rail.current_page()

    # -- what one screen asks of another ------------------------------------------------
    @Slot(int)
    def draft_article(self, visit_id: int) -> None:
        """Draft a KB article from this visit's resolution (published on the next sync)."""
        from desktop.kb import DraftArticleDialog  # noqa: PLC0415 - see _make_kb

        dialog = DraftArticleDialog(
            self.db,
            self.messages,
            visit_id=visit_id,
            author=self.user,
            parent=self,
        )
        if dialog.exec() == DraftArticleDialog.DialogCode.Accepted:
            self.local_change_saved()

    @Slot()
    @Slot(int)
    def open_netcheck(self, visit_id: int | None = None) -> None:
        """The network check: for a visit's site, or (Tools menu) on its own."""
        # Imported when first opened: its probes bring the HTTP stack and asyncio,
        # which the window's first paint would otherwise wait for (~100 ms).
        from desktop.netcheck import NetcheckDialog  # noqa: PLC0415

        visit = ticket_store.get_visit(self.db, visit_id) if visit_id else None
        dialog = NetcheckDialog(
            self.db,
            self.profile,
            self.messages,
            visit=visit,
            author=self.user,
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changed.connect(self.local_change_saved)
        self.netchecks.add(dialog)
        dialog.finished.connect(lambda _code: self.netchecks.discard(dialog))
        dialog.show()

    @Slot(str, int, int)
    def on_visit_asset_action(self, action: str, visit_id: int, asset_id: int) -> None:
        """The visit's equipment section asked for an asset dialog (the Equipment screen's)."""
        actions = self.assets.asset_actions
        if action == "link":
            actions.pick_and_link(visit_id)
        elif action == "add":
            actions.add(visit_id)
        elif action == "edit":
            actions.edit(asset_id, visit_id)
        elif action == "replace":
            actions.replace(asset_id, visit_id)
        elif action == "retire":
            actions.retire(asset_id, visit_id)

    @Slot(int)
    def open_article(self, article_id: int) -> None:
        self.show_page("kb")
        self.kb.open_article(article_id)

    @Slot(int)
    def open_visit(self, visit_id: int) -> None:
        """Show one visit (a related one, a ticket just opened here), whatever the filter.

        A ticket just opened here is in the replica, but the list may not hold it yet (its
        read is under way on the worker): it is selected when that read lands."""
        self.show_page("visits")
        if not self.visits.select(visit_id):
            self.visits.filter.clear()
            self.visits.set_scope(Scope.ALL)
            self.visits.select_when_listed(visit_id)

    # -- data ----------------------------------------------------------------------
    @Slot()
    def refresh(self) -> None:
        """Re-read the replica: visits, counts, sync state."""
        if self._follow_role():
            self.show_page("dispatch")  # a supervisor's day starts on the board
        self.visits.reload()  # off the GUI thread once filled: _visits_loaded follows
        pending = outbox.open_count(self.db)
        conflicts = open_conflict_count(self.db)
        self.rail.set_badge("visits", 0)
        self.rail.set_badge("outbox", pending)
        self.rail.set_badge("conflicts", conflicts)
        self.indicator.update_state(
            pending=outbox.unsent_count(self.db),
            refused=outbox.refused_count(self.db),
            conflicts=conflicts,
            last_sync=last_successful_sync(self.db),
        )
        self.timer_status.update_state()
        # Only the screen on show re-reads the replica now; the others do when shown.
        self.rail.refresh_current()

    @Slot(object)
    def _visits_loaded(self, ids: frozenset[int]) -> None:
        if not self.locked:  # a notification would show a locked visit's subject
            self._notice_new_visits(ids)

    def _notice_new_visits(self, ids: frozenset[int]) -> None:
        """New visits since the last look → a notification.

        Not for the first fill: until a sync has completed, what arrives is the
        whole replica (29 "new" visits in the demo), not news."""
        if self._known_visit_ids is not None:
            arrived = ids - self._known_visit_ids  # once: this runs after every sync
            fresh = self.visits.model.visits(arrived) if arrived else []
            self.notifier.new_visits(fresh)
            if fresh:
                self.messages.info(
                    self.tr("{visits}: {list}").format(
                        visits=plural(len(fresh), self.tr("new visit"), self.tr("new visits")),
                        list=", ".join(f"#{v.id}" for v in fresh[:5]),
                    )
                )
        self._known_visit_ids = ids if last_successful_sync(self.db) else None

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
            self.tr("{user} at {url}").format(
                user=display_name(self.db, self.user), url=account.url
            )
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
        self.refresh()  # sign-in learned the role: a supervisor gets the board now
        self.auto_sync.start(sync_starting=True)
        self.messages.info(self.tr("Signed in. Fetching your visits…"))
        self.start_sync()
        return True

    @Slot()
    def open_sign_out(self) -> None:
        from desktop.account.sign_out import SignOutChoice, SignOutDialog  # noqa: PLC0415
        from sync.profiles import sign_out, unsynced_changes  # noqa: PLC0415

        panel = self._panel_made
        writing = panel.dialog if panel is not None else None
        if writing is not None and writing.isVisible() and not writing.may_close():
            return  # a note half written: kept, and the sign-out waits
        account = self.account
        label = (
            f"{display_name(self.db, self.user)} at {account.url}"
            if account
            else str(self.profile.root)
        )
        dialog = SignOutDialog(label, unsynced_changes(self.profile), self)
        dialog.exec()
        if dialog.choice is SignOutChoice.CANCEL:
            return
        wipe = dialog.choice is SignOutChoice.WIPE
        self._shut_down()  # the database must be closed before its files go
        sign_out(self.profile, wipe=wipe)
        from desktop.common.copied import forget_copied  # noqa: PLC0415 - only at a sign-out

        forget_copied()  # a customer's number copied here is not the next person's to paste
        self.signed_out.emit(wipe)
        self.close()

    @Slot()
    def open_log_folder(self) -> None:
        # Here: PySide makes a class's enums when it is first named (QUrl: 5, ~1.5 ms).
        from PySide6.QtCore import QUrl  # noqa: PLC0415
        from PySide6.QtGui import QDesktopServices  # noqa: PLC0415

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.profile.log_dir)))

    @Slot()
    def show_shortcuts(self) -> None:
        from desktop.shell.shortcuts_window import ShortcutsWindow  # noqa: PLC0415 - on F1

        for later in (self._panel_place, *self._later.values()):  # also those not made yet
            later.content  # noqa: B018 - builds it
        self.visit_panel.later_tabs.make_all()  # the keys of the buttons in its tabs too
        screens = [(page.title, page.widget) for page in self.rail.pages.values()]
        if self.shortcut_box is None:  # one window, raised again by another F1
            self.shortcut_box = ShortcutsWindow(self)  # the tests read it
        self.shortcut_box.show_keys(shortcut_html(self, screens))

    @Slot()
    def show_about(self) -> None:
        from desktop.shell.about import AboutBox, Helpdesk  # noqa: PLC0415 - opened rarely

        account = self.account
        helpdesk = Helpdesk(account.url, display_name(self.db, self.user)) if account else None
        self.about_box = AboutBox(self, self.profile, helpdesk)  # the tests read it
        self.about_box.exec()

    # -- sync ----------------------------------------------------------------------
    @Slot()
    def start_sync(self) -> None:
        self.sync.start()

    # -- closing ----------------------------------------------------------------------
    def _shut_down(self) -> None:
        if self._closed:
            return
        self._closed = True
        reminder = self.timer_status.reminder()
        if reminder:
            self.notifier.say(self.tr("Visit timer still running"), reminder)
        self.timer_status.stop()
        self.sync.shutdown()
        for netcheck in list(self.netchecks):  # stops a check under way before the replica closes
            netcheck.close()
        if self._panel_made is not None:
            self._panel_made.shutdown()
        self.visits.shutdown()
        for key in ("kb", "assets"):  # their background work; a screen never made has none
            screen = self._later[key].built
            if screen is not None:
                cast("KnowledgeBaseView | AssetsPage", screen).shutdown()
        self.tasks.shutdown()
        self.notifier.close()
        self.guard.stop()
        self.db.close()
        if self._froze_start_up:
            thaw_start_up()
        if self.profile_lock is not None:  # another window may open the profile now
            self.profile_lock.__exit__(None, None, None)
            self.profile_lock = None

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closed and self.isVisible():
            keep_window_place(self, self.db)
        self._shut_down()
        super().closeEvent(event)
