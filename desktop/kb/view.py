"""The knowledge-base screen: search as you type, read, follow links, record use.

With nothing typed, the screen suggests the articles that best match the subject of
the visit selected in My visits and the error codes its request quotes
(``sync.kb_suggest``): a technician who opens the KB mid-visit sees the likely fixes
before typing a word.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QSize, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.common.background import BackgroundTasks
from desktop.common.empty_state import EmptyState
from desktop.common.full_text import FullTextDialog
from desktop.common.icons import icon
from desktop.common.messages import MessageBridge
from desktop.common.outside_links import open_outside_link
from desktop.common.spoken import show_text
from desktop.common.user_errors import attempt
from desktop.kb.delegate import HitDelegate
from desktop.kb.draft_dialog import DraftArticleDialog
from desktop.kb.model import ARTICLE_ID_ROLE, KbResultsModel
from desktop.kb.reader import ArticleReader
from desktop.kb.render import article_html
from desktop.kb.search import MARK_CLOSE, MARK_OPEN, search_controller
from sync import outbox
from sync.kb_suggest import suggestion_query
from sync.store import kb
from sync.store import tickets as ticket_store
from sync.store.database import database_file
from sync.store.kb import ArticleHit
from sync.store.settings import get_setting
from sync.words import plural

if TYPE_CHECKING:
    import sqlite_utils

# The screen's keys work wherever the focus is in the window while the screen shows
# (the rail, after Ctrl+<n>): Qt ignores the shortcut of an action on a hidden screen.
SHORTCUT_CONTEXT = Qt.ShortcutContext.WindowShortcut
SUGGESTIONS = 5  # articles offered for the selected visit before anything is typed


class KnowledgeBaseView(QWidget):
    changed = Signal()  # after each committed local write (article used, draft saved)
    results_shown = Signal(str)  # the query whose results are now on screen (tests, benchmark)

    def __init__(
        self, db: sqlite_utils.Database, messages: MessageBridge, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.messages = messages
        self.visit_id: int | None = None
        self._suggested_for = ""  # the query of the suggestions asked for
        self._suggested_visit: int | None = None  # the visit they are for
        self._suggested_codes: list[str] = []  # the codes of its request searched for too
        self.last_query_seconds = 0.0
        self.search_controller = search_controller(database_file(db), db, self)
        self.search_controller.found.connect(self._show_results)
        self._build()
        self._update_actions()
        self._say_idle()

    # -- layout --------------------------------------------------------------------
    def _build(self) -> None:
        self.search = QLineEdit()
        self.search.setPlaceholderText(
            self.tr("Search the knowledge base: symptom, error code, model… (Ctrl+K)")
        )
        self.search.setAccessibleName(self.tr("Search the knowledge base"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumHeight(36)
        self.search.textChanged.connect(self._on_text_changed)
        self.search.returnPressed.connect(self._open_first)
        self.search.installEventFilter(self)
        self.summary = self._summary_label()

        self.model = KbResultsModel((MARK_OPEN, MARK_CLOSE))
        self.results = QListView()
        self.results.setModel(self.model)
        self.results.setItemDelegate(HitDelegate(self.results))
        self.results.setUniformItemSizes(True)
        self.results.setAccessibleName(self.tr("Matching articles"))
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results.selectionModel().currentChanged.connect(self._open_current)
        self.results.activated.connect(self._open_index)

        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.search)
        column.addWidget(self.summary)
        self.results_area = EmptyState(self.results)
        column.addWidget(self.results_area, 1)

        self.reader = ArticleReader()
        self.reader.setAccessibleName(self.tr("Article"))
        self.reader.setPlaceholderText(self.tr("Pick an article to read it here."))
        self.reader.article_clicked.connect(self.open_article)
        self.reader.external_clicked.connect(self._open_external)
        self.reader.full_text_clicked.connect(self.show_full_text)
        self.tasks = BackgroundTasks(self)
        self.full_text: FullTextDialog | None = None  # the last "show all" opened

        right = QWidget()
        reading = QVBoxLayout(right)
        reading.setContentsMargins(0, 0, 0, 0)
        reading.addLayout(self._reader_bar())
        reading.addWidget(self.reader, 1)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([500, 780])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        find = self._action(self.tr("Search"), "Ctrl+K", self._focus_search)
        self.addAction(find)

    def _summary_label(self) -> QLabel:
        summary = QLabel()
        summary.setWordWrap(True)  # a long line wraps; it never widens the results' column
        return summary

    def _say_summary(self, text: str) -> None:
        show_text(self.summary, self.tr("Search summary"), text)

    def _action(self, text: str, shortcut: str, slot: object, icon_name: str = "") -> QAction:
        action = QAction(icon(icon_name) if icon_name else icon("kb"), text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(SHORTCUT_CONTEXT)
        sequence = QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{text.replace('&', '')} ({sequence})")
        action.triggered.connect(slot)
        return action

    def _button(self, action: QAction) -> QToolButton:
        button = QToolButton()
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setMinimumHeight(36)
        button.setIconSize(QSize(20, 20))
        button.setAccessibleName(action.text().replace("&", ""))
        return button

    def _reader_bar(self) -> QHBoxLayout:
        self.back_action = self._action(self.tr("Back"), "Alt+Left", self.go_back, "back")
        self.forward_action = self._action(
            self.tr("Forward"), "Alt+Right", self.go_forward, "forward"
        )
        self.used_action = self._action(
            self.tr("&Used on this visit"), "Ctrl+U", self.record_used, "link"
        )
        self.draft_action = self._action(
            self.tr("&Draft article…"), "Ctrl+Shift+D", self.draft_article, "draft"
        )
        bar = QHBoxLayout()
        for action in (self.back_action, self.forward_action):
            self.addAction(action)
            bar.addWidget(self._button(action))
        bar.addStretch(1)
        for action in (self.used_action, self.draft_action):
            self.addAction(action)
            bar.addWidget(self._button(action))
        return bar

    # -- public API ---------------------------------------------------------------
    def set_current_visit(self, visit_id: int | None) -> None:
        """The visit the technician is working on ("used on visit #N" goes there; with
        nothing typed, the articles suggested are for it)."""
        self.visit_id = visit_id
        self._update_actions()
        if not self._typed() and self.isVisible():  # else when shown (refresh)
            self._suggest()

    def refresh(self) -> None:
        """Re-run the current search (after a sync: drafts became articles)."""
        # Articles that left the laptop (published drafts, those RT no longer lists)
        # leave the history too: Back then never warns of one gone.
        for article_id in self.reader.visited():
            if kb.get_article(self.db, article_id) is None:
                self.reader.forget(article_id)
        self._on_text_changed(self.search.text())
        self._update_actions()

    def shutdown(self) -> None:
        """Stop the search thread (the window is closing)."""
        self.search_controller.shutdown()
        self.tasks.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    # -- searching ------------------------------------------------------------------
    def _typed(self) -> bool:
        return kb.fts_query(self.search.text()) is not None

    @Slot(str)
    def _on_text_changed(self, text: str) -> None:
        if kb.fts_query(text) is None:
            self._suggest()
            return
        self.search_controller.search(text)

    def _suggest(self) -> None:
        """Nothing typed: search for the selected visit (its subject and the codes its
        request quotes), or say how to search."""
        visit = ticket_store.get_visit(self.db, self.visit_id) if self.visit_id else None
        codes: list[str] = []
        if visit is None:
            query = ""
        else:
            request = ticket_store.request_start(self.db, visit.id)
            query, codes = suggestion_query(visit.subject or "", kb.plain_text(request))
        if kb.fts_query(query) is None:
            self._suggested_for = ""
            self.model.set_hits([])
            self._say_idle()
            self.results_shown.emit(self.search.text())
            return
        self._suggested_for, self._suggested_visit = query, self.visit_id
        self._suggested_codes = codes
        self.search_controller.search(query)

    @Slot(str, object, float)
    def _show_results(self, text: str, hits: list[ArticleHit], seconds: float) -> None:
        if text != self.search.text():
            if text == self._suggested_for and not self._typed():
                self._show_suggestions(hits)
            return  # else typed on meanwhile; the newer results are on their way
        self.last_query_seconds = seconds
        self.model.set_hits(hits)
        if hits:
            more = "+" if len(hits) >= 50 else ""
            self._say_summary(
                self.tr("{articles}, best match first").format(
                    articles=plural(len(hits), self.tr("article"), self.tr("articles")) + more
                )
            )
        else:
            self._say_summary(self.tr("No article matches “{text}”.").format(text=text))
        self.results_area.set_empty(
            not hits,
            self.tr(
                "Nothing in the knowledge base matches “{text}”. Try fewer words, an error "
                "code or a model; or draft an article from a visit once you have the fix."
            ).format(text=text),
        )
        self.results.viewport().repaint()  # on screen now, not at the next idle moment
        self.results_shown.emit(text)

    def _show_suggestions(self, hits: list[ArticleHit]) -> None:
        if not hits:
            self.model.set_hits([])
            self._say_idle()
        else:
            self.model.set_hits(hits[:SUGGESTIONS])
            codes = ", ".join(self._suggested_codes)
            said = (
                self.tr("Suggested for visit #{id}, from its subject and {codes}.")
                if codes
                else self.tr("Suggested for visit #{id}, from its subject.")
            )
            self._say_summary(
                said.format(id=self._suggested_visit, codes=codes)
                + " "
                + self.tr("Type to search for anything else.")
            )
            self.results_area.set_empty(False)
        self.results_shown.emit(self.search.text())

    def _say_idle(self) -> None:
        count = kb.article_count(self.db)
        articles = plural(count, self.tr("article"), self.tr("articles"))
        self._say_summary(
            self.tr("{articles} on this laptop: type to search.").format(articles=articles)
        )
        self.results_area.set_empty(
            True,
            self.tr(
                "Search fixes, error codes and procedures: the {articles} on this laptop "
                "work offline too. Type a symptom, an error code or a model above."
            ).format(articles=articles)
            if count
            else self.tr("The knowledge base is empty on this laptop: sync (Ctrl+R) to fetch it."),
        )

    def focus_first(self) -> None:
        """The screen shown (Ctrl+2): the focus in the search box, ready to type."""
        self._focus_search()

    @Slot()
    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def eventFilter(self, watched: object, event: object) -> bool:
        # Down arrow in the search box moves into the results (keyboard-only use).
        from PySide6.QtCore import QEvent  # noqa: PLC0415 - only needed here
        from PySide6.QtGui import QKeyEvent  # noqa: PLC0415

        if (
            watched is self.search
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Down
            and self.model.rowCount()
        ):
            self.results.setFocus()
            self.results.setCurrentIndex(self.model.index(0))
            return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    # -- reading ----------------------------------------------------------------------
    @Slot()
    def _open_first(self) -> None:
        if self.model.rowCount():
            self.results.setCurrentIndex(self.model.index(0))

    @Slot(QModelIndex, QModelIndex)
    def _open_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._open_index(current)

    @Slot(QModelIndex)
    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_article(int(index.data(ARTICLE_ID_ROLE)))

    @Slot(int)
    def open_article(self, article_id: int, *, record: bool = True) -> bool:
        article = kb.get_article(self.db, article_id)
        if article is None:
            self.messages.warning(
                self.tr(
                    "Article #{id} is not on this laptop: it may not be in the field "
                    "knowledge base, or it arrives with the next sync."
                ).format(id=article_id)
            )
            return False
        self.reader.show_article(
            article_id,
            article_html(article, lambda names: kb.ids_by_name(self.db, names)),
            record=record,
        )
        self._update_actions()
        return True

    @Slot()
    def go_back(self) -> None:
        target = self.reader.step_back()
        if target is not None:
            self.open_article(target, record=False)

    @Slot()
    def go_forward(self) -> None:
        target = self.reader.step_forward()
        if target is not None:
            self.open_article(target, record=False)

    @Slot(QUrl)
    def _open_external(self, url: QUrl) -> None:
        """Outside links open in the system browser, only after the user saw the address."""
        open_outside_link(self, url, self.messages)

    @Slot()
    def show_full_text(self) -> None:
        article = kb.get_article(self.db, self.reader.current_id or 0)
        if article is not None:
            self.full_text = FullTextDialog(article.name, article.content, None, self.tasks, self)
            self.full_text.show()

    # -- writing ------------------------------------------------------------------------
    def _update_actions(self) -> None:
        self.back_action.setEnabled(self.reader.can_go_back())
        self.forward_action.setEnabled(self.reader.can_go_forward())
        current = self.reader.current_id
        usable = self.visit_id is not None and current is not None and current > 0
        self.used_action.setEnabled(usable)
        label = (
            self.tr("&Used on visit #{id}").format(id=self.visit_id)
            if self.visit_id is not None
            else self.tr("&Used on this visit")
        )
        self.used_action.setText(label)
        self.used_action.setToolTip(
            self.tr("Record on the visit that this article helped (Ctrl+U)")
            if self.visit_id is not None
            else self.tr("Open a visit first to record that this article helped (Ctrl+U)")
        )

    @Slot()
    def record_used(self) -> None:
        article_id, visit_id = self.reader.current_id, self.visit_id
        if article_id is None or visit_id is None:
            return
        author = get_setting(self.db, "user") or ""

        def link() -> str:
            # "" = already recorded there (attempt() returns None on an error).
            return outbox.link_article(self.db, visit_id, article_id, author=author) or ""

        result = attempt(self.messages, link)
        if result is None:
            return
        if not result:
            self.messages.info(
                self.tr("This article is already recorded on visit #{id}.").format(id=visit_id)
            )
            return
        self.messages.info(
            self.tr("Recorded on visit #{id}; it will be sent at the next sync.").format(
                id=visit_id
            )
        )
        self.changed.emit()

    @Slot()
    def draft_article(self) -> None:
        dialog = DraftArticleDialog(
            self.db,
            self.messages,
            visit_id=self.visit_id,
            author=get_setting(self.db, "user") or "",
            parent=self,
        )
        if dialog.exec() and dialog.saved_id is not None:
            self.changed.emit()
            self.search.setText(dialog.saved_title)  # shows it, marked as a draft
            self.open_article(dialog.saved_id)
