"""The visit detail panel: everything about one visit, and the work done on it.

``VisitDetail(db, profile, messages, visit_id)`` shows a visit (``show_visit``) and
offers the work actions (``writes.VisitWrites``).  Every action is one local
transaction through ``sync.outbox`` / ``sync.workflow``; the panel says "saved"
only after it committed, then re-reads the visit and emits ``changed``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEvent, QObject, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QLabel,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.common.latest_query import LatestQuery
from desktop.common.messages import MessageBridge
from desktop.common.outside_links import open_outside_link
from desktop.common.theme import hex_colour
from desktop.visit.actions import VisitActions
from desktop.visit.background import Background
from desktop.visit.conversation import ConversationView
from desktop.visit.header import VisitHeader
from desktop.visit.later_tabs import LaterTabs
from desktop.visit.snapshot import VisitSnapshot, read_visit
from desktop.visit.timer_bar import TimerBar
from desktop.visit.writes import VisitWrites
from sync.change_limits import DEFAULT_MAX_BYTES
from sync.profile import Profile
from sync.store import tickets as ticket_store
from sync.store.database import database_file
from sync.store.settings import get_setting, set_setting

# The tabs behind the conversation load with their widgets (later_tabs.py), the action
# dialogs when first opened (writes.py), the file opener with the first file (``opener``).
if TYPE_CHECKING:
    import sqlite_utils

    from desktop.common.action_dialog import ActionDialog
    from desktop.visit.checklist_panel import ChecklistPanel
    from desktop.visit.equipment import EquipmentList
    from desktop.visit.file_opener import FileOpener
    from desktop.visit.files_panel import FilesPanel
    from desktop.visit.related_panel import RelatedPanel

TAB_CONVERSATION, TAB_EQUIPMENT, TAB_FILES, TAB_RELATED, TAB_CHECKLIST = range(5)
NEWEST_FIRST_SETTING = "visit.newest_first"  # how this profile reads conversations
# A panel shorter than this many lines of its font (911×512 px: 1366×768 at 150 %) puts
# the header's card on one row: its conversation showed about three lines otherwise.
SHORT_PANEL_LINES = 28


class VisitDetail(QWidget):
    changed = Signal()  # after each committed local write
    reread_done = Signal()  # a re-read (``reread``) came back: shown, if anything changed
    draft_article_requested = Signal(int)  # visit id: the KB screen opens its draft dialog
    netcheck_requested = Signal(int)  # visit id: the shell opens the network check
    open_article_requested = Signal(int)  # article id (reserved: links to KB articles)
    visit_requested = Signal(int)  # open another of the technician's visits (related, new)
    # action on the visit's equipment, visit id, asset id (0: none): the Equipment screen's dialogs
    asset_action_requested = Signal(str, int, int)

    def __init__(
        self,
        db: sqlite_utils.Database,
        profile: Profile,
        messages: MessageBridge,
        visit_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """visit_id: the visit shown first (None: none yet)."""
        super().__init__(parent)
        self.db = db
        self.profile = profile
        self.messages = messages
        self.max_upload_bytes = DEFAULT_MAX_BYTES
        self.visit: ticket_store.Visit | None = None
        self._shown: VisitSnapshot | None = None  # what the panel shows of self.visit
        self._reader: LatestQuery | None = None  # re-reads after a refresh; made when first needed
        self._asked: str | None = None  # the visit a re-read under way is for
        self.background = Background(messages, self)
        self.writes = VisitWrites(self)
        self._opener: FileOpener | None = None  # made at the first file or link opened
        self.setAcceptDrops(True)
        self.setAccessibleName(self.tr("Visit details"))
        self._build()
        self._connect()
        # Straight to the first visit: no placeholder shown, nor every action disabled,
        # on the way (each action's change is an event to every button and menu showing it).
        self.show_visit(visit_id)

    # -- layout ------------------------------------------------------------------
    def _build(self) -> None:
        self.work_actions = VisitActions(self)
        self.header = VisitHeader()
        self.conversation = ConversationView()
        self.timer = TimerBar(self.db, self.messages, self.writes.user_name)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Visit sections"))
        self.tabs.addTab(self.conversation, self.tr("&Conversation"))
        self.later_tabs = LaterTabs(self.tabs, self._fill_tab)  # the others: when first opened
        self.later_tabs.add(self.tr("E&quipment"), self._make_equipment)
        self.later_tabs.add(self.tr("Fil&es"), self._make_files)
        self.later_tabs.add(self.tr("Re&lated"), self._make_related)
        self.later_tabs.add(self.tr("Chec&klist"), self._make_checklist)
        self.tabs.tabBar().installEventFilter(self)  # a tab's Alt key: see eventFilter
        # A choice made once and kept, in the Visit menu and the conversation's own menu:
        # beside the tabs it pushed "Checklist (0/11)" behind scroll arrows on a 1024-px
        # screen once three tabs had counts.
        self.newest_first = QAction(self.tr("Conversation: &newest first"), self)
        self.newest_first.setCheckable(True)
        self.newest_first.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.newest_first.setToolTip(self.tr("Read the conversation from the latest entry"))
        self.newest_first.setChecked(get_setting(self.db, NEWEST_FIRST_SETTING) == "1")
        self.conversation.set_newest_first(self.newest_first.isChecked())
        self.conversation.menu_actions = [self.newest_first]

        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(8, 6, 8, 6)
        column.setSpacing(6)
        column.addWidget(self.header)
        column.addWidget(self.timer)
        column.addWidget(self.work_actions.toolbar())
        column.addWidget(self.tabs, 1)

        self.placeholder = QLabel(self.tr("Select a visit to see its details and history."))
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet(
            f"color: {hex_colour('muted')}; font-size: 13pt; padding: 24px;"
        )
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

    def _connect(self) -> None:
        a, w = self.work_actions, self.writes
        a["note"].triggered.connect(w.write_note)
        a["reply"].triggered.connect(w.write_reply)
        a["status"].triggered.connect(w.change_status)
        a["parts"].triggered.connect(w.edit_parts)
        a["files"].triggered.connect(w.add_files)
        a["report"].triggered.connect(w.sign_report)
        a["serial"].triggered.connect(w.record_serial)
        a["escalate"].triggered.connect(w.escalate)
        a["new_ticket"].triggered.connect(w.new_ticket)
        a["draft_article"].triggered.connect(self._request_draft)
        a["checklist"].triggered.connect(lambda: self.show_tab(TAB_CHECKLIST))
        a["netcheck"].triggered.connect(self._request_netcheck)
        a["travel_timer"].triggered.connect(lambda: self.timer.toggle("travel"))
        a["site_timer"].triggered.connect(lambda: self.timer.toggle("on_site"))
        w.saved.connect(self._written)
        w.visit_requested.connect(self.visit_requested)
        self.newest_first.toggled.connect(self._set_newest_first)
        self.header.copied.connect(self._on_copied)
        self.header.opened.connect(self._on_opened)
        self.header.related_clicked.connect(self._show_related_tab)
        self.conversation.file_clicked.connect(self._open_file)
        self.conversation.link_clicked.connect(self._open_link)
        self.timer.saved.connect(self._saved_here)

    @property
    def opener(self) -> FileOpener:
        """Opens and saves the visit's files (its module loads with the first one)."""
        if self._opener is None:
            from desktop.visit.file_opener import FileOpener  # noqa: PLC0415 - see TYPE_CHECKING

            self._opener = FileOpener(
                self,
                self.db,
                self.profile,
                messages=self.messages,
                background=self.background,
                changed=self.refresh,
            )
        return self._opener

    @Slot(int)
    def _open_file(self, key: int) -> None:
        self.opener.open_file(key)

    # -- the tabs behind the conversation (later_tabs.py) -----------------------------
    def _make_equipment(self) -> QWidget:
        from desktop.visit.equipment import EquipmentList  # noqa: PLC0415 - see TYPE_CHECKING

        equipment = EquipmentList()
        equipment.serial_requested.connect(self.writes.record_serial_of)
        equipment.asset_action.connect(self._request_asset_action)
        return equipment

    def _make_files(self) -> QWidget:
        from desktop.visit.files_panel import FilesPanel  # noqa: PLC0415 - see TYPE_CHECKING

        files = FilesPanel()
        files.open_requested.connect(self.opener.open_file)
        files.save_requested.connect(self.opener.save_file_as)
        files.add_requested.connect(self.writes.add_files)
        return files

    def _make_related(self) -> QWidget:
        from desktop.visit.related_panel import RelatedPanel  # noqa: PLC0415 - see TYPE_CHECKING

        related = RelatedPanel()
        related.visit_requested.connect(self.visit_requested)
        return related

    def _make_checklist(self) -> QWidget:
        from desktop.visit.checklist_panel import ChecklistPanel  # noqa: PLC0415 - see TYPE_CHECKING

        checklist = ChecklistPanel(
            self.db,
            self.profile,
            self.messages,
            background=self.background,
            user=self.writes.user_name,
        )
        checklist.saved.connect(self._checklist_saved)
        return checklist

    @property
    def equipment(self) -> EquipmentList:
        return cast("EquipmentList", self.later_tabs.widget(TAB_EQUIPMENT))

    @property
    def files(self) -> FilesPanel:
        return cast("FilesPanel", self.later_tabs.widget(TAB_FILES))

    @property
    def related(self) -> RelatedPanel:
        return cast("RelatedPanel", self.later_tabs.widget(TAB_RELATED))

    @property
    def checklist(self) -> ChecklistPanel:
        return cast("ChecklistPanel", self.later_tabs.widget(TAB_CHECKLIST))

    def _fill_tab(self, tab: int, widget: QWidget) -> None:
        """Show the visit on show in one tab behind the conversation."""
        snapshot, visit = self._shown, self.visit
        if snapshot is None or visit is None:
            return
        writable = visit.gone is None
        if tab == TAB_EQUIPMENT:
            cast("EquipmentList", widget).set_assets(snapshot.assets, writable=writable)
        elif tab == TAB_FILES:
            cast("FilesPanel", widget).set_files(snapshot.files)
        elif tab == TAB_RELATED:
            cast("RelatedPanel", widget).set_related(
                snapshot.related, pending=snapshot.related_pending
            )
        elif tab == TAB_CHECKLIST:
            cast("ChecklistPanel", widget).show_lists(
                visit.id, snapshot.checklists, snapshot.templates, writable=writable
            )

    # -- showing -----------------------------------------------------------------
    def show_visit(self, visit_id: int | None) -> None:
        """Show a visit (None: nothing selected), read now. Reads only the local replica."""
        self._asked = None  # a re-read under way was for what showed before: dropped
        self._show(read_visit(self.db, visit_id) if visit_id is not None else None)

    def refresh(self) -> None:
        self.show_visit(self.visit.id if self.visit else None)

    def reread(self) -> None:
        """The visit shown, read again on a worker (the visit list refreshed after a
        sync or a save): drawn again only if something in it changed.

        Read here on the GUI thread this took 20-50 ms of every refresh at 10 000
        visits (bench/gui_refresh_stall.py), and redrawing an unchanged conversation
        (its HTML laid out again) a few more.  Newest wins: a visit picked or saved
        meanwhile (``show_visit``) drops the answer."""
        if self.visit is None:
            return
        if self._reader is None:
            self._reader = LatestQuery(
                database_file(self.db), self.db, self._read, "visit-panel", self
            )
            self._reader.found.connect(self._reread_found)
        self._asked = str(self.visit.id)
        self._reader.search(self._asked)

    def _read(self, db: sqlite_utils.Database, visit_id: str) -> VisitSnapshot | None:
        return read_visit(db, int(visit_id))  # on the worker, its own connection

    @Slot(str, object, float)
    def _reread_found(self, visit_id: str, snapshot: object, _seconds: float) -> None:
        if visit_id != self._asked:
            return  # another visit was picked (or this one read again) meanwhile
        self._asked = None
        if snapshot != self._shown:
            self._show(snapshot if isinstance(snapshot, VisitSnapshot) else None)
        self.reread_done.emit()

    def _show(self, snapshot: VisitSnapshot | None) -> None:
        self._shown = snapshot
        visit = self.visit = snapshot.visit if snapshot is not None else None
        if snapshot is None or visit is None:
            self.stack.setCurrentWidget(self.placeholder)
            self.work_actions.set_enabled(False)
            return
        writable = visit.gone is None
        assets, files, others = snapshot.assets, snapshot.files, snapshot.related
        self.header.show_visit(visit, len(others))
        self.conversation.show_history(
            snapshot.history,
            snapshot.names,
            files,
            snapshot.equipment_names,
            customers=snapshot.customers,
        )
        for tab, widget in self.later_tabs.made().items():
            self._fill_tab(tab, widget)
        self.timer.show_visit(visit.id, writable=writable)
        lists = snapshot.checklists
        self._title_checklist_tab(sum(c.done for c in lists), sum(c.total for c in lists))
        # A count only where there is something: empty tabs stay short, so all five
        # fit beside "Newest first" in the 500-px panel of a 1024-px screen.
        for tab, name, n in (
            (TAB_EQUIPMENT, self.tr("E&quipment"), len(assets)),
            (TAB_FILES, self.tr("Fil&es"), len(files)),
            (TAB_RELATED, self.tr("Re&lated"), len(others)),
        ):
            self.tabs.setTabText(tab, f"{name} ({n})" if n else name)
        self.stack.setCurrentIndex(1)
        self.work_actions.set_enabled(writable)
        self.work_actions["serial"].setEnabled(writable and bool(assets))
        self.work_actions["checklist"].setEnabled(True)  # reading it is fine on any visit

    def _title_checklist_tab(self, done: int, total: int) -> None:
        title = self.tr("Chec&klist ({done}/{total})").format(done=done, total=total)
        self.tabs.setTabText(TAB_CHECKLIST, title if total else self.tr("Chec&klist"))

    @Slot()
    def _checklist_saved(self) -> None:
        """An item was ticked or noted: the panel already shows it; the window catches up."""
        self._title_checklist_tab(*self.checklist.progress())
        self._saved_here()

    @Slot()
    def _saved_here(self) -> None:
        """A write the panel shows already (a tick, the timer): a re-read under way was
        read before it and would draw the visit without it, so it is dropped; the
        refresh this sets off reads it again."""
        self._asked = None
        self.changed.emit()

    @property
    def dialog(self) -> ActionDialog | None:
        """The work action's dialog open now, if any."""
        return self.writes.dialog

    @Slot()
    def _written(self) -> None:
        """A work action committed: show it here (scrolled to what was just written),
        then tell the window (lists, counts, sync)."""
        self.refresh()
        self.conversation.show_newest()
        self.changed.emit()

    @Slot(bool)
    def _set_newest_first(self, newest_first: bool) -> None:
        self.conversation.set_newest_first(newest_first)
        set_setting(self.db, NEWEST_FIRST_SETTING, "1" if newest_first else "0")

    def shutdown(self) -> None:
        """Stop background work (call before closing the database)."""
        self.background.shutdown()
        if self._reader is not None:
            self._reader.shutdown()
            self._reader = None
        self.timer.ticker.stop()
        self.conversation.tasks.shutdown()
        if self.dialog is not None:
            self.dialog.reject()

    # -- files dropped; links ------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        from desktop.visit.attach import local_files  # noqa: PLC0415 - at the first drag

        if self.visit is not None and not self.visit.gone and local_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        from desktop.visit.attach import local_files  # noqa: PLC0415 - see dragEnterEvent
        from desktop.visit.composer import NoteDialog  # noqa: PLC0415 - see writes.py

        files = local_files(event.mimeData())
        if not files:
            return
        event.acceptProposedAction()
        if isinstance(self.dialog, NoteDialog):
            self.dialog.tray.add_paths(files)
        else:
            self.writes.compose(public=False, files=files)

    @Slot(QUrl)
    def _open_link(self, url: QUrl) -> None:
        open_outside_link(self, url, self.messages, helpdesk=self.opener.helpdesk_url())

    # -- small things -------------------------------------------------------------------------
    @Slot()
    @Slot(str, int)
    def _request_asset_action(self, action: str, asset_id: int) -> None:
        if self.visit is not None and self.visit.gone is None:
            self.asset_action_requested.emit(action, self.visit.id, asset_id)

    def _request_draft(self) -> None:
        if self.visit is not None:
            self.draft_article_requested.emit(self.visit.id)

    @Slot()
    def _request_netcheck(self) -> None:
        if self.visit is not None:
            self.netcheck_requested.emit(self.visit.id)

    @Slot(str, str)
    def _on_copied(self, what: str, text: str) -> None:
        self.messages.info(self.tr("Copied {what}: {text}").format(what=what, text=text))

    @Slot(str, str)
    def _on_opened(self, what: str, text: str) -> None:
        self.messages.info(
            self.tr("Opening the {what} program: {text}").format(what=what, text=text)
        )

    @Slot()
    def _show_related_tab(self) -> None:
        self.show_tab(TAB_RELATED)

    def show_tab(self, index: int) -> None:
        """Open a tab with the focus in it, where its keys work: the checklist's items after
        Ctrl+Shift+C, not the visit list the keys came from."""
        self.tabs.setCurrentIndex(index)
        entry = self.checklist.keyboard_entry() if index == TAB_CHECKLIST else None
        (entry or first_field(self.tabs.currentWidget())).setFocus(
            Qt.FocusReason.ShortcutFocusReason
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        lines = event.size().height() / self.fontMetrics().lineSpacing()
        self.header.set_short(lines < SHORT_PANEL_LINES)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A tab's Alt key (Alt+K: Checklist, Alt+L: Related) opens it with the focus in it;
        the tab bar alone would switch the tab and leave the focus where it was."""
        bar = self.tabs.tabBar()
        if watched is bar and event.type() == QEvent.Type.Shortcut:
            handled = bar.event(event)
            self.show_tab(self.tabs.currentIndex())
            return handled
        return super().eventFilter(watched, event)


def first_field(container: QWidget) -> QWidget:
    """The first widget in ``container`` that Tab would stop at (its list, its tree…), in
    the focus chain's order; the container itself if it has none."""
    widget = container.nextInFocusChain()
    while widget is not container and widget is not None:
        if (
            container.isAncestorOf(widget)
            and widget.isVisibleTo(container)
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        ):
            return widget
        widget = widget.nextInFocusChain()
    return container
