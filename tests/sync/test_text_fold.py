"""Words folded for matching: each way of writing a word folds to the same text."""

from __future__ import annotations

import pytest

from sync.text_fold import folded


@pytest.mark.parametrize(
    "forms",
    [
        ("conexión", "conexion", "CONEXIÓN", "conexio\u0301n"),
        ("İstanbul", "istanbul", "ISTANBUL", "i\u0307stanbul"),
        ("Müller", "Mu\u0308ller", "muller", "MÜLLER"),
        ("ΟΔΟΣ", "οδός", "οδος"),
        ("Straße", "strasse", "STRASSE"),
        ("Tromsø", "tromso", "TROMSØ"),
        ("Łódź", "lodz"),
        ("Diyarbakır", "diyarbakir"),
        ("ﬁlter", "filter"),  # a ligature, as pasted from a PDF
    ],
)
def test_the_forms_of_a_word_fold_alike(forms: tuple[str, ...]) -> None:
    assert len({folded(form) for form in forms}) == 1


def test_plain_ascii_is_only_lower_cased() -> None:
    text = "#100004 RV: Printer JAMS, 8000 Zurich -- alice@example.com"
    assert folded(text) == text.casefold()
