"""A customer's mail reads whole: every text part, not only the first.

The listings are RT 5.0.3's own (``rt_message_parts.json``): the attachment searches
FieldDesk makes, recorded after rt-mailgate delivered each mail.  Only the first unnamed
text part used to be kept: Apple Mail's text after a photo (the error code, the serial,
the door code), a mail forwarded as an attachment, and a UTF-16 text file RT converted
to UTF-8 (and so left unnamed) were dropped without a word.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sync.connectors.rt.history import message_parts
from sync.html_text import readable_text

FORWARDED = "— forwarded message —"  # the line before a forwarded mail's text
RECORDED: dict[str, list[dict[str, Any]]] = json.loads(
    (Path(__file__).parent / "rt_message_parts.json").read_text(encoding="utf-8")
)


def read_items(items: list[dict[str, Any]]) -> tuple[str | None, str | None, list[str]]:
    """The body, its type and the file names the technician gets of a message's parts."""
    txn = int(items[0]["TransactionId"])
    body, body_type, files = message_parts(items, {txn})[txn]
    return body, body_type, [f.filename for f in files]


def read(mail: str) -> tuple[str | None, str | None, list[str]]:
    return read_items(RECORDED[mail])


def test_apple_mails_text_after_the_photo_is_read_after_the_text_before_it() -> None:
    body, body_type, files = read("apple_mail_text_photo_text")

    assert body_type == "text/plain"
    assert body == (
        "Guten Tag,\nhier das Foto vom Display:\n\n"
        "Fehlercode 49.4C02, Seriennummer CNB1234567. Bitte Techniker schicken,"
        " Zugang über Hintereingang, Code 4711.\nRenée\n"
    )
    assert files == ["Display.png"]


def test_a_mail_forwarded_as_an_attachment_follows_a_line_saying_so() -> None:
    body, body_type, files = read("thunderbird_forward_as_attachment")

    assert body_type == "text/plain"
    assert body == (
        f"Véase el correo adjunto.\n\n{FORWARDED}\n\n"
        "La impresora de contabilidad está sin conexión desde el lunes."
        " Número de serie VNB3R12345.\nAna\n"
    )
    assert files == []


def test_a_text_file_rt_converted_and_left_unnamed_is_read_too() -> None:
    body, body_type, files = read("utf16_text_attachment")

    assert body_type == "text/plain"
    assert body is not None
    assert body.startswith("Se vedlagt logg. Skriveren på kontoret i Tromsø er frakoblet.\n\n")
    assert "Fehlerprotokoll – Ошибка 13.B2\r\nZeile 2: ß ü €" in body
    assert files == ["Übersicht_Øst_€.pdf"]


def test_a_text_and_html_alternative_is_its_text_once_as_before() -> None:
    [text, _html] = RECORDED["text_and_html_alternative"]

    assert read("text_and_html_alternative") == (text["Content"], "text/plain", [])


def test_an_html_only_mail_is_its_html_as_before() -> None:
    [html, _photo] = RECORDED["outlook_html_with_inline_image"]

    assert read("outlook_html_with_inline_image") == (
        html["Content"],
        "text/html",
        ["image001.png"],
    )


def test_an_html_only_mail_forwarded_under_a_plain_note_keeps_both_and_the_notes_brackets() -> None:
    body, body_type, _ = read("plain_cover_html_only_forward")

    assert body_type == "text/html"  # shown through the sanitiser, as HTML mail is
    assert body is not None
    assert readable_text(body).splitlines() == [
        "Mirad la alerta <abajo> & decidme.",
        "",
        FORWARDED,
        "",
        "Tóner negro: 3 % (CF259A)",
    ]


def test_a_single_text_part_is_kept_as_rt_has_it() -> None:
    """A note typed in RT or sent from FieldDesk: its text unchanged (a note sent again is
    recognised by it), trailing line breaks and all."""
    [part] = [dict(RECORDED["text_and_html_alternative"][0], Content="Toner replaced.\n\n")]

    assert read_items([part]) == ("Toner replaced.\n\n", "text/plain", [])


def test_empty_text_parts_add_no_blank_lines() -> None:
    first, photo, second = RECORDED["apple_mail_text_photo_text"]
    empty = dict(first, id="516", Content="\n")

    body, _, _ = read_items([empty, first, photo, second])

    assert body is not None and body.startswith("Guten Tag,")
    assert body.count("\n\n") == 1
