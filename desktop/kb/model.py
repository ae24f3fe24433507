"""KB search results as a Qt list model: ranked hits with highlighted snippets."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.common.plain_tooltip import plain_tooltip
from desktop.common.theme import MARK, MARK_TEXT
from sync.shown_text import shown_text
from sync.store.kb import ArticleHit

Index = QModelIndex | QPersistentModelIndex
ARTICLE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SNIPPET_HTML_ROLE = Qt.ItemDataRole.UserRole + 2
IS_DRAFT_ROLE = Qt.ItemDataRole.UserRole + 3
BADGE_ROLE = Qt.ItemDataRole.UserRole + 4  # a draft's badge, as the user reads it; else None
DRAFT_BADGE = "draft — published on next sync"
REFUSED_BADGE = "draft — refused, see the Outbox"  # the helpdesk refused to publish it


def snippet_html(snippet: str, marks: tuple[str, str], highlight: str) -> str:
    """The snippet escaped, matched words highlighted (marks cannot occur in the text)."""
    escaped = html.escape(" ".join(shown_text(snippet).split()))
    return escaped.replace(
        marks[0], f"<span style='background-color:{highlight}; color:{MARK_TEXT}; font-weight:600'>"
    ).replace(marks[1], "</span>")


class KbResultsModel(QAbstractListModel):
    def __init__(self, marks: tuple[str, str] = ("[", "]")) -> None:
        super().__init__()
        self._hits: list[ArticleHit] = []
        self._marks = marks
        self.highlight = MARK

    def set_hits(self, hits: list[ArticleHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hit_at(self, row: int) -> ArticleHit:
        return self._hits[row]

    def row_of(self, article_id: int) -> int | None:
        for row, hit in enumerate(self._hits):
            if hit.id == article_id:
                return row
        return None

    def badge(self, hit: ArticleHit) -> str | None:
        """What a draft's row says of it: published at the next sync, or refused."""
        if not hit.is_draft:
            return None
        return self.tr(REFUSED_BADGE) if hit.refused else self.tr(DRAFT_BADGE)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return shown_text(hit.name)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            badge = self.badge(hit)
            draft = f" ({badge})" if badge else ""
            plain = hit.snippet.replace(self._marks[0], "").replace(self._marks[1], "")
            return shown_text(f"{hit.name}{draft}: {plain}")
        values: dict[int, Callable[[], Any]] = {
            Qt.ItemDataRole.ToolTipRole: lambda: plain_tooltip(hit.summary) or None,
            ARTICLE_ID_ROLE: lambda: hit.id,
            SNIPPET_HTML_ROLE: lambda: snippet_html(hit.snippet, self._marks, self.highlight),
            IS_DRAFT_ROLE: lambda: hit.is_draft,
            BADGE_ROLE: lambda: self.badge(hit),
        }
        value = values.get(role)
        return value() if value else None
