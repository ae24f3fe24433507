"""The knowledge-base screen over alice's real replica, driven like a user."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlite_utils
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.kb import DraftArticleDialog, KnowledgeBaseView
from desktop.kb.links import article_href, article_id_of, rewrite_article_links
from desktop.kb.model import (
    ARTICLE_ID_ROLE,
    IS_DRAFT_ROLE,
    SNIPPET_HTML_ROLE,
    KbResultsModel,
)
from devrt.instance import RunningRT
from sync import outbox
from sync.connectors.base import NewArticleRequest
from sync.profile import Profile
from sync.store import kb
from sync.store import tickets as ticket_store
from tests.desktop.gui_helpers import (
    Said,
    click_link,
    click_save,
    sync,
    when_dialog_opens,
)
from tests.integration.helpers import comments_with, connector

pytestmark = pytest.mark.rt

JAM = "HP LaserJet: clearing a 13.B2 paper jam"
RECURRING = "HP LaserJet M404/M428: recurring jams, rollers and fuser"
HOSTILE = "Imported vendor note: Zebra label printer calibration"


@pytest.fixture
def view(replica: sqlite_utils.Database, said: Said, qtbot: QtBot) -> Iterator[KnowledgeBaseView]:
    screen = KnowledgeBaseView(replica, said.bridge)
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    screen.show()
    yield screen
    screen.shutdown()


def type_query(qtbot: QtBot, view: KnowledgeBaseView, text: str) -> None:
    view.search.clear()
    with qtbot.waitSignal(view.results_shown, check_params_cb=lambda shown: shown == text):
        qtbot.keyClicks(view.search, text)


def open_by_title(qtbot: QtBot, view: KnowledgeBaseView, title: str) -> int:
    type_query(qtbot, view, title)
    qtbot.keyClick(view.search, Qt.Key.Key_Down)  # into the results, first one opens
    row = next(r for r in range(view.model.rowCount()) if view.model.hit_at(r).name == title)
    while view.results.currentIndex().row() != row:
        qtbot.keyClick(view.results, Qt.Key.Key_Down)
    assert view.reader.toPlainText().startswith(title)
    return view.model.hit_at(row).id


def test_typing_shows_ranked_hits_with_highlighted_snippets(
    view: KnowledgeBaseView, qtbot: QtBot
) -> None:
    replica = view.db
    type_query(qtbot, view, "paper jam")
    ranked = [h.id for h in kb.search(replica, "paper jam")]
    shown = [view.model.index(r).data(ARTICLE_ID_ROLE) for r in range(view.model.rowCount())]
    assert shown == ranked and len(shown) >= 2
    assert "jam" in view.model.index(0).data().lower()  # title matches rank first
    snippet = view.model.index(0).data(SNIPPET_HTML_ROLE)
    assert "font-weight:600'>paper</span>" in snippet.lower()  # matched words highlighted
    assert "articles, best match first" in view.summary.text()
    # Enter opens the best match in the reader.
    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert view.reader.toPlainText().startswith(view.model.index(0).data())


def test_no_match_and_empty_box_say_so(view: KnowledgeBaseView, qtbot: QtBot) -> None:
    type_query(qtbot, view, "qwxzv")
    assert view.model.rowCount() == 0 and "No article matches" in view.summary.text()
    # Where the list was: one line on what to try, not an empty pane.
    assert view.results_area.is_empty and not view.results.isVisible()
    assert "Nothing in the knowledge base matches “qwxzv”" in view.results_area.note.text()
    with qtbot.waitSignal(view.results_shown):
        view.search.clear()
    assert "articles on this laptop" in view.summary.text()
    assert "work offline too" in view.results_area.note.text()


def test_a_visit_selected_gets_its_likely_fixes_before_a_word_is_typed(
    view: KnowledgeBaseView, qtbot: QtBot
) -> None:
    visits = {v.subject: v.id for v in ticket_store.list_visits(view.db)}
    jams = visits["Front-desk printer jams on every second page"]

    with qtbot.waitSignal(view.results_shown):
        view.set_current_visit(jams)

    suggested = [view.model.hit_at(r).name for r in range(view.model.rowCount())]
    assert 1 <= len(suggested) <= 5
    # The subject says jams; the request quotes the printer's 13.B2.D1: both articles.
    assert {JAM, RECURRING} <= set(suggested[:3]), suggested
    assert f"Suggested for visit #{jams}, from its subject and 13.B2.D1." in view.summary.text()
    assert not view.results_area.is_empty
    qtbot.keyClick(view.search, Qt.Key.Key_Down)  # into the list: the first one opens
    assert view.reader.toPlainText().startswith(suggested[0])

    type_query(qtbot, view, "qwxzv")  # typing searches as before
    assert "No article matches" in view.summary.text()
    with qtbot.waitSignal(view.results_shown):
        view.search.clear()  # and the suggestions come back
    assert f"Suggested for visit #{jams}" in view.summary.text()

    with qtbot.waitSignal(view.results_shown):
        view.set_current_visit(None)
    assert view.model.rowCount() == 0 and "articles on this laptop" in view.summary.text()


def test_link_to_another_article_opens_it_and_back_forward_work(
    view: KnowledgeBaseView, qtbot: QtBot
) -> None:
    replica = view.db
    first = open_by_title(qtbot, view, JAM)
    target = kb.ids_by_name(replica, [RECURRING])[RECURRING]
    click_link(qtbot, view.reader, article_href(target))
    assert view.reader.current_id == target
    assert view.reader.toPlainText().startswith(RECURRING)
    assert view.back_action.isEnabled() and not view.forward_action.isEnabled()
    qtbot.keyClick(view.reader, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert view.reader.current_id == first and view.reader.toPlainText().startswith(JAM)
    qtbot.keyClick(view.reader, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert view.reader.current_id == target


def test_hostile_article_shows_only_text(view: KnowledgeBaseView, qtbot: QtBot) -> None:
    open_by_title(qtbot, view, HOSTILE)
    shown = view.reader.toHtml().lower()
    for bad in ("<script", "alert(", "evil.example", "onerror", "onclick", "<iframe", "javascript"):
        assert bad not in shown, bad
    assert "password" not in view.reader.toPlainText().lower()  # the fake login form is gone
    assert "always calibrate after changing label stock" in view.reader.toPlainText()
    assert view.reader.refused_loads == []  # nothing was even asked to load
    # The "our own article" link (a javascript trap in the source) now opens that article.
    click_link(qtbot, view.reader, "fielddesk://article/", "Zebra ZT411")
    assert view.reader.toPlainText().startswith("Zebra ZT411: faded print")


def test_rt_article_links_open_in_the_reader_and_outside_links_ask_first(
    rt: RunningRT,
    alice: Profile,
    view: KnowledgeBaseView,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    replica = view.db
    target = kb.ids_by_name(replica, [RECURRING])[RECURRING]
    boss = connector(rt, "supervisor")
    boss.create_article(
        NewArticleRequest(
            name="Printer triage index",
            summary="Where to start with a misbehaving printer.",
            content=(
                f'<p>Start with <a href="{rt.url}/Articles/Article/Display.html?id={target}">'
                "recurring jams</a>, or the URI form "
                f'<a href="fsck.com-article://example.com/article/{target}">same article</a>.'
                ' The <a href="https://vendor.example/guide?x=1">vendor guide</a> is outside.</p>'
            ),
        )
    )
    sync(alice)
    open_by_title(qtbot, view, "Printer triage index")
    click_link(qtbot, view.reader, "fielddesk://article/", "recurring jams")
    assert view.reader.current_id == target
    view.go_back()
    click_link(qtbot, view.reader, "fielddesk://article/", "same article")
    assert view.reader.current_id == target
    view.go_back()

    asked: list[str] = []
    opened: list[QUrl] = []
    answer = QMessageBox.StandardButton.Cancel

    def question(_parent: object, _title: str, text: str, *_args: object) -> object:
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    click_link(qtbot, view.reader, "vendor.example", "vendor guide")
    assert asked and "https://vendor.example/guide?x=1" in asked[0] and opened == []
    answer = QMessageBox.StandardButton.Open
    click_link(qtbot, view.reader, "vendor.example", "vendor guide")
    assert [u.toString() for u in opened] == ["https://vendor.example/guide?x=1"]
    assert view.reader.toPlainText().startswith("Printer triage index")  # never navigated


def test_used_this_article_reaches_rt_once_and_shows_in_the_visit(
    rt: RunningRT,
    alice: Profile,
    view: KnowledgeBaseView,
    said: Said,
    qtbot: QtBot,
) -> None:
    replica = view.db
    visit = ticket_store.list_visits(replica)[0]
    article_id = open_by_title(qtbot, view, JAM)
    assert not view.used_action.isEnabled()  # no visit open yet
    view.set_current_visit(visit.id)
    assert view.used_action.text().replace("&", "") == f"Used on visit #{visit.id}"
    with qtbot.waitSignal(view.changed):
        qtbot.keyClick(view.reader, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view.reader, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)  # again
    assert any("already recorded" in t for t in said.texts())
    text = outbox.article_used_text(article_id, JAM)
    rows = [r for r in outbox.rows(replica) if r.ticket_ref == visit.id]
    assert [r.payload["content"] for r in rows] == [text]
    history = [e for e in ticket_store.history(replica, visit.id) if e.body == text]
    assert len(history) == 1 and history[0].id is None  # in the visit, not yet sent

    sync(alice)
    sync(alice)
    assert len(comments_with(rt, visit.id, text)) == 1
    sent = [e for e in ticket_store.history(replica, visit.id) if (e.body or "").strip() == text]
    assert len(sent) == 1 and sent[0].id is not None


def test_draft_from_a_visit_is_published_on_sync(
    rt: RunningRT,
    alice: Profile,
    view: KnowledgeBaseView,
    said: Said,
    qtbot: QtBot,
) -> None:
    replica = view.db
    visit = next(
        v
        for v in ticket_store.list_visits(replica)
        if any(e.type == "Comment" for e in ticket_store.history(replica, v.id))
    )
    last_note = next(
        e.body for e in reversed(ticket_store.history(replica, visit.id)) if e.type == "Comment"
    )
    view.set_current_visit(visit.id)
    title = f"Field fix: {visit.subject}"

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, DraftArticleDialog)
        assert dialog.title.text() == visit.subject  # prefilled from the visit
        assert dialog.visit_line.text().startswith(f"#{visit.id}")  # and names it, as the others
        assert last_note and kb.plain_text(last_note).strip()[:30] in dialog.content.toPlainText()
        dialog.title.clear()
        qtbot.keyClicks(dialog.title, title)
        click_save(qtbot, dialog)

    when_dialog_opens(qtbot, fill)
    with qtbot.waitSignal(view.changed):
        qtbot.keyClick(
            view,
            Qt.Key.Key_D,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    # The box now holds the title: its results replace the visit's suggestions.
    qtbot.waitUntil(lambda: view.model.rowCount() > 0 and view.model.index(0).data() == title)
    assert view.model.index(0).data(IS_DRAFT_ROLE)
    assert view.reader.toPlainText().startswith(title)
    assert any("published at the next sync" in t for t in said.texts())

    sync(alice)
    published = connector(rt, "supervisor").find_article(title)
    assert published is not None
    view.refresh()
    qtbot.waitUntil(lambda: view.model.rowCount() > 0 and view.model.hit_at(0).id == published)
    assert not view.model.index(0).data(IS_DRAFT_ROLE)


def test_results_model_passes_qt_model_tester(
    replica: sqlite_utils.Database, qtmodeltester: ModelTester
) -> None:
    model = KbResultsModel()
    model.set_hits(kb.search(replica, "printer"))
    assert model.rowCount() > 0
    qtmodeltester.check(model)


@pytest.mark.parametrize(
    ("href", "article"),
    [
        ("/Articles/Article/Display.html?id=12", 12),
        ("https://rt.example.com/rt/Articles/Article/Display.html?id=7&amp;x=1", 7),
        ("http://rt.example.com/Articles/Article/Display.html?Class=1&id=33", 33),
        ("fsck.com-article://example.com/article/5", 5),
        ("fielddesk://article/9", 9),
        ("https://vendor.example/Articles/guide.html", None),
        ("javascript:alert(1)", None),
    ],
)
def test_article_link_forms(href: str, article: int | None) -> None:
    assert article_id_of(href) == article
    rewritten = rewrite_article_links(f'<a href="{href}">x</a>')
    expected = f'<a href="{article_href(article)}">x</a>' if article else f'<a href="{href}">x</a>'
    assert rewritten == expected
