"""A visit with thousands of entries reads like a short one: the newest first-class.

A mail loop (an auto-responder answering the helpdesk's auto-reply) left ~3 000
entries on one ticket.  The panel drew all of them (300 ms of a frozen window, at
each note saved) and gave its size budget to the shortest messages first, so the
supervisor's newest handover note read "not shown here" under hundreds of
auto-replies.  Now the newest lines show, the loop is one line, and the earlier
entries come a page at a click.  What is counted here is what the technician sees
(lines, messages), never a time: ``bench/conversation_render.py`` times it.
"""

from __future__ import annotations

import re

import sqlite_utils
from PySide6.QtCore import QUrl
from pytestqt.qtbot import QtBot

from desktop.visit import VisitDetail
from desktop.visit.conversation import PAGE_LINES, conversation_html
from sync.profile import Profile
from sync.store.tickets import HistoryEntry
from tests.desktop.visit.local_visit import local_db, local_panel, seed
from tests.desktop.visit.mail_loop import HANDOVER, LOOPER, auto_reply, long_history, mail_loop

__all__ = ["local_db"]  # the fixture

TOO_LONG = "is not shown here: the conversation is too long"
AUTO_REPLY_WORDS = "This mailbox is not monitored"


def text_of(panel: VisitDetail) -> str:
    return panel.conversation.toPlainText()


def click(panel: VisitDetail, scheme: str) -> None:
    """Click the conversation's first link of ``scheme`` ("fdfold", "fdearlier")."""
    found = re.search(rf"href=\"({scheme}:[^\"]*)\"", panel.conversation.toHtml())
    assert found, f"no {scheme} link shown"
    panel.conversation.anchorClicked.emit(QUrl(found.group(1)))


def blocks(panel: VisitDetail) -> int:
    return panel.conversation.document().blockCount()


def test_the_supervisors_newest_note_shows_in_full_above_a_mail_loop(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    mail_loop(local_db, replies=2_916)  # each auto-reply shorter than the 1.1 KB note

    text = text_of(local_panel(qtbot, profile, local_db))

    assert HANDOVER in text
    assert "Internal note — Sam Okafor" in text
    assert TOO_LONG not in text  # nothing drawn as a stub in place of a message
    assert "The front-desk printer jams on every second page." in text  # the request too


def test_a_mail_loop_is_one_line_naming_the_count_and_sender_and_opens_at_a_click(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    mail_loop(local_db, replies=2_916)
    panel = local_panel(qtbot, profile, local_db)
    text = text_of(panel)

    assert text.count(f"2,916 near-identical messages from {LOOPER}") == 1
    assert AUTO_REPLY_WORDS not in text
    assert blocks(panel) < 300  # ~3 000 entries, a few dozen lines

    click(panel, "fdfold")
    text = text_of(panel)
    assert "Fold these 2,916 near-identical messages" in text
    assert 10 <= text.count(AUTO_REPLY_WORDS) <= PAGE_LINES  # the newest of them, not 2 916
    assert "earlier entries are not shown here" in text
    assert HANDOVER in text  # still whole: the newest entry
    assert blocks(panel) < 2_000

    click(panel, "fdfold")
    assert AUTO_REPLY_WORDS not in text_of(panel)


def test_show_more_reveals_the_earlier_entries_a_page_at_a_time(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    long_history(local_db, entries=3_000)  # all different: nothing folds
    panel = local_panel(qtbot, profile, local_db)

    def numbers() -> set[int]:
        return {int(n) for n in re.findall(r"(?:Check|Entry|Reply) (\d+)", text_of(panel))}

    first = numbers()
    assert 2_998 in first  # the newest note
    assert len(first) <= PAGE_LINES
    assert blocks(panel) < 4 * PAGE_LINES
    assert re.search(r"2,\d{3} earlier entries are not shown here\. ▸ Show more", text_of(panel))
    assert TOO_LONG not in text_of(panel)

    click(panel, "fdearlier")
    second = numbers()
    assert first < second  # the same, and earlier ones
    assert min(second) < min(first)
    assert len(second) <= 2 * PAGE_LINES
    click(panel, "fdearlier")
    assert min(numbers()) < min(second)


def test_newest_first_the_earlier_entries_are_offered_at_the_end(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    mail_loop(local_db, replies=2_916)
    panel = local_panel(qtbot, profile, local_db)
    panel.newest_first.setChecked(True)
    click(panel, "fdfold")  # the loop opened: more than a page

    text = text_of(panel)
    assert text.startswith("Internal note — Sam Okafor")
    assert text.rstrip().endswith("▸ Show more")


def test_an_ordinary_visit_has_no_fold_and_nothing_left_out(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    seed(local_db)  # 24 notes by bob, alike: a colleague's notes never fold
    text = text_of(local_panel(qtbot, profile, local_db))

    assert text.count("Internal note — bob") == 24
    assert "near-identical" not in text
    assert "earlier entr" not in text


def message(n: int, creator: str, body: str, kind: str = "Correspond") -> HistoryEntry:
    when = f"2026-11-23T14:{n % 60:02d}:00Z"
    return HistoryEntry(n, kind, when, creator, None, None, None, 0, body, "text/plain")


def test_a_strangers_name_in_the_fold_line_is_text_and_a_note_between_is_kept() -> None:
    sender = "<b onmouseover=x>boss</b>@x.example"
    history = [message(n, sender, auto_reply(n)) for n in range(1, 8)]
    history.append(message(8, "alice", "Called their IT: loop stopped.", "Comment"))
    history += [message(n, sender, auto_reply(n)) for n in range(9, 15)]

    page = conversation_html(history, {}, [])

    assert "<b onmouseover" not in page
    assert page.count("&lt;b onmouseover=x&gt;boss&lt;/b&gt;@x.example") == 2
    assert "7 near-identical messages" in page and "6 near-identical messages" in page
    assert "Called their IT: loop stopped." in page
    assert AUTO_REPLY_WORDS not in page


def test_different_mails_from_one_sender_do_not_fold() -> None:
    history = [
        message(n, "julie@acme.example", f"Day {n}: the printer {word} again.")
        for n, word in enumerate(["jams", "beeps", "smears", "is offline", "prints blank"], 1)
    ]

    page = conversation_html(history, {}, [])

    assert "near-identical" not in page
    assert all(f"Day {n}:" in page for n in range(1, 6))
