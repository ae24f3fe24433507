"""A plain-text article reads as it was written: its headings bold, its causes a bulleted
list and its steps numbered, a wrapped step indented under its number. Its words stay
words: markup in it is shown, never obeyed."""

from __future__ import annotations

from PySide6.QtGui import QTextDocument, QTextList

from desktop.common.safe_html import body_html
from desktop.kb.plain_layout import article_layout

ARTICLE = """Symptoms
Outlook shows the sign-in window again and again.

Likely causes
- Stale saved credentials after a password change.
- The token cache is broken.

Steps
1. Check the user can sign in to Outlook on the web.
2. Close Outlook. Remove the <MicrosoftOffice16> entries & retry.
3. Start Outlook, sign in once.

Notes
See the <script>alert(1)</script> article.
4. is not a step on its own: it does not count up from 1."""


def document(text: str) -> QTextDocument:
    shown = QTextDocument()
    shown.setHtml(body_html(article_layout(text), "text/html"))
    return shown


def blocks(shown: QTextDocument) -> list[tuple[str, bool, QTextList | None]]:
    """Each line: its text, whether it is bold, the list it belongs to."""
    out = []
    block = shown.begin()
    while block.isValid():
        bold = block.charFormat().fontWeight() >= 600 or any(
            fragment.fragment().charFormat().fontWeight() >= 600
            for fragment in block
            if fragment.fragment().isValid()
        )
        out.append((block.text(), bold, block.textList()))
        block = block.next()
    return out


def test_headings_are_bold_and_steps_and_causes_are_lists() -> None:
    shown = document(ARTICLE)  # kept: its lists live as long as it does
    lines = {text: (bold, listed) for text, bold, listed in blocks(shown)}
    for heading in ("Symptoms", "Likely causes", "Steps", "Notes"):
        assert lines[heading][0], f"{heading} is not shown as a heading"
    assert not lines["Outlook shows the sign-in window again and again."][0]
    causes = lines["The token cache is broken."][1]
    steps = lines["Start Outlook, sign in once."][1]
    assert causes is not None and steps is not None
    assert causes.count() == 2 and steps.count() == 3
    assert not causes.format().style().name.startswith("ListDecimal")
    assert steps.format().style().name == "ListDecimal"
    assert steps.itemText(steps.item(2)) == "3."


def test_words_stay_words() -> None:
    shown = document(ARTICLE)
    text = shown.toPlainText()
    assert "Remove the <MicrosoftOffice16> entries & retry." in text
    assert "See the <script>alert(1)</script> article." in text
    # a lone "4." that does not count up from 1 stays a line as written
    assert "4. is not a step on its own: it does not count up from 1." in text.splitlines()


def test_a_sentence_is_not_made_a_heading() -> None:
    lines = blocks(document("Restart the spooler.\nThen print a test page."))
    assert not any(bold for _text, bold, _list in lines)
