"""Hovering an article shows its summary as written: an imported article's markup is
text there, never an image loaded from this laptop."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from desktop.kb.model import KbResultsModel
from sync.store.kb import ArticleHit
from tests.desktop.common.shown_as_qt_would import hostile_image, tooltip_shows


def test_an_articles_summary_tooltip_shows_its_markup_as_text(tmp_path: Path) -> None:
    summary = f"{hostile_image(tmp_path)} Reset the fuser\nthen print a test page"
    model = KbResultsModel()
    model.set_hits(
        [
            ArticleHit(1, "Fuser error 50.4", summary, "[fuser] error", False),
            ArticleHit(2, "Paper jams", "", "paper [jams]", False),
        ]
    )
    assert tooltip_shows(model.index(0).data(Qt.ItemDataRole.ToolTipRole)) == summary
    assert model.index(1).data(Qt.ItemDataRole.ToolTipRole) is None  # no empty tooltip
