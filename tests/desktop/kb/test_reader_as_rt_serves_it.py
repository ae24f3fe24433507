"""The KB reader shows an article as written, whichever RT release served it.

A fresh RT 5.0.7 serves a plain-text article escaped ("Settings &gt; Bluetooth &amp;
devices", its Content field being HTML), 5.0.3 as written; a draft published from here is
HTML on both.  The reader shows "Settings > Bluetooth & devices", line for line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils
from pytestqt.qtbot import QtBot

from desktop.common.messages import MessageBridge
from desktop.kb import KnowledgeBaseView
from sync.connectors.rt_convert import article_from_json
from sync.store import open_database, transaction
from sync.store.kb import apply_remote_articles
from tests.rt_article_shapes import (
    BLUETOOTH_LINE,
    DRAFT_BODY_AS_SERVED,
    ESCAPED_BODY,
    PLAIN_BODY,
    PRINT_QUEUE,
    article_json,
)

FROM_RT_503, FROM_RT_507, DRAFT = 5, 105, 45


@pytest.fixture
def view(tmp_path: Path, qtbot: QtBot) -> Iterator[KnowledgeBaseView]:
    db: sqlite_utils.Database = open_database(tmp_path / "fd.db")
    served = [
        article_json(FROM_RT_503, PRINT_QUEUE, PLAIN_BODY),
        article_json(FROM_RT_507, f"{PRINT_QUEUE} (RT 5.0.7)", ESCAPED_BODY),
        article_json(DRAFT, "Bluetooth printers", DRAFT_BODY_AS_SERVED),
    ]
    with transaction(db):
        apply_remote_articles(db, [article_from_json(item) for item in served])
    screen = KnowledgeBaseView(db, MessageBridge())
    qtbot.addWidget(screen)
    screen.resize(1000, 700)
    screen.show()
    yield screen
    screen.shutdown()
    db.close()


def shown_lines(view: KnowledgeBaseView, article_id: int) -> list[str]:
    assert view.open_article(article_id)
    return view.reader.toPlainText().splitlines()


def test_a_plain_text_article_from_rt_507_shows_as_from_rt_503(view: KnowledgeBaseView) -> None:
    from_503 = shown_lines(view, FROM_RT_503)
    from_507 = shown_lines(view, FROM_RT_507)

    assert BLUETOOTH_LINE in from_507
    assert from_507[1:] == from_503[1:]  # all but the title


def test_a_draft_published_from_here_shows_as_typed(view: KnowledgeBaseView) -> None:
    lines = shown_lines(view, DRAFT)

    assert "Settings > Bluetooth & devices" in lines
    assert "  two  spaces <OK>" in lines  # its spaces kept
