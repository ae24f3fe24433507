"""Draft a KB article, prefilled from a visit's subject and resolution."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from desktop.common.action_dialog import ActionDialog, VisitRef
from desktop.common.messages import MessageBridge
from desktop.common.screen_room import resize_within_screen
from desktop.common.text_box import text_box
from desktop.common.user_errors import attempt
from sync import outbox, workflow
from sync.store import kb
from sync.store import tickets as ticket_store

if TYPE_CHECKING:
    import sqlite_utils

RESOLUTION_NOTES = 3  # the last few notes usually hold what fixed it
# The note "Used on this visit" records: the article, not what fixed it.
ARTICLE_USED = outbox.article_used_text(0, "").partition("#")[0]  # "Used knowledge base article "
# A reply's greeting names the customer ("Hello Julie," "Dear Mrs Marsh,"), on a line of
# its own or ahead of the first sentence.  A plain name ("Julie, the fuser...") is left:
# it cannot be told from the first words of a sentence.
GREETING = re.compile(
    r"(?:hello|hi|hey|dear|good (?:morning|afternoon|evening))"
    r"(?:\s+[^\W\d_][\w'.-]*){0,3}\s*[,!:]\s*",
    re.IGNORECASE,
)


def resolution_of(db: sqlite_utils.Database, visit_id: int) -> str:
    """What fixed it, as the visit's last notes tell it, oldest first, as plain text.

    Only what people wrote: not the app's own notes (the checklist's table, the signed
    report with the signer's name, the timers' entries, escalations, the articles
    recorded as used).  The resolution without its "Resolution: " label, a reply
    without its greeting: the article is not written to the customer."""
    notes = [
        entry
        for entry in workflow.notes_people_wrote(db, visit_id)
        if not (entry.body or "").startswith(ARTICLE_USED)
    ]
    texts = [text for text in map(_fix_of, notes) if text]
    return "\n\n".join(texts[-RESOLUTION_NOTES:])


def _fix_of(entry: ticket_store.HistoryEntry) -> str:
    body = entry.body or ""
    text = (kb.plain_text(body) if entry.body_type == "text/html" else body).strip()
    text = text.removeprefix(workflow.RESOLUTION_PREFIX).strip()
    greeting = GREETING.match(text) if entry.type == "Correspond" else None
    if greeting is None:
        return text
    rest = text[greeting.end() :]
    return rest[:1].upper() + rest[1:]


class DraftArticleDialog(ActionDialog):
    """A work dialog like the visit's others: the visit named on its first line, Cancel
    and a big Save, Enter saves from the title, Ctrl+Enter from the text."""

    visit_word = "from"  # "Draft a knowledge-base article from #3 · Elmgrove…"

    def __init__(
        self,
        db: sqlite_utils.Database,
        messages: MessageBridge,
        *,
        visit_id: int | None,
        author: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            self.tr("Draft a knowledge-base article"),
            self.tr("Save draft"),
            self._save_draft,
            parent,
        )
        self.db = db
        self.messages = messages
        self.author = author
        self.visit_id = visit_id  # the published article links to it
        self.saved_id: int | None = None
        self.saved_title = ""
        resize_within_screen(self, 720, 560)

        self.title = QLineEdit()
        self.title.setAccessibleName(self.tr("Article title"))
        self.summary = QLineEdit()
        self.summary.setAccessibleName(self.tr("Article summary"))
        self.content = text_box()
        self.content.setAccessibleName(self.tr("Article text"))
        form = QFormLayout()
        form.addRow(self.tr("&Title:"), self.title)
        form.addRow(self.tr("S&ummary:"), self.summary)
        form.addRow(self.tr("Te&xt:"), self.content)

        note = QLabel(
            self.tr(
                "Saved on this laptop now; published to the knowledge base at the next sync. "
                "Remove customer names and passwords before saving."
            )
        )
        note.setWordWrap(True)
        self.body.addLayout(form, 1)
        self.body.addWidget(note)
        if visit_id is not None:
            self._prefill(visit_id)
        self.title.setFocus(Qt.FocusReason.OtherFocusReason)

    def _prefill(self, visit_id: int) -> None:
        visit = ticket_store.get_visit(db=self.db, ticket_id=visit_id)
        if visit is None:
            return
        if visit_id > 0:  # a ticket opened offline has no number yet
            self.belongs_to(VisitRef.of(visit))
        self.title.setText(visit.subject)
        self.summary.setText(
            self.tr("How visit #{id} was resolved.").format(id=visit_id)
            if visit_id > 0
            else self.tr("How a field visit was resolved.")
        )
        self.content.setPlainText(resolution_of(self.db, visit_id))

    def values(self) -> tuple[str, str, str]:
        return self.title.text(), self.summary.text(), self.content.toPlainText()

    def _save_draft(self, values: tuple[str, str, str]) -> bool:
        title, summary, content = values
        local_id = attempt(
            self.messages,
            lambda: outbox.draft_article(
                self.db, name=title, summary=summary, content=content, visit_id=self.visit_id
            ),
            saved=self.tr("Article draft saved; it is published at the next sync."),
        )
        if local_id is None:
            return False  # refused (no title, say): the message says why, the dialog stays
        self.saved_id, self.saved_title = local_id, title.strip()
        return True
