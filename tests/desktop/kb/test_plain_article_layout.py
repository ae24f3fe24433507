"""A plain-text article reads as it was written: its headings bold and its causes a
bulleted list; its numbered steps keep their numbers as text (copied into a note, read
out by a screen reader). Its words stay words: markup in it is shown, never obeyed."""

from __future__ import annotations

from PySide6.QtGui import QTextDocument, QTextList

from desktop.common.safe_html import body_html
from desktop.kb.plain_layout import LAYOUT_MAX, article_layout

ARTICLE = """Symptoms
Outlook shows the sign-in window again and again.

Likely causes
- Stale saved credentials after a password change, in Windows
  Credential Manager.
- The token cache is broken.

Steps
1. Check the user can sign in to Outlook on the web.

2. Close Outlook. Remove the <MicrosoftOffice16> entries & retry.
3. Start Outlook, sign in once.

Notes
See the <script>alert(1)</script> article.
Printer: HP M404
Location: reception

Thanks
John"""


def document(text: str) -> QTextDocument:
    shown = QTextDocument()
    shown.setHtml(body_html(article_layout(text), "text/html"))
    return shown


def blocks(shown: QTextDocument) -> dict[str, tuple[bool, QTextList | None]]:
    """Each line's text: whether it is bold, and the list it belongs to."""
    out = {}
    block = shown.begin()
    while block.isValid():
        bold = any(
            fragment.fragment().charFormat().fontWeight() >= 600
            for fragment in block
            if fragment.fragment().isValid()
        )
        out[block.text()] = (bold, block.textList())
        block = block.next()
    return out


def test_headings_are_bold_and_causes_a_list() -> None:
    shown = document(ARTICLE)  # kept: its lists live as long as it does
    lines = blocks(shown)
    for heading in ("Symptoms", "Likely causes", "Steps", "Notes"):
        assert lines[heading][0], f"{heading} is not shown as a heading"
    for fact in ("Outlook shows the sign-in window again and again.", "Printer: HP M404",
                 "Thanks", "John"):  # fmt: skip
        assert not lines[fact][0], f"{fact} is shown as a heading"
    wrapped = "Stale saved credentials after a password change, in Windows Credential Manager."
    causes = lines[wrapped][1]  # the hand-wrapped cause is one item
    assert causes is not None and causes.count() == 2


def test_numbered_steps_keep_their_numbers_as_text() -> None:
    text = document(ARTICLE).toPlainText().splitlines()
    assert "1. Check the user can sign in to Outlook on the web." in text
    assert "3. Start Outlook, sign in once." in text


def test_words_stay_words() -> None:
    text = document(ARTICLE).toPlainText()
    assert "2. Close Outlook. Remove the <MicrosoftOffice16> entries & retry." in text
    assert "See the <script>alert(1)</script> article." in text


def test_a_huge_article_is_laid_out_only_as_far_as_it_is_shown() -> None:
    html = article_layout("- a cause\n" * (LAYOUT_MAX // 5))
    assert html.count("<li>") <= LAYOUT_MAX // len("- a cause\n") + 1
