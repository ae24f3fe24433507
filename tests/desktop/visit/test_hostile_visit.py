"""A hostile visit in the panel: files in disguise, deceptive links, huge bodies (issue 14).

No helpdesk needed: the replica is made here (``tests.hostile_replica``), its
files already "downloaded".
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QStandardPaths, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QToolTip
from pytestqt.qtbot import QtBot

from desktop.common.messages import MessageBridge
from desktop.visit import VisitDetail
from desktop.visit.conversation import conversation_html
from desktop.visit.file_opener import Choice, ask_before_opening
from sync.account import Account, save_account
from sync.connectors.base import RemoteTransaction
from sync.profile import Profile
from sync.store import tickets as ticket_store
from sync.store import transaction
from tests.desktop.common.hostile_html import message
from tests.hostile_replica import HELPDESK, VISIT_ID, HostileVisit, hostile_replica

RLO = "\u202e"


@pytest.fixture
def hostile(profile: Profile) -> Iterator[HostileVisit]:
    save_account(profile, Account(url=HELPDESK, user="alice", auth="token"), "token")
    visit = hostile_replica(profile.database_path, profile.attachments_dir / str(VISIT_ID))
    yield visit
    visit.db.close()


@pytest.fixture
def panel(hostile: HostileVisit, profile: Profile, qtbot: QtBot) -> Iterator[VisitDetail]:
    widget = VisitDetail(hostile.db, profile, MessageBridge())
    qtbot.addWidget(widget)
    widget.resize(800, 700)
    widget.show()
    widget.show_visit(VISIT_ID)
    yield widget
    widget.shutdown()


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """What the panel hands to the operating system to open."""
    urls: list[Path] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: urls.append(Path(url.toLocalFile())) or True
    )
    return urls


@pytest.fixture
def asked(panel: VisitDetail) -> list[tuple[str, Path]]:
    """The "open this file?" questions, answered Cancel."""
    questions: list[tuple[str, Path]] = []

    def ask(_parent: object, name: str, path: Path) -> Choice:
        questions.append((name, path))
        return Choice.CANCEL

    panel.opener.ask = ask
    return questions


def test_documents_open_at_once_programs_in_disguise_only_after_a_question(
    panel: VisitDetail,
    hostile: HostileVisit,
    opened: list[Path],
    asked: list[tuple[str, Path]],
    qtbot: QtBot,
) -> None:
    scan = hostile.with_file("scan-0042.pdf")
    panel.opener.open_file(scan)
    qtbot.waitUntil(lambda: bool(opened))  # a decrypted copy, made off the GUI thread
    assert [p.name for p in opened] == ["scan-0042.pdf"] and asked == []

    for name in ("invoice.pdf.exe", "Quarterly report.lnk", "update.hta", "fix.desktop"):
        panel.opener.open_file(hostile.with_file(name))
    panel.opener.open_file(hostile.with_file(f"contract-{RLO}fdp.exe"))
    assert len(opened) == 1, "nothing but the PDF was opened"
    assert [path.suffix for _name, path in asked] == [".exe", ".lnk", ".hta", ".desktop", ".exe"]

    assert not panel.background.busy, "nothing was decrypted for a file not opened"
    panel.opener.ask = lambda *_args: Choice.OPEN  # the user insists
    panel.opener.open_file(hostile.keys["invoice.pdf.exe"])
    qtbot.waitUntil(lambda: len(opened) == 2)
    assert opened[-1].name == "invoice.pdf.exe"


def test_the_question_names_the_real_extension_as_plain_text(
    panel: VisitDetail, qtbot: QtBot
) -> None:
    shown: list[QMessageBox] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        shown.append(box)
        box.reject()

    QTimer.singleShot(0, answer)
    choice = ask_before_opening(
        panel, f"<b>contract-{RLO}fdp.exe</b>", Path("/x/1-contract-fdp.exe")
    )
    assert choice is Choice.CANCEL
    [box] = shown
    assert box.textFormat().name == "PlainText"
    assert "“<b>contract-fdp.exe</b>”" in box.text()  # no right-to-left trick, no markup
    assert "it is a .exe file" in box.text()
    assert any(b.text() == "Open .exe file anyway" for b in box.buttons())


def test_files_from_the_helpdesk_are_marked_as_downloaded(
    panel: VisitDetail, hostile: HostileVisit, opened: list[Path], qtbot: QtBot
) -> None:
    panel.opener.open_file(hostile.with_file("scan-0042.pdf"))
    qtbot.waitUntil(lambda: bool(opened))
    try:
        origin = os.getxattr(opened[0], "user.xdg.origin.url")
    except OSError as error:  # a file system without user attributes (tmpfs before 6.6)
        pytest.skip(f"no extended attributes here: {error.strerror}")
    assert origin == HELPDESK.encode()


def test_save_as_proposes_a_bare_name_in_downloads(
    panel: VisitDetail, hostile: HostileVisit, monkeypatch: pytest.MonkeyPatch
) -> None:
    proposed: list[Path] = []

    def save_dialog(_parent: object, _title: str, where: str, *_args: object) -> tuple[str, str]:
        proposed.append(Path(where))
        return "", ""  # cancelled

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    steering = r"..\AppData\Roaming\Microsoft\Windows\Start Menu\Programs\Startup\x.bat"
    panel.opener.save_file_as(hostile.with_file(steering))
    panel.opener.save_file_as(hostile.with_file(f"contract-{RLO}fdp.exe"))
    panel.opener.save_file_as(hostile.with_file("CON.txt"))
    downloads = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DownloadLocation)
    assert [p.name for p in proposed] == ["x.bat", "contract-fdp.exe", "_CON.txt"]
    assert {str(p.parent) for p in proposed} == {downloads or str(Path.home())}


def test_file_names_are_shown_without_direction_tricks(
    panel: VisitDetail, hostile: HostileVisit
) -> None:
    hostile.with_file(f"contract-{RLO}fdp.exe")
    panel.refresh()
    shown = [
        panel.files.list.topLevelItem(i).text(0)
        for i in range(panel.files.list.topLevelItemCount())
    ]
    assert shown == ["contract-fdp.exe"]


def test_a_link_leaving_for_another_host_shows_where_and_asks(
    panel: VisitDetail, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    opened: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda _p, _t, text, *_a: asked.append(text) or QMessageBox.StandardButton.Cancel,
    )
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True
    )
    assert "rt-login.evil.example" in panel.conversation.toHtml()  # the link is in the mail
    for target in (
        "https://rt-login.evil.example/x",  # the text says https://rt.example.com/...
        "https://rt.example.com@evil.example/Ticket/Display.html",  # a user name, then the host
        "http://rt.example.com/Ticket/Display.html?id=42",  # the helpdesk, unencrypted
        "https://xn--rt-exmple-3ed.com/",  # a look-alike letter
        "mailto:refunds@evil.example?subject=Card",
    ):
        panel.conversation.anchorClicked.emit(QUrl(target))
    assert opened == [], "nothing leaves FieldDesk without a yes"
    assert len(asked) == 5
    assert "\n\nrt-login.evil.example\n\n" in asked[0]
    assert "\n\nevil.example\n\n" in asked[1]
    assert "xn--rt-exmple-3ed.com" in asked[3]
    assert "refunds@evil.example" in asked[4]
    assert all(text.startswith("This link leaves FieldDesk.") for text in asked)

    panel.conversation.anchorClicked.emit(QUrl(f"{HELPDESK}/Ticket/Display.html?id=42"))
    assert opened == [f"{HELPDESK}/Ticket/Display.html?id=42"] and len(asked) == 5


def test_hovering_a_link_shows_its_real_target(panel: VisitDetail) -> None:
    panel.conversation.highlighted.emit(QUrl("https://rt-login.evil.example/x"))
    assert QToolTip.text() == "https://rt-login.evil.example/x"
    QToolTip.hideText()


def test_a_huge_message_is_cut_and_shown_whole_as_plain_text(
    panel: VisitDetail, hostile: HostileVisit, qtbot: QtBot
) -> None:
    body = "<p>" + "Fuser error logged again. " * 200_000 + "THE END</p>"  # 5.2 MB
    with transaction(hostile.db):
        ticket_store.apply_remote_history(
            hostile.db,
            VISIT_ID,
            [
                RemoteTransaction(
                    3,
                    VISIT_ID,
                    "Correspond",
                    "2026-11-21T09:00:00Z",
                    "customer",
                    body=body,
                    body_type="text/html",
                )
            ],
        )
    panel.refresh()
    shown = panel.conversation.toPlainText()
    assert "Only part of this message is shown here (5.2 MB in all)" in shown
    assert "THE END" not in shown
    index = next(i for i, e in enumerate(panel.conversation.entries) if e.id == 3)
    assert f"fdfull:{index}" in panel.conversation.toHtml()
    panel.conversation.anchorClicked.emit(QUrl(f"fdfull:{index}"))
    dialog = panel.conversation.full_text
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.ready, timeout=30_000)
    assert dialog.text.toPlainText().endswith("THE END")
    dialog.close()


def test_huge_mails_never_hide_the_short_notes_around_them() -> None:
    huge = "<p>" + "word " * 30_000 + "</p>"  # 150 KB each: the budget holds about two
    entries = []
    for n in range(6):
        entries.append(message(huge, "text/html"))
        entries.append(message(f"Short note {n}", "text/plain"))
    # The customer's mail (theirs, not a colleague's): it waits for the short notes.
    shown = conversation_html(entries, {}, [], customers=frozenset({"customer"}))
    assert all(f"Short note {n}" in shown for n in range(6))
    assert shown.count("Only part of this message is shown") >= 1
    assert "is not shown here: the conversation is too long" in shown
    assert shown.count("Show all as plain text") == 6
