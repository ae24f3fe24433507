"""A KB draft the helpdesk refused says so in the results, and where to act: it is not
"published on next sync" while the Outbox says RT refused it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlite_utils
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from desktop.kb import KnowledgeBaseView
from sync import outbox
from sync.profile import Profile
from sync.store import kb, open_database
from tests.desktop.gui_helpers import Said

TITLE = "Fuser error 50.4 on the M404"


@pytest.fixture
def db(profile: Profile) -> Iterator[sqlite_utils.Database]:
    database = open_database(profile.database_path)
    yield database
    database.close()


@pytest.fixture
def view(db: sqlite_utils.Database, said: Said, qtbot: QtBot) -> Iterator[KnowledgeBaseView]:
    screen = KnowledgeBaseView(db, said.bridge)
    qtbot.addWidget(screen)
    screen.resize(1100, 700)
    screen.show()
    yield screen
    screen.shutdown()


def shown_row(qtbot: QtBot, view: KnowledgeBaseView) -> tuple[str, str]:
    """The first result as painted, and as a screen reader says it."""
    view.search.clear()
    qtbot.keyClicks(view.search, "fuser")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=5_000)
    index = view.model.index(0)
    option = QStyleOptionViewItem()
    option.initFrom(view.results)
    option.rect = view.results.visualRect(index)
    delegate = view.results.itemDelegate()
    painted = delegate._document(option, index).toPlainText()  # type: ignore[attr-defined]
    return painted, str(index.data(Qt.ItemDataRole.AccessibleTextRole))


def draft(db: sqlite_utils.Database) -> outbox.OutboxRow:
    outbox.draft_article(db, name=TITLE, summary="", content="Replace the fuser unit.")
    (row,) = outbox.rows(db)
    return row


def test_a_refused_draft_says_refused_and_points_to_the_outbox(
    view: KnowledgeBaseView, db: sqlite_utils.Database, qtbot: QtBot
) -> None:
    row = draft(db)
    painted, spoken = shown_row(qtbot, view)
    assert "draft — published on next sync" in painted  # waiting: it goes at the next sync

    outbox.mark_rejected(db, row.seq, "Permission Denied: CreateArticle", "no_right")
    painted, spoken = shown_row(qtbot, view)
    for said in (painted, spoken):
        assert "draft — refused, see the Outbox" in said
        assert "published" not in said

    outbox.retry(db, row.seq)  # the right granted, the user retried
    painted, spoken = shown_row(qtbot, view)
    assert "draft — published on next sync" in painted and "refused" not in spoken


def test_the_search_says_which_drafts_were_refused(db: sqlite_utils.Database) -> None:
    row = draft(db)
    outbox.draft_article(db, name="Fuser fan noise", summary="", content="Clean the fan.")
    outbox.mark_rejected(db, row.seq, "Permission Denied", "no_right")
    hits = {hit.name: hit for hit in kb.search(db, "fuser")}
    assert hits[TITLE].is_draft and hits[TITLE].refused
    assert hits["Fuser fan noise"].is_draft and not hits["Fuser fan noise"].refused
