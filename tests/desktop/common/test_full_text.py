""" "Show all": a stranger's huge text is shown whole, and the window answers meanwhile.

Putting 2.5 million one-letter lines into a text view in one call held the GUI
thread 11 s; a body of that many lines is a few megabytes of anyone's mail.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from desktop.common.background import BackgroundTasks
from desktop.common.full_text import SHOWN_LINES_MAX, FullTextDialog


def open_dialog(qtbot: QtBot, body: str, content_type: str | None = None) -> FullTextDialog:
    tasks = BackgroundTasks()
    dialog = FullTextDialog("Whole message", body, content_type, tasks)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)  # pytest-qt closes it
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_short_text_is_shown_whole(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot, "<p>Fuser replaced.</p><p>Printer <b>back</b> online.</p>")
    qtbot.waitUntil(lambda: dialog.ready, timeout=10_000)
    assert dialog.text.toPlainText() == "Fuser replaced.\nPrinter back online."
    assert dialog.note.text().startswith("The whole text,")


def test_a_text_of_many_lines_goes_in_while_the_window_answers(qtbot: QtBot) -> None:
    lines = SHOWN_LINES_MAX + 100_000
    body = "".join(f"line {n}\n" for n in range(lines)).rstrip("\n")
    dialog = open_dialog(qtbot, body, "text/plain")
    # Part of it is on screen, and the user can read and scroll, before the rest is in.
    qtbot.waitUntil(lambda: dialog.note.text().startswith("Showing the text…"), timeout=30_000)
    assert 0 < dialog.text.document().blockCount() < SHOWN_LINES_MAX
    assert dialog.text.document().firstBlock().text() == "line 0"
    qtbot.waitUntil(lambda: dialog.ready, timeout=60_000)
    document = dialog.text.document()
    assert document.blockCount() == SHOWN_LINES_MAX
    assert document.lastBlock().text() == f"line {SHOWN_LINES_MAX - 1}"
    assert dialog.note.text().startswith(f"The first {SHOWN_LINES_MAX:,} of its {lines:,} lines")
    dialog.copy.click()
    copied = QGuiApplication.clipboard().text()
    assert copied.endswith(f"line {lines - 1}")  # "Copy all" copies what is not shown too
    assert copied.count("\n") == lines - 1


def test_closing_while_lines_go_in_stops_and_frees_it(qtbot: QtBot) -> None:
    tasks = BackgroundTasks()
    dialog = FullTextDialog("Whole message", "x\n" * 1_000_000, "text/plain", tasks)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.note.text().startswith("Showing the text…"), timeout=30_000)
    with qtbot.waitSignal(dialog.destroyed, timeout=10_000):
        dialog.close()
    tasks.shutdown()


def test_a_body_past_what_is_read_says_it_is_cut(qtbot: QtBot) -> None:
    body = "toner " * 1_100_000  # 6.6 MB in one line: read up to FULL_TEXT_MAX
    dialog = open_dialog(qtbot, body, "text/plain")
    qtbot.waitUntil(lambda: dialog.ready, timeout=60_000)
    assert dialog.note.text().startswith("The first 6.0 MB of the text")
    last = dialog.text.document().lastBlock().text()
    assert last == "✂ Only part of this text is shown here (6.6 MB in all)."
