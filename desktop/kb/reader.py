"""The article reader: sanitised HTML, no remote loads, its own back/forward history."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QUrl, Signal, Slot
from PySide6.QtWidgets import QTextBrowser, QWidget

from desktop.kb.links import article_id_of, is_external
from desktop.kb.render import FULL_TEXT_HREF


class ArticleReader(QTextBrowser):
    """Shows one article; clicks are reported, never followed by Qt itself."""

    article_clicked = Signal(int)
    external_clicked = Signal(QUrl)
    full_text_clicked = Signal()  # the article was cut short: show all of it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)  # never navigate by itself, never fetch
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._on_anchor)
        self.refused_loads: list[QUrl] = []  # what a hostile body asked to fetch
        self.current_id: int | None = None
        self._back: list[int] = []
        self._forward: list[int] = []

    def loadResource(self, kind: int, url: QUrl | str) -> Any:
        """Images, style sheets: nothing is ever loaded (a remote image is a beacon)."""
        self.refused_loads.append(QUrl(url))
        return None

    # -- history ---------------------------------------------------------------
    def show_article(self, article_id: int, html: str, *, record: bool = True) -> None:
        if record and self.current_id is not None and self.current_id != article_id:
            self._back.append(self.current_id)
            self._forward.clear()
        self.current_id = article_id
        self.setHtml(html)

    def can_go_back(self) -> bool:
        return bool(self._back)

    def can_go_forward(self) -> bool:
        return bool(self._forward)

    def step_back(self) -> int | None:
        """The article to show going back (the caller shows it with record=False)."""
        if not self._back or self.current_id is None:
            return None
        self._forward.append(self.current_id)
        return self._back.pop()

    def step_forward(self) -> int | None:
        if not self._forward or self.current_id is None:
            return None
        self._back.append(self.current_id)
        return self._forward.pop()

    def visited(self) -> set[int]:
        """The articles on screen and in the back/forward history."""
        shown = [] if self.current_id is None else [self.current_id]
        return {*self._back, *self._forward, *shown}

    def forget(self, article_id: int) -> None:
        """An article left the laptop (a published draft): drop it from the history."""
        self._back = [a for a in self._back if a != article_id]
        self._forward = [a for a in self._forward if a != article_id]
        if self.current_id == article_id:
            self.current_id = None
            self.clear()

    @Slot(QUrl)
    def _on_anchor(self, url: QUrl) -> None:
        article_id = article_id_of(url.toString())
        if url.toString() == FULL_TEXT_HREF:
            self.full_text_clicked.emit()
        elif article_id is not None:
            self.article_clicked.emit(article_id)
        elif is_external(url):
            self.external_clicked.emit(url)
