"""The KB's suggestions for a visit search its subject and the codes its request quotes."""

from __future__ import annotations

import pytest

from sync.kb_suggest import codes_in, suggestion_query


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("The screen says 13.B2.D1 and the pages come out creased.", ["13.B2.D1"]),
        ("Error 0x0000011b when printing; 49.4C02 after a restart", ["0x0000011b", "49.4C02"]),
        ("<p>Self-assigned <b>169.254</b> address</p>", ["169.254"]),
        ("version2.1, a.13.B2, 13.B2.D1.E5.F6, 0x12", []),  # inside longer strings, too long
        ("The laptop got 169.254.10.4", ["169.254.10.4"]),  # an address: its words rank
        ("13.B2 13.b2 13.B2", ["13.B2", "13.b2"]),
        ("1.1 2.2 3.3 4.4 5.5", ["1.1", "2.2", "3.3"]),  # a few, not a mail's worth
        ("No codes, just a printer that jams.", []),
    ],
)
def test_codes_are_picked_out_by_their_shape(text: str, codes: list[str]) -> None:
    assert codes_in(text) == codes


def test_the_subject_leads_and_codes_it_already_names_are_not_repeated() -> None:
    query, codes = suggestion_query(
        "Printer shows 13.B2.D1", "It says 13.B2.D1, then 0x0000011b when I retry."
    )
    assert query == "Printer shows 13.B2.D1 0x0000011b"
    assert codes == ["0x0000011b"]
    assert suggestion_query("Phone keeps rebooting", "") == ("Phone keeps rebooting", [])
