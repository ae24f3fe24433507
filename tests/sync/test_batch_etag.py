"""The ETag a batched ticket keeps never claims changes its stored fields do not hold.

A write sends it as If-Match: too new, and RT would take a write over a change
the technician never saw; too old only costs one more three-way merge.
"""

from __future__ import annotations

from sync.connectors.base import RemoteTicket
from sync.connectors.rt.batch import reflected_etag

LISTED_AT = "2026-11-23T10:00:05Z"


def _ticket(last_updated: str) -> RemoteTicket:
    return RemoteTicket(7, "", last_updated, "2026-11-20T08:00:00Z", "3", {}, [], 0)


def _rows(*stamps: tuple[int, str]) -> list[dict[str, str]]:
    return [{"id": str(i), "Created": created} for i, created in stamps]


def test_the_newest_transaction_the_fields_reflect() -> None:
    rows = _rows((101, "2026-11-23T09:00:00Z"), (105, "2026-11-23T10:00:02Z"))
    assert reflected_etag(_ticket("2026-11-23T10:00:02Z"), rows, 0, LISTED_AT) == 105


def test_a_change_after_the_listing_does_not_count() -> None:
    rows = _rows((101, "2026-11-23T09:00:00Z"), (109, "2026-11-23T10:00:07Z"))
    assert reflected_etag(_ticket("2026-11-23T09:00:00Z"), rows, 0, LISTED_AT) == 101


def test_a_change_in_the_listings_own_second_does_not_count() -> None:
    """RT stamps to the second: a second not over when listed may hold a later change."""
    rows = _rows((101, "2026-11-23T09:00:00Z"), (110, "2026-11-23T10:00:05Z"))
    assert reflected_etag(_ticket("2026-11-23T10:00:05Z"), rows, 0, LISTED_AT) == 101


def test_nothing_new_keeps_what_the_replica_held() -> None:
    assert reflected_etag(_ticket("2026-11-23T09:00:00Z"), [], 240, LISTED_AT) == 240


def test_unknown_when_nothing_is_certain() -> None:
    """No transaction the fields surely reflect: the ticket is read by itself."""
    rows = _rows((110, "2026-11-23T10:00:05Z"))
    assert reflected_etag(_ticket("2026-11-23T10:00:05Z"), rows, 0, LISTED_AT) is None
    assert reflected_etag(_ticket("2026-11-23T10:00:05Z"), rows, 0, None) is None
