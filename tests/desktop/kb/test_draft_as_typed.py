"""A KB draft reads as the technician typed it, before and after its sync, and Back
never opens another draft under a published one's id."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlite_utils
from pytestqt.qtbot import QtBot

from desktop.kb import KnowledgeBaseView
from desktop.kb.draft_dialog import DraftArticleDialog
from sync import outbox
from sync.changes.article import as_html
from sync.connectors.base import RemoteArticle
from sync.profile import Profile
from sync.store import kb, open_database, transaction
from sync.store import tickets as ticket_store
from tests.desktop.gui_helpers import Said
from tests.desktop.kb import test_refused_draft_badge
from tests.sync.test_store import remote_ticket

VISIT = 7
TYPED = [
    "<Menu> > Setup > Service > Reset fuser counter",
    "Then press <OK> twice",
    "",
    "Check: smears < 2 mm & no ghosting",
]


@pytest.fixture
def db(profile: Profile) -> Iterator[sqlite_utils.Database]:
    database = open_database(profile.database_path)
    with transaction(database):
        ticket_store.apply_remote_ticket(database, remote_ticket(VISIT))
    yield database
    database.close()


view = test_refused_draft_badge.view  # the KB screen over this module's db


def saved_from_the_dialog(db: sqlite_utils.Database, said: Said, qtbot: QtBot) -> int:
    dialog = DraftArticleDialog(db, said.bridge, visit_id=VISIT, author="alice")
    qtbot.addWidget(dialog)
    dialog.title.setText("Fuser counter reset")
    dialog.content.setPlainText("\n".join(TYPED))
    assert dialog._save_draft(dialog.values())
    assert dialog.saved_id is not None
    return dialog.saved_id


def body_lines(view: KnowledgeBaseView) -> list[str]:
    """The reader's lines under the title and summary rule, no-break spaces as spaces."""
    lines = view.reader.toPlainText().replace("\u00a0", " ").split("\n")
    return [line.rstrip() for line in lines[lines.index("") + 1 :]]


def test_a_draft_reads_as_typed_before_and_after_its_sync(
    db: sqlite_utils.Database, view: KnowledgeBaseView, said: Said, qtbot: QtBot
) -> None:
    local_id = saved_from_the_dialog(db, said, qtbot)
    [row] = outbox.rows(db)
    assert row.payload["visit_id"] == VISIT, "the article is to be linked to its visit"

    assert view.open_article(local_id)
    assert body_lines(view) == TYPED
    assert [h.id for h in kb.search(db, "Menu")] == [local_id]

    # Published: RT's copy, the body sent, comes down in the place of the draft.
    with transaction(db):
        db.execute("DELETE FROM articles WHERE id = ?", [local_id])
        published = RemoteArticle(
            500, "Fuser counter reset", "", as_html("\n".join(TYPED)), "2026-12-01T10:00:00Z", False
        )
        kb.apply_remote_articles(db, [published])
    assert view.open_article(500)
    assert body_lines(view) == TYPED


def test_back_never_opens_another_draft_under_a_published_ones_id(
    db: sqlite_utils.Database, view: KnowledgeBaseView
) -> None:
    with transaction(db):
        kb.apply_remote_articles(
            db, [RemoteArticle(5, "Toner smears", "", "Shake it.", "2026-12-01T10:00:00Z", False)]
        )
    first = outbox.draft_article(db, name="Draft A", summary="", content="Draft A text")
    view.open_article(first)
    view.open_article(5)
    with transaction(db):  # published by a sync: it leaves the laptop
        db.execute("DELETE FROM articles WHERE id = ?", [first])
        db.execute("UPDATE outbox SET state = 'done'")
    view.refresh()
    outbox.draft_article(db, name="Draft B", summary="", content="Draft B text")

    view.go_back()

    assert "Draft B" not in view.reader.toPlainText()
    assert "Shake it." in view.reader.toPlainText()
    assert not view.back_action.isEnabled()
