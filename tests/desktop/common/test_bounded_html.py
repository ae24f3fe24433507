"""What Qt is given of a hostile body is bounded: depth, tables, lists, spans, words, size;
and what nh3 makes of one is bounded too (formatting left open is not opened again).

The render times themselves are checked in ``test_hostile_render.py`` (a
subprocess, so a regression cannot hang the suite) and measured in
``bench/hostile_render.py``.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nh3
import pytest

from desktop.common import safe_html
from desktop.common.bounded_html import (
    MAX_DEPTH,
    MAX_LIST_ITEMS,
    MAX_SPAN,
    MAX_TABLE_DEPTH,
    MAX_WORD,
    RAW_DEPTH,
    Budget,
    bound,
    shallow,
)
from desktop.common.safe_html import (
    ALLOWED_TAGS,
    DROPPED_WITH_CONTENT,
    RAW_MAX,
    bounded_body,
    full_text,
    sanitise,
)
from sync.words import size_text
from tests.desktop.common.hostile_html import left_open

NESTED_TABLES = "<table><tr><td>" * 25 + "deepest cell" + "</td></tr></table>" * 25
NESTED_DIVS = "<div>" * 5000 + "bottom" + "</div>" * 5000


def deepest(html: str) -> int:
    depth = deepest_seen = 0
    for closing, name in re.findall(r"<(/?)([a-z0-9]+)", html):
        if name in ("br", "hr"):
            continue
        depth += -1 if closing else 1
        deepest_seen = max(deepest_seen, depth)
    return deepest_seen


def test_nested_tables_keep_a_few_levels_and_all_their_text() -> None:
    shown = bounded_body(NESTED_TABLES, "text/html", Budget())
    assert shown.html.count("<table>") == MAX_TABLE_DEPTH
    assert "deepest cell" in shown.html
    assert not shown.truncated


def test_thousands_of_nested_divs_keep_their_text_not_their_depth() -> None:
    shown = bounded_body(NESTED_DIVS, "text/html", Budget())
    assert deepest(shown.html) <= MAX_DEPTH
    assert "bottom" in shown.html


def test_deep_nesting_is_flattened_before_the_sanitiser_sees_it() -> None:
    # html5ever's time grows with the square of the depth (20 000 divs: 0.8 s).
    flat = shallow("<div>" * 20_000 + "x" + "</div>" * 20_000)
    assert deepest(flat) == RAW_DEPTH
    assert "x" in sanitise("<div>" * 20_000 + "x")


def test_spans_lists_and_long_words_are_bounded() -> None:
    spans = bounded_body(
        "<table><tr><td colspan=100000 rowspan=99>x</td></tr></table>", None, Budget()
    )
    assert f'colspan="{MAX_SPAN}"' in spans.html and f'rowspan="{MAX_SPAN}"' in spans.html
    items = bounded_body("<ol>" + "<li>step</li>" * 2000 + "</ol>", "text/html", Budget())
    assert items.html.count("<li>") == MAX_LIST_ITEMS
    word = bounded_body("<p>" + "A" * 5000 + "</p>", "text/html", Budget()).html
    words = re.sub(r"<[^>]*>", " ", word).replace("\u200b", " ").split()
    assert len(words) == 5000 // MAX_WORD and max(len(w) for w in words) == MAX_WORD


def test_a_huge_body_is_cut_and_said_to_be() -> None:
    body = "<p>" + "All work and no play. " * 250_000 + "THE END</p>"  # 5.5 MB
    assert len(body) > 5_000_000
    budget = Budget()
    shown = bounded_body(body, "text/html", budget)
    assert shown.truncated
    assert len(shown.html) < RAW_MAX
    assert "THE END" not in shown.html
    # ... and the next body in the same view gets nothing more to lay out.
    assert budget.spent or budget.chars < 100
    assert bound("<p>more</p>", budget).truncated


def test_show_all_gives_the_whole_text_plain() -> None:
    body = (
        "<h1>Report</h1><script>alert(1)</script><table><tr><td>a</td><td>b</td></tr></table>"
        + "<p>line &amp; more</p>" * 2
        + "<div>" * 3000
        + "<p>"
        + "x" * 5000
        + " THE END</p>"
    )
    text = full_text(body, "text/html")
    assert "alert" not in text
    assert text.startswith("Report\na\tb")
    assert "line & more\nline & more" in text
    assert text.endswith("THE END")
    assert max(len(line) for line in text.split("\n")) <= 2000


# -- formatting left open ----------------------------------------------------------
def nh3_alone(body: str) -> str:
    """What nh3 makes of a body with the same rules, but with its own parser's
    formatting elements (as before ``bounded_html.inert``)."""
    return nh3.clean(
        body,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes={"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan"}},
        url_schemes={"http", "https", "mailto", "fielddesk"},
    )


def text_of(safe: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", safe))


def test_bold_left_open_is_not_opened_again_in_every_paragraph() -> None:
    # No two alike (the parser's own limit is three alike): 100 made 8.7 MB of
    # nh3 output from 100 KB; 1 000, 79 MB (6 s, 2.8 GB); 2 000, 4.8 GB or an abort.
    body = left_open("".join(f"<b id={i}>" for i in range(100)))
    safe = sanitise(body)
    assert len(safe) < 2 * len(body)
    assert safe.count("<p>x</p>") == body.count("<p>x</p>")  # all there, none in bold


def test_a_link_left_open_is_not_copied_into_every_paragraph() -> None:
    address = "https://printers.example/manual/" + "A" * 2_000
    body = left_open(f'<a href="{address}">manual')
    safe = sanitise(body)
    assert len(safe) < 2 * len(body)  # 25 MB: the address again in each paragraph
    assert safe.count(address) == 1
    assert f'<p><a href="{address}" rel="noopener noreferrer">manual</a></p>' in safe


def test_formatting_left_open_ends_with_its_paragraph_and_the_text_stays() -> None:
    sloppy = "<p><b>Note:</p><p>check the <i>fuser <a href='https://x.example/m'>manual</p><p>p. 3"
    safe = sanitise(sloppy)
    assert safe == (
        "<p><b>Note:</b></p><p>check the <i>fuser "
        '<a href="https://x.example/m" rel="noopener noreferrer">manual</a></i></p><p>p. 3</p>'
    )  # a browser would make all that follows bold, and "p. 3" a link
    assert text_of(safe) == text_of(nh3_alone(sloppy))


def test_a_well_formed_mail_comes_out_as_nh3_alone_writes_it() -> None:
    mail = (
        "<div><p class=MsoNormal><B>Bold</B> <i>it</i> <u>u</u> <s>s</s> <STRONG>st</STRONG>"
        " <em>em</em> <code>13.B2</code> <font color=red>red</font> <small>s</small>"
        " <big>b</big> <tt>t</tt> <strike>x</strike> <nobr>n</nobr></p>"
        '<p><a href="https://zebra.example/m?a=1&amp;b=<b>" title="The <b>manual</b>">manual</a>'
        ' <a href="javascript:steal()">click</a> <a\nhref=mailto:a@b.example>mail</a>'
        " <b\r>cr</b><b/>slash</b> <bb>bb</bb></p>"
        '<table><tr><td colspan=2><a href="fielddesk://article/7"><b>cell</b></a></td></tr></table>'
        '<!-- <b> --><script>"<b>"</script><style>b {}</style><p title="<b>">1 &lt;b&gt; 2</p>'
        "<textarea><B class=x> &lt;a href=x&gt;</textarea><title><i>t</i></title></div>"
    )
    assert sanitise(mail) == nh3_alone(mail)


def test_a_mark_written_by_the_sender_never_makes_a_link_change_scheme() -> None:
    """The character our renaming uses, written in a mail as a character reference:
    nh3 reads "java&#xFDD0;script:" as a relative link; it must not come out as one
    to ``javascript:`` (or ``file:``) once the renaming is taken back."""
    mail = (
        '<a href="java&#xFDD0;script:steal()">a</a> <a href="fi&#xfdd0;le:///etc/passwd">b</a>'
        ' <a href="data&#64976;:text/html,x">c</a> text &#xFDD0; <b title="&lt;b&#xFDD0;">d</b>'
    )

    safe = sanitise(mail)

    hrefs = re.findall(r'href="([^"]*)"', safe)
    assert len(hrefs) == 3
    assert not any(h.startswith(("javascript:", "file:", "data:")) for h in hrefs), hrefs
    assert "\ufdd0" not in safe and "<b " in safe and "</b>" in safe


SHOW_ALL_IN_A_CHILD = """
import json, resource, sys
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from desktop.common.safe_html import full_text
head = "<p>" + "".join(f"<b id={i}>" for i in range(1000)) + "</p>"
body = head + "<p>x</p>" * ((300_000 - len(head)) // 8)
text = full_text(body, "text/html")
print(json.dumps({"lines": text.split("\\n"), "paragraphs": body.count("<p>x</p>")}))
"""


def test_show_all_of_a_mail_that_opens_its_bold_again_stays_small() -> None:
    # Its 300 KB took 34 s and 8.6 GB, and where the memory was not there nh3
    # aborted the whole program: here a child process that may take 1 GB.
    pytest.importorskip("resource")  # not on Windows
    here = Path(__file__).resolve().parents[3]
    done = subprocess.run(
        [sys.executable, "-c", SHOW_ALL_IN_A_CHILD, str(1 << 30)],
        capture_output=True,
        text=True,
        check=False,  # its error is the message below
        env={**os.environ, "PYTHONPATH": str(here)},
        cwd=here,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    shown = json.loads(done.stdout)
    assert set(shown["lines"]) == {"x"} and len(shown["lines"]) == shown["paragraphs"]


def test_show_all_of_a_body_past_its_limit_shows_the_beginning_and_says_so() -> None:
    body = "Fuser error logged again.\n" * (safe_html.FULL_TEXT_MAX // 26 + 10_000)
    text = full_text(body, "text/plain")
    assert text.startswith("Fuser error logged again.\nFuser")
    assert text.endswith(
        f"\n\n✂ Only part of this text is shown here ({size_text(len(body))} in all)."
    )
    assert len(text) < safe_html.FULL_TEXT_MAX + 100
