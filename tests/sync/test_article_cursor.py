"""Where a KB or checklist cursor goes after the shared article listing."""

from __future__ import annotations

from sync.pullers.base import article_cursor

CLOCK = "2026-12-01T10:00:05Z"  # the server's clock before the listing


def test_a_class_with_nothing_new_keeps_up_with_the_clock() -> None:
    # Otherwise the shared listing (from the older cursor) would fetch the other class again.
    assert article_cursor("2026-11-01T00:00:00Z", [], CLOCK) == "2026-12-01T10:00:04Z"
    assert article_cursor(None, [], CLOCK) == "2026-12-01T10:00:04Z"


def test_never_into_the_second_the_server_is_still_in() -> None:
    assert article_cursor(None, ["2026-12-01T10:00:05Z"], CLOCK) == "2026-12-01T10:00:04Z"


def test_never_back() -> None:
    assert article_cursor("2026-12-01T10:00:04Z", [], "2026-12-01T09:00:00Z") == (
        "2026-12-01T10:00:04Z"
    )


def test_without_the_clock_only_what_came() -> None:
    assert article_cursor(None, [], None) is None
    assert article_cursor(None, ["2026-12-01T09:00:00Z"], None) == "2026-12-01T09:00:00Z"
