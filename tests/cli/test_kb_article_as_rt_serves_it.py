"""``kb show`` and ``kb search`` of an article as each RT release serves it.

A fresh RT 5.0.7 (Debian 13) makes the articles' Content field HTML and serves a
plain-text article escaped ("Settings &gt; Bluetooth &amp; devices"); 5.0.3 serves the
same article as written.  The technician reads and finds the same words from both, and a
draft published from here (HTML) reads as before.  No helpdesk needed: the replica is
filled from RT's JSON here, as the sync fills it."""

from __future__ import annotations

import pytest

from sync.connectors.rt_convert import article_from_json
from sync.profile import Profile
from sync.store import kb, open_database, transaction
from tests.cli.runner import run
from tests.rt_article_shapes import (
    BLUETOOTH_LINE,
    DRAFT_BODY_AS_SERVED,
    ESCAPED_BODY,
    PLAIN_BODY,
    PRINT_QUEUE,
    article_json,
)

AS_SERVED = {"RT 5.0.3": PLAIN_BODY, "RT 5.0.7": ESCAPED_BODY}


def synced(profile: Profile, article_id: int, name: str, content: str) -> None:
    """The replica holds the article as a sync writes RT's answer."""
    db = open_database(profile.database_path)
    with transaction(db):
        kb.apply_remote_articles(db, [article_from_json(article_json(article_id, name, content))])
    db.close()


@pytest.mark.parametrize("release", AS_SERVED)
def test_a_plain_text_article_reads_as_written(
    profile: Profile, capsys: pytest.CaptureFixture[str], release: str
) -> None:
    synced(profile, 5, PRINT_QUEUE, AS_SERVED[release])

    code, out, _ = run(capsys, profile.root, "kb", "show", "5")

    assert code == 0
    assert f"\n{BLUETOOTH_LINE}\n" in out
    assert "&gt;" not in out and "&amp;" not in out


@pytest.mark.parametrize("release", AS_SERVED)
def test_search_finds_and_shows_the_words_as_written(
    profile: Profile, capsys: pytest.CaptureFixture[str], release: str
) -> None:
    synced(profile, 5, PRINT_QUEUE, AS_SERVED[release])

    code, out, _ = run(capsys, profile.root, "kb", "search", "bluetooth devices")

    assert code == 0
    assert "Settings > [Bluetooth] & [devices] > Printers & scanners" in out
    code, out, _ = run(capsys, profile.root, "kb", "search", "gt amp")
    assert "No articles match." in out  # the escapes are no words of the article


def test_a_draft_published_from_here_reads_as_typed(
    profile: Profile, capsys: pytest.CaptureFixture[str]
) -> None:
    synced(profile, 45, "Bluetooth printers", DRAFT_BODY_AS_SERVED)

    code, out, _ = run(capsys, profile.root, "kb", "show", "45")

    assert code == 0
    assert out.endswith("\n\nSettings > Bluetooth & devices\ntwo spaces <OK>\n")


def test_text_written_with_an_ampersand_of_its_own_is_kept(
    profile: Profile, capsys: pytest.CaptureFixture[str]
) -> None:
    # From 5.0.3: text about HTML, with a bare "&" too -- not an escaped body.
    text = "In a URL write &amp; for each & between parameters."
    synced(profile, 46, "Links in mails", text)

    code, out, _ = run(capsys, profile.root, "kb", "show", "46")

    assert code == 0 and out.endswith(f"\n\n{text}\n")
