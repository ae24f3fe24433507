"""An HTML mail or article printed in a terminal keeps its lines (``fielddesk show``,
``fielddesk kb show``): a procedure's steps were run into one line."""

from __future__ import annotations

import pytest

from sync.changes.article import as_html
from sync.html_text import readable_text


def test_a_drafts_lines_are_its_lines_again() -> None:
    typed = "<Menu> > Setup > Service\nThen press <OK> twice\n\nSmears < 2 mm are fine"
    assert readable_text(as_html(typed)) == (
        "<Menu> > Setup > Service\nThen press <OK> twice\nSmears < 2 mm are fine"
    )


def test_paragraphs_lists_and_line_breaks_read_as_on_screen() -> None:
    mail = (
        "<html><head><title>x</title><style>p {color: red}</style></head><body>"
        "<p>Hello Alice,<br>the printer\n jams again.</p>"
        "<p>What I tried:</p><ol><li>Reseated <b>tray 2</b></li><li>Cleaned the rollers</li></ol>"
        "<table><tr><td>Model</td><td>HP M404</td></tr>"
        "<tr><td>Serial</td><td>PHB1</td></tr></table>"
        "<div><div><div>Julie &amp; the front desk</div></div></div>"
        "<script>document.write('not shown')</script></body></html>"
    )
    assert readable_text(mail) == (
        "Hello Alice,\nthe printer jams again.\n\nWhat I tried:\n\n"
        "- Reseated tray 2\n- Cleaned the rollers\n\nModel HP M404\nSerial PHB1\n\n"
        "Julie & the front desk"
    )


@pytest.mark.timeout(10)
def test_tag_soup_costs_its_length() -> None:
    nested = "<div>" * 200_000 + "deep" + "</div>" * 200_000
    assert readable_text(nested) == "deep"
    assert readable_text("<p>Log below</p>" + "<script>" * 40_000) == "Log below"
    assert readable_text("a < b and c > d, <not a tag") == "a < b and c > d, <not a tag"


@pytest.mark.timeout(10)
@pytest.mark.parametrize("unit", ["x<", "<a", "<!--", "</", "<?"])
def test_a_mail_strewn_with_lone_angle_brackets_prints_at_once(unit: str) -> None:
    # Each took seconds per 100 KB (the parser scanned the rest again for every "<"),
    # and lost the text after it: anyone can mail the helpdesk.
    strewn = unit * (500_000 // len(unit))
    for body in (f"<p>Printer jam</p>{strewn}", f"<p>Printer jam</p>{strewn}<p>Thanks</p>"):
        text = readable_text(body)
        assert text.startswith("Printer jam") and strewn[-4:] in text, "all of it printed"


def test_a_marked_section_the_parser_refuses_still_reads() -> None:
    # A traceback in `fielddesk show`: now the text without its tags, on one line.
    assert readable_text("<p>Printer jam</p><![ x]> rest") == "Printer jam rest"
