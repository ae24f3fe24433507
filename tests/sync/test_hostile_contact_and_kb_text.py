"""Text from the helpdesk that would hang the window, the CLI or the sync: a huge Contact
field, an article of thousands of unclosed <script> tags.  Read in time linear in its
length; ordinary text reads as it always did.  And a stranger's mail is not our reply.

The time limits are hang guards: each case took minutes or never ended before."""

from __future__ import annotations

import pytest
import sqlite_utils

from sync.connectors.base import RemoteArticle
from sync.contact import CONTACT_MAX, Contact, parse_contact
from sync.history_words import message_kind
from sync.profile import Profile
from sync.store import kb, open_database, transaction
from sync.store.tickets import HistoryEntry

JULIE = "Julie Marsh, +44 23 9200 1234, julie@acme-dental.example"
UNCLOSED_SCRIPTS = "<p>Paper jam: open tray 2.</p>" + "<script>" * 40_000  # 320 KB


@pytest.mark.parametrize(
    ("text", "read"),
    [
        (JULIE, Contact("Julie Marsh", ["+44 23 9200 1234"], ["julie@acme-dental.example"])),
        (
            "Tom Reyes; 0123 456 789 / (020) 7946 0000",
            Contact("Tom Reyes", ["0123 456 789 / (020) 7946 0000"], []),
        ),
        ("a.b+c@x.co.uk, d@e.org | Bo", Contact("Bo", [], ["a.b+c@x.co.uk", "d@e.org"])),
        ("reception@ no domain, x@y, 12345", Contact("reception@ no domain x@y 12345", [], [])),
        ("b@c@d.example", Contact("b@", [], ["c@d.example"])),
        ("", Contact("", [], [])),
    ],
)
def test_an_ordinary_contact_reads_as_before(text: str, read: Contact) -> None:
    assert parse_contact(text) == read


@pytest.mark.timeout(10)
def test_a_megabyte_contact_is_read_to_its_numbers() -> None:
    # No "@" in a megabyte: each position used to start an address search to the end.
    contact = parse_contact(JULIE + ", ref " + "x" * 1_000_000 + ", +44 23 9200 9999")

    assert contact.phones == ["+44 23 9200 1234"]  # the cut leaves out what comes after
    assert contact.emails == ["julie@acme-dental.example"]
    assert contact.name.startswith("Julie Marsh ref xxx") and len(contact.name) < CONTACT_MAX


@pytest.mark.timeout(10)
def test_a_long_word_before_the_contact_does_not_hang() -> None:
    contact = parse_contact("x" * 9_000 + " " + JULIE)  # within the part read

    assert contact.phones == ["+44 23 9200 1234"]
    assert contact.emails == ["julie@acme-dental.example"]


def test_a_number_or_address_the_cut_goes_through_is_left_out() -> None:
    number = "Julie, " + "x" * (CONTACT_MAX - 20) + " +44 23 9200 1234 5678"
    address = "Julie, " + "x" * (CONTACT_MAX - 20) + " julie@acme-dental.example"

    assert parse_contact(number).phones == []  # a number to call, cut short, is another number
    assert parse_contact(address).emails == []


@pytest.mark.parametrize(
    ("content", "text"),
    [
        ("<p>Open <b>tray&nbsp;2</b></p><script>alert(1)</script>ok", "Open tray 2 ok"),
        ("<style a=1>p{}</STYLE >x<SCRIPT>y</script>z", "x z"),
        ("a <script>no end <b>b</b>", "a no end b"),  # an unclosed script: only its tag goes
        ('<a title="<script>">t</a>u</script>', '">t u'),  # a script tag inside a tag
        ("1 < 2 and 3 > 2", "1 2"),
        ("x <y", "x <y"),  # no ">" after: text
        ("plain & simple", "plain & simple"),
    ],
)
def test_plain_text_of_ordinary_markup_is_as_before(content: str, text: str) -> None:
    assert kb.plain_text(content) == text


@pytest.fixture
def db(profile: Profile) -> sqlite_utils.Database:
    return open_database(profile.database_path)


@pytest.mark.timeout(10)
def test_an_article_of_unclosed_scripts_is_stored_and_found(db: sqlite_utils.Database) -> None:
    article = RemoteArticle(901, "Tray 2", "jams", UNCLOSED_SCRIPTS, "2026-12-06T00:00:00Z", False)
    with transaction(db):  # the sync's write transaction: it used to hold it 50 s
        kb.apply_remote_articles(db, [article])

    assert [hit.id for hit in kb.search(db, "paper jam")] == [901]
    assert kb.plain_text(UNCLOSED_SCRIPTS) == "Paper jam: open tray 2."


@pytest.mark.timeout(10)
def test_bare_brackets_are_text_and_quick() -> None:
    assert kb.plain_text("<p>Fix</p>" + "<" * 300_000).startswith("Fix <<<")


def entry(creator: str, entry_id: int | None = 1) -> HistoryEntry:
    return HistoryEntry(
        entry_id,
        "Correspond",
        "2026-12-06T09:40:00Z",
        creator,
        None,
        None,
        None,
        0,
        "Hi",
        "text/plain",
    )


def test_only_the_helpdesks_mail_reads_as_our_reply() -> None:
    customers = frozenset({"julie@acme-dental.example"})

    assert message_kind(entry("Julie@Acme-Dental.example"), customers) == (
        "Create",
        "From customer",
    )
    assert message_kind(entry("stranger@evil.example"), customers) == (
        "Create",
        "Mail from outside",
    )
    assert message_kind(entry("bob"), customers) == ("Correspond", "Reply to customer")
    # Written here, not yet sent: the technician's own, whatever their login looks like.
    assert message_kind(entry("alice@fielddesk.test", None), customers)[1] == "Reply to customer"
