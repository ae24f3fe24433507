"""Hostile HTML in tickets and articles is shown harmless."""

from __future__ import annotations

from desktop.common.safe_html import body_html

HOSTILE = """
<p>Calibrate the <b>Zebra</b> printer.</p>
<script>alert(1)</script>
<img src="http://evil.example/track.png" onerror="steal()">
<a href="javascript:steal()">click</a> <a href="https://zebra.example/manual">manual</a>
<iframe src="http://evil.example"></iframe>
<form action="http://evil.example"><input name="password"></form>
<svg onload="steal()"><circle r="5"/></svg>
<p onmouseover="steal()" style="position:fixed">hover</p>
"""


def test_scripts_remote_loads_and_handlers_are_removed_formatting_stays() -> None:
    safe = body_html(HOSTILE, "text/html")
    lowered = safe.lower()
    for forbidden in (
        "<script",
        "alert(",
        "<img",
        "javascript:",
        "<iframe",
        "<form",
        "<input",
        "<svg",
        "onload",
        "onerror",
        "onmouseover",
        "style=",
        "evil.example",
    ):
        assert forbidden not in lowered, forbidden
    assert "<b>Zebra</b>" in safe
    assert 'href="https://zebra.example/manual"' in safe
    assert "hover" in safe  # the text survives, the handler does not


def test_plain_text_is_escaped_not_interpreted() -> None:
    safe = body_html("Error <b>13.B2</b> & line two\nsecond line", "text/plain")
    # A block per line: Qt lays out one block of thousands of lines slowly.
    assert safe == "<div>Error &lt;b&gt;13.B2&lt;/b&gt; &amp; line two</div><div>second line</div>"
