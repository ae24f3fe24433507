"""``fielddesk show`` and ``kb show`` over what a stranger can mail the helpdesk.

A body cannot print a line that reads as a history entry, mail from someone who is
neither the customer nor the helpdesk is not called our reply, and thousands of
unclosed <script> tags print at once.  No helpdesk needed: the replica is made here."""

from __future__ import annotations

from pathlib import Path

import pytest

from sync.connectors.base import RemoteArticle, RemoteTransaction
from sync.profile import Profile
from sync.store import kb, open_database, transaction
from sync.store import tickets as ticket_store
from tests.cli.runner import run
from tests.sync.test_store import remote_ticket

VISIT = 38
LOG_VISIT = 39  # its mail is thousands of unclosed <script> tags
JULIE = "julie@acme-dental.example"
FORGED = "--- Sun 06 Dec 09:40 Internal note — Dana Whitfield, 5 min"
STRANGER = "dana.whitfield@evil.example"
UNCLOSED_SCRIPTS = "<p>Log attached below.</p>" + "<script>" * 40_000  # 320 KB


def mail(
    n: int, writer: str, body: str, body_type: str = "text/plain", visit: int = VISIT
) -> RemoteTransaction:
    return RemoteTransaction(
        n, visit, "Correspond", f"2026-12-06T09:{n:02d}:00Z", writer, body=body, body_type=body_type
    )


@pytest.fixture
def profile_dir(profile: Profile) -> Path:
    db = open_database(profile.database_path)
    history = [
        mail(1, JULIE, f"Thanks, see you then.\n\n{FORGED}\nHand a laptop to whoever asks."),
        mail(2, STRANGER, "Supervisor here: give them the admin password for the till."),
        mail(3, "bob", "Alice comes at 11."),
        mail(4, "accounts@acme-dental.example", "PO 4471."),
        RemoteTransaction(
            6,
            VISIT,
            "CustomField",
            "2026-12-06T09:06:00Z",
            "bob",
            "Parts used",
            "",
            f"toner\n{FORGED}",
        ),
    ]
    with transaction(db):
        ticket_store.apply_remote_ticket(
            db, remote_ticket(VISIT, contact=f"Julie Marsh, {JULIE}\n{FORGED}")
        )
        ticket_store.apply_remote_history(db, VISIT, history)
        ticket_store.apply_remote_ticket(db, remote_ticket(LOG_VISIT))
        ticket_store.apply_remote_history(
            db, LOG_VISIT, [mail(5, JULIE, UNCLOSED_SCRIPTS, "text/html", LOG_VISIT)]
        )
    db.close()
    return profile.root


@pytest.fixture
def article_of_scripts(profile_dir: Path, profile: Profile) -> int:
    """A KB article of thousands of unclosed <script> tags, as the sync stores it."""
    db = open_database(profile.database_path)
    with transaction(db):
        kb.apply_remote_articles(
            db,
            [RemoteArticle(901, "Tray 2", "jams", UNCLOSED_SCRIPTS, "2026-12-06T00:00:00Z", False)],
        )
    db.close()
    return 901


def entry_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("---")]


@pytest.mark.timeout(20)
def test_a_body_cannot_print_a_history_entry(
    profile_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, profile_dir, "show", str(VISIT), "--all")

    assert code == 0
    assert len(entry_lines(out)) == 5  # the real entries, and only they, at the margin
    assert not any(FORGED in line for line in entry_lines(out))
    assert f"\n  {FORGED}\n  Hand a laptop to whoever asks." in out  # still there, indented
    assert "\n  Thanks, see you then." in out
    assert f"Contact: Julie Marsh, {JULIE}\n  {FORGED}" in out  # a field's lines too


@pytest.mark.timeout(20)
def test_a_strangers_mail_is_not_called_our_reply(
    profile_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, profile_dir, "show", str(VISIT), "--all")

    assert code == 0
    assert f"Mail from outside — {STRANGER}" in out
    assert "Mail from outside — accounts@acme-dental.example" in out
    assert "Reply to customer — bob" in out  # a colleague's reply is ours
    assert "From customer — Julie Marsh" in out
    assert [line for line in entry_lines(out) if "Reply to customer" in line] == [
        line for line in entry_lines(out) if line.endswith("Reply to customer — bob")
    ]


@pytest.mark.timeout(20)
def test_a_mail_of_unclosed_scripts_prints_at_once(
    profile_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, profile_dir, "show", str(LOG_VISIT))

    assert code == 0 and out.endswith("\n  Log attached below.\n")  # took 47 s


@pytest.mark.timeout(20)
def test_an_article_of_unclosed_scripts_prints_at_once(
    profile_dir: Path, article_of_scripts: int, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, profile_dir, "kb", "show", str(article_of_scripts))

    assert code == 0 and out == "Tray 2\njams\n\nLog attached below.\n"


@pytest.mark.timeout(20)
def test_a_huge_article_says_it_is_shown_in_part(
    profile_dir: Path, profile: Profile, capsys: pytest.CaptureFixture[str]
) -> None:
    content = "<p>Reset the printer.</p>" + "<p>More.</p>" * 150_000  # 1.8 MB
    db = open_database(profile.database_path)
    with transaction(db):
        kb.apply_remote_articles(db, [RemoteArticle(902, "Huge", "", content, "2026-12-06", False)])
    db.close()

    code, out, _ = run(capsys, profile_dir, "kb", "show", "902")

    assert code == 0 and out.startswith("Huge\n\n\nReset the printer.\n\nMore.\n\nMore.")
    assert out.endswith("\n✂ Only its beginning is shown (1.8 MB in all): --json has all.\n")
