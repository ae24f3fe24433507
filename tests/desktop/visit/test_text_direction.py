"""A stranger's direction overrides never reorder what the visit panel shows: the
header's subject, address and contact, a mail's body and a field change read as
written ("+44 <RLO>4321" showed "+44 1234", a wrong number to dial), and Arabic
names stay as they are."""

from __future__ import annotations

import sqlite_utils
from pytestqt.qtbot import QtBot

from desktop.common.safe_html import body_html, full_text
from desktop.kb.render import article_html
from sync.connectors.base import RemoteTransaction
from sync.profile import Profile
from sync.store import tickets as ticket_store
from sync.store import transaction
from sync.store.kb import Article
from tests.desktop.visit.local_visit import VISIT, local_db, local_panel, seed

__all__ = ["local_db"]  # the fixture, used by name

RLO, PDF = "\u202e", "\u202c"  # right-to-left override, pop directional formatting
LRM, FSI, PDI = "\u200e", "\u2068", "\u2069"  # FieldDesk's own: a line left to right
DIRECTION_CHARACTERS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e") | set(
    "\u2066\u2067\u2068\u2069\u200b\u2060\ufeff"
)


def hidden_in(text: str) -> set[str]:
    return DIRECTION_CHARACTERS & set(text)


def test_the_header_shows_subject_address_and_contact_as_written(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    seed(
        local_db,
        subject=f"printer {RLO}fdp.exe note",
        address=f"1 {RLO}Evil{PDF} Road",
        contact=f"Mallory, +44 23 9200 {RLO}4321",
    )
    panel = local_panel(qtbot, profile, local_db)
    panel.resize(1400, 740)
    header = panel.header
    qtbot.waitUntil(lambda: "…" not in header.title.text())
    # Each stranger's part set apart by FieldDesk's own marks (LRM, FSI…PDI), nothing else.
    assert header.title.text() == f"{LRM}#{VISIT} {FSI}printer fdp.exe note{PDI}"
    assert header.site.text() == f"{LRM}{FSI}Elmgrove Medical Practice{PDI} · {FSI}1 Evil Road{PDI}"
    assert header.person.text() == f"{LRM}{FSI}Mallory{PDI}"
    # The whole number, as written, on its copy button and in Call: not "… 1234".
    assert [b.text() for b in header.phone_buttons if b.isVisible()] == ["+44 23 9200 4321"]
    assert header.call.property("number") == "+44 23 9200 4321"
    said = [header.title.toolTip(), header.site.toolTip(), header.person.accessibleName()]
    assert hidden_in("".join(said)) == set()


def test_an_arabic_name_and_address_stay_as_written(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    seed(
        local_db,
        subject="طابعة لا تعمل",
        site="عيادة النخيل",
        address="شارع الملك فهد 12، الرياض",
        contact="محمد عبد الله, +966 11 234 5678",
    )
    header = local_panel(qtbot, profile, local_db).header
    header.window().resize(1400, 740)
    qtbot.waitUntil(lambda: "…" not in header.site.text())
    # Read as written, each part in its own direction; the line itself left to right, so
    # "#5" leads and the site comes before its address (not swapped, not at the far end).
    assert header.title.text() == f"{LRM}#{VISIT} {FSI}طابعة لا تعمل{PDI}"
    assert (
        header.site.text() == f"{LRM}{FSI}عيادة النخيل{PDI} · {FSI}شارع الملك فهد 12، الرياض{PDI}"
    )
    assert header.person.text() == f"{LRM}{FSI}محمد عبد الله{PDI}"
    assert header.title.full_text == f"#{VISIT} طابعة لا تعمل"  # its tooltip and spoken name
    assert header.call.property("number") == "+966 11 234 5678"


def test_a_mail_and_a_field_change_with_an_override_read_as_written(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    seed(local_db)
    stranger = [
        RemoteTransaction(
            200, VISIT, "Correspond", "2026-11-22T08:00:00Z", "mallory@evil.example",
            body=f"Open invoice{RLO}fdp.exe and call +44 {RLO}4321", body_type="text/plain",
        ),
        RemoteTransaction(
            201, VISIT, "Correspond", "2026-11-22T09:00:00Z", "mallory@evil.example",
            body="<p>Or open report&#x202E;fdp.exe, <b>&#8238;4321</b></p>",
            body_type="text/html",
        ),
        RemoteTransaction(
            202, VISIT, "CustomField", "2026-11-22T10:00:00Z", "root",
            field="Address", new_value=f"1 {RLO}Evil{PDF} Road",
        ),
    ]  # fmt: skip
    with transaction(local_db):
        ticket_store.apply_remote_history(local_db, VISIT, stranger)
    panel = local_panel(qtbot, profile, local_db)
    qtbot.waitUntil(lambda: "invoice" in panel.conversation.toPlainText())
    shown = panel.conversation.toPlainText()
    assert "Open invoicefdp.exe and call +44 4321" in shown
    assert "Or open reportfdp.exe, 4321" in shown
    assert "Address → 1 Evil Road" in shown
    assert hidden_in(shown) == set()


def test_a_character_reference_cannot_make_a_link_the_sanitiser_refused() -> None:
    """Without the zero-width space, "java&#x200B;script:" (a relative link to nh3)
    would read "javascript:": it is judged again, and dropped."""
    shown = body_html('<a href="java&#x200B;script:alert(1)">invoice</a>', "text/html")
    assert "invoice" in shown
    assert "script:" not in shown


def test_show_all_and_the_kb_reader_show_text_as_written() -> None:
    assert full_text(f"<p>call +44 {RLO}4321</p>", "text/html") == "call +44 4321"
    article = Article(7, f"Reset {RLO}retnirp", f"{RLO}yrammus", "<p>text</p>", None, False)
    shown = article_html(article, lambda names: {})
    assert "Reset retnirp" in shown and "yrammus" in shown
    assert hidden_in(shown) == set()
