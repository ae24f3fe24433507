"""The replica's timestamps read back as the moments written, and nothing else reads as one."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sync.stamps import STAMP_FORMAT, parse_stamp


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 11, 23, 9, 0, 0, tzinfo=UTC),
        datetime(2024, 2, 29, 23, 59, 59, tzinfo=UTC),
        datetime(1999, 12, 31, 0, 0, 1, tzinfo=UTC),
    ],
)
def test_a_written_stamp_reads_back_as_its_moment(moment: datetime) -> None:
    written = moment.strftime(STAMP_FORMAT)
    assert parse_stamp(written) == moment
    assert parse_stamp(written) == datetime.strptime(written, STAMP_FORMAT).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    "text",
    [
        "None",
        "",
        "2026-11-23 09:00:00Z",
        "2026-11-23T09:00:00",
        "2026-11-23T09:00:00+00:00",
        "2026-11-23T09:00:00.5Z",
        "2026-13-01T00:00:00Z",
        "2026-02-30T00:00:00Z",
        "2026-11-23T9:00:00Z ",
    ],
)
def test_anything_else_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"timestamp|month|day|isoformat"):
        parse_stamp(text)
