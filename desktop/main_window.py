"""The FieldDesk main window: my visits, the selected visit, and sync."""

from __future__ import annotations

import html

from PySide6.QtCore import QSortFilterProxyModel, Qt, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QProgressBar,
    QSplitter,
    QTableView,
    QTextBrowser,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.models.visits import SORT_ROLE, VISIT_ID_ROLE, VisitsModel, due_text, short_time
from desktop.safe_html import body_html
from desktop.sync_controller import SyncController
from sync import outbox
from sync.account import NotSignedIn, load_account
from sync.engine import SyncReport
from sync.profile import Profile
from sync.store import assets as asset_store
from sync.store import open_database
from sync.store import tickets as ticket_store


class MainWindow(QMainWindow):
    def __init__(self, profile: Profile, *, sync_on_start: bool = False) -> None:
        super().__init__()
        self.profile = profile
        self.db = open_database(profile.database_path)
        self.setWindowTitle(self.tr("FieldDesk"))
        self.resize(1280, 800)
        self.sync_controller = SyncController(profile, self)
        self._closed = False
        self._build_toolbar()
        self._build_body()
        self._connect_sync()
        self.refresh()
        summary = self._account_summary()
        self.statusBar().showMessage(summary)
        # The title keeps saying who is signed in when the status bar moves on.
        self.setWindowTitle(self.tr("FieldDesk — {summary}").format(summary=summary))
        if sync_on_start and self._signed_in():
            self.start_sync()  # starts a worker thread; returns at once

    def _signed_in(self) -> bool:
        try:
            load_account(self.profile)
        except NotSignedIn:
            return False
        return True

    # -- layout ----------------------------------------------------------------
    def _build_toolbar(self) -> None:
        toolbar = QToolBar(self.tr("Sync"))
        toolbar.setMovable(False)
        self.addToolBar(toolbar)
        self.sync_action = QAction(self.tr("Sync now"), self)
        self.sync_action.setShortcut(QKeySequence("Ctrl+R"))
        self.sync_action.setToolTip(self.tr("Send your changes and fetch new ones (Ctrl+R)"))
        self.sync_action.triggered.connect(self.start_sync)
        toolbar.addAction(self.sync_action)
        self.cancel_action = QAction(self.tr("Cancel"), self)
        self.cancel_action.setEnabled(False)
        self.cancel_action.triggered.connect(self.sync_controller.cancel)
        toolbar.addAction(self.cancel_action)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setVisible(False)
        self.progress.setAccessibleName(self.tr("Sync progress"))
        toolbar.addWidget(self.progress)
        self.sync_state = QLabel()
        self.sync_state.setAccessibleName(self.tr("Sync state"))
        self.sync_state.setContentsMargins(12, 0, 12, 0)
        toolbar.addWidget(self.sync_state)

    def _build_body(self) -> None:
        self.model = VisitsModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setSortRole(SORT_ROLE)

        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filter visits: site, subject, status… (Ctrl+F)"))
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName(self.tr("Filter visits"))
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        find = QAction(self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(self.filter.setFocus)
        self.addAction(find)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.tr("My visits"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._show_selected)

        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.filter)
        column.addWidget(self.table)

        self.detail = QTextBrowser()
        self.detail.setAccessibleName(self.tr("Visit details"))
        self.detail.setOpenLinks(False)  # never navigate away, never fetch
        self.detail.setPlaceholderText(self.tr("Select a visit to see its details and history."))

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.detail)
        splitter.setSizes([760, 520])
        self.setCentralWidget(splitter)

    def _connect_sync(self) -> None:
        controller = self.sync_controller
        controller.started.connect(self._on_sync_started)
        controller.progressed.connect(self._on_sync_progress)
        controller.finished.connect(self._on_sync_finished)
        controller.failed.connect(self._on_sync_failed)

    # -- data ----------------------------------------------------------------------
    def refresh(self) -> None:
        selected = self._selected_id()
        self.model.set_visits(ticket_store.list_visits(self.db))
        pending = outbox.open_count(self.db)
        self.sync_state.setText(
            self.tr("{n} unsent change(s)").format(n=pending) if pending else self.tr("All sent")
        )
        if selected is not None:
            self._select(selected)
        elif self.proxy.rowCount():
            self.table.selectRow(0)

    def _selected_id(self) -> int | None:
        index = self.table.currentIndex()
        return int(index.data(VISIT_ID_ROLE)) if index.isValid() else None

    def _select(self, visit_id: int) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(VISIT_ID_ROLE) == visit_id:
                self.table.selectRow(row)
                return

    @Slot()
    def _show_selected(self) -> None:
        visit_id = self._selected_id()
        visit = ticket_store.get_visit(self.db, visit_id) if visit_id is not None else None
        if visit is None:
            self.detail.clear()
            return
        self.detail.setHtml(self._visit_html(visit))

    def _visit_html(self, visit: ticket_store.Visit) -> str:
        esc = html.escape
        due, overdue = due_text(visit.due)
        due_html = f"<span style='color:#c62828'>{esc(due)}</span>" if overdue else esc(due)
        address = esc(visit.address or "").replace("\n", "<br>")
        window = f"{esc(short_time(visit.visit_start))} to {esc(short_time(visit.visit_end))}"
        parts = [
            f"<h2>#{visit.id} {esc(visit.subject)}</h2>",
            f"<p><b>{esc(visit.site or '')}</b><br>{address}</p>",
            f"<p>{self.tr('Contact')}: {esc(visit.contact or '-')}</p>",
            f"<p>{self.tr('Visit')}: {window} · {self.tr('Status')}: <b>{esc(visit.status)}</b>"
            f" · {self.tr('Due')}: {due_html}"
            f" · {self.tr('Time worked')}: {visit.time_worked} min</p>",
        ]
        if visit.gone:
            parts.append(f"<p style='color:#c62828'>{esc(visit.gone)}</p>")
        equipment = asset_store.assets_of(self.db, visit.id)
        if equipment:
            rows = "".join(
                f"<li>{esc(a.name)}: {esc(a.model or '-')}, {self.tr('serial')} "
                f"{esc(a.serial or '-')}, {self.tr('warranty to')} {esc(a.warranty or '-')}</li>"
                for a in equipment
            )
            parts.append(f"<h3>{self.tr('Equipment')}</h3><ul>{rows}</ul>")
        parts.append(f"<h3>{self.tr('History')}</h3>")
        for entry in ticket_store.history(self.db, visit.id):
            if entry.body is None:
                continue
            unsent = f" <i>({self.tr('not yet sent')})</i>" if entry.id is None else ""
            minutes = f" · {entry.time_taken} min" if entry.time_taken else ""
            parts.append(
                f"<p style='color:#666'>{esc(entry.type)} · {esc(entry.creator or '')} · "
                f"{esc(short_time(entry.created))}{minutes}{unsent}</p>"
                + body_html(entry.body, entry.body_type)
                + "<hr>"
            )
        return "".join(parts)

    def _account_summary(self) -> str:
        try:
            account = load_account(self.profile)
        except NotSignedIn as reason:
            return self.tr("Not signed in: {reason}").format(reason=reason)
        return self.tr("Signed in as {user} at {url}").format(user=account.user, url=account.url)

    # -- sync ----------------------------------------------------------------------
    @Slot()
    def start_sync(self) -> None:
        self.sync_controller.start()

    @Slot()
    def _on_sync_started(self) -> None:
        self.sync_action.setEnabled(False)
        self.cancel_action.setEnabled(True)
        self.progress.setVisible(True)
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
        self.progress.setVisible(False)
        self.refresh()

    @Slot(object)
    def _on_sync_finished(self, report: SyncReport) -> None:
        self._sync_ended()
        if report.ok:
            message = self.tr("Synced: {sent} sent, {got} visit(s) updated").format(
                sent=report.pushed, got=report.tickets_pulled
            )
        elif report.offline:
            message = self.tr("Offline — your changes are kept and will be sent later")
        elif report.auth_failed:
            message = self.tr("The helpdesk needs you to sign in again; nothing was lost")
        elif report.cancelled:
            message = self.tr("Sync cancelled; it resumes where it stopped next time")
        else:
            message = self.tr("Sync incomplete: {error}").format(error=report.error)
        self.statusBar().showMessage(message)

    @Slot(str)
    def _on_sync_failed(self, message: str) -> None:
        self._sync_ended()
        self.statusBar().showMessage(self.tr("Sync failed: {message}").format(message=message))

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closed:
            self._closed = True
            # Our slots must not run on a closed database once the worker stops.
            self.sync_controller.finished.disconnect(self._on_sync_finished)
            self.sync_controller.failed.disconnect(self._on_sync_failed)
            self.sync_controller.shutdown()
            self.db.close()
        super().closeEvent(event)
