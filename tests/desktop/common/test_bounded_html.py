"""What Qt is given of a hostile body is bounded: depth, tables, lists, spans, words, size.

The render times themselves are checked in ``test_hostile_render.py`` (a
subprocess, so a regression cannot hang the suite) and measured in
``bench/hostile_render.py``.
"""

from __future__ import annotations

import re

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
from desktop.common.safe_html import RAW_MAX, bounded_body, full_text, sanitise

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
