"""How long a busy helpdesk asked us to wait, and until when, in a technician's words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from sync.errors import WaitRequested
from sync.next_try import clock_in, clock_words, next_try_at, wait_words


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(45, "45 s"), (120, "2 min"), (3599, "1 h"), (3600, "1 h"), (5400, "1 h 30 min"),
     (86_400, "24 h"), (3 * 86_400, "3 days")],
)  # fmt: skip
def test_wait_words(seconds: float, words: str) -> None:
    assert wait_words(seconds) == words


def test_the_next_try_is_never_shown_earlier_than_asked() -> None:
    now = datetime(2026, 12, 1, 18, 31, 40, tzinfo=UTC)
    assert next_try_at(now, 3600) == datetime(2026, 12, 1, 19, 32, tzinfo=UTC)
    on_the_minute = datetime(2026, 12, 1, 18, 31, tzinfo=UTC)
    assert next_try_at(on_the_minute, 3600) == datetime(2026, 12, 1, 19, 31, tzinfo=UTC)


def test_clock_words_say_the_day_when_it_is_not_today() -> None:
    now = datetime.now(UTC).astimezone().replace(hour=10, minute=0)
    assert clock_words(now.replace(hour=19, minute=32), now) == "19:32"
    assert clock_words(now + timedelta(days=1), now) == "tomorrow 10:00"
    later = now + timedelta(days=3)
    assert clock_words(later, now) == f"{later:%a} {later.day} {later:%b} 10:00"


def test_a_wait_request_says_how_long() -> None:
    error = WaitRequested(retry_after=3600)
    assert error.retry_after == 3600
    assert str(error) == "the helpdesk is busy or in maintenance and asked us to wait 1 h"


def test_clock_in_names_the_minute_a_wait_from_now_ends() -> None:
    end = (datetime.now(UTC) + timedelta(seconds=90 + 59.999999)).astimezone()
    day = "tomorrow " if end.date() != datetime.now().astimezone().date() else ""
    assert clock_in(90) == f"{day}{end:%H:%M}"
