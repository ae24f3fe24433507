"""A huge or deeply nested article: part of it shows at once, all of it on request."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils
from PySide6.QtCore import QUrl
from pytestqt.qtbot import QtBot

from desktop.common.messages import MessageBridge
from desktop.kb import KnowledgeBaseView
from desktop.kb.render import FULL_TEXT_HREF
from sync.connectors.base import RemoteArticle
from sync.store import open_database, transaction
from sync.store.kb import apply_remote_articles

HUGE = "<p>" + "Check the fuser connector. " * 200_000 + "LAST LINE</p>"  # 5.4 MB
NESTED = "<table><tr><td>" * 400 + "deep advice" + "</td></tr></table>" * 400


@pytest.fixture
def view(tmp_path: Path, qtbot: QtBot) -> Iterator[KnowledgeBaseView]:
    db: sqlite_utils.Database = open_database(tmp_path / "fd.db")
    with transaction(db):
        apply_remote_articles(
            db,
            [
                RemoteArticle(1, "Fuser log dump", "", HUGE, "2026-11-01T00:00:00Z", False),
                RemoteArticle(2, "Vendor page", "", NESTED, "2026-11-01T00:00:00Z", False),
            ],
        )
    screen = KnowledgeBaseView(db, MessageBridge())
    qtbot.addWidget(screen)
    screen.resize(1000, 700)
    screen.show()
    yield screen
    screen.shutdown()
    db.close()


def test_a_huge_article_is_cut_and_shown_whole_on_request(
    view: KnowledgeBaseView, qtbot: QtBot
) -> None:
    assert view.open_article(1)
    shown = view.reader.toPlainText()
    assert "Only part of this article is shown here (5.4 MB in all)" in shown
    assert "LAST LINE" not in shown
    view.reader.anchorClicked.emit(QUrl(FULL_TEXT_HREF))
    dialog = view.full_text
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.ready, timeout=30_000)
    assert dialog.text.toPlainText().endswith("LAST LINE")
    assert dialog.windowTitle() == "Fuser log dump"
    dialog.close()


def test_a_deeply_nested_article_keeps_its_text(view: KnowledgeBaseView) -> None:
    assert view.open_article(2)
    assert "deep advice" in view.reader.toPlainText()
    assert view.reader.toHtml().count("<table") <= 4
    assert "Show all as plain text" not in view.reader.toPlainText()
