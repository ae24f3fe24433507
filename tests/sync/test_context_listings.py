"""Listings of context (other tickets at a site, a site's equipment) that fail: the sync
goes on without them, unless the helpdesk cannot be reached at all."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

import pytest

from sync import related, site_assets
from sync.errors import BadReplyError, ConnectionDropped, OfflineError, RetryableError, SyncError
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from tests.sync.test_store import remote_ticket


class FailingHelpdesk:
    """Every listing fails with ``error``."""

    def __init__(self, error: SyncError) -> None:
        self.error = error
        self.asked = 0

    def _fail(self, *_args: Any) -> NoReturn:
        self.asked += 1
        raise self.error

    related_tickets = site_assets = site_asset_ids = _fail


@pytest.fixture
def db(tmp_path: Path) -> Any:
    database = open_database(tmp_path / "fd.db")
    with transaction(database):
        ticket_store.apply_remote_ticket(database, remote_ticket(7, site="Harbour Lofts"))
    return database


@pytest.mark.parametrize(
    "error",
    [
        RetryableError("the helpdesk is busy or failing (HTTP 500)"),
        BadReplyError("the helpdesk sent a reply FieldDesk cannot read"),
        ConnectionDropped("the connection to the helpdesk broke before its reply arrived"),
    ],
)
def test_a_failing_listing_of_context_is_left_for_the_next_sync(db: Any, error: SyncError) -> None:
    helpdesk = FailingHelpdesk(error)
    assert related.refresh(db, helpdesk) == 0  # type: ignore[arg-type]
    assert site_assets.refresh(db, helpdesk).assets == 0  # type: ignore[arg-type]
    assert helpdesk.asked == 2
    assert related.pending(db, "Harbour Lofts")  # asked again at the next sync


def test_an_unreachable_helpdesk_still_ends_the_run(db: Any) -> None:
    offline = FailingHelpdesk(OfflineError("the helpdesk cannot be reached"))
    with pytest.raises(OfflineError):
        related.refresh(db, offline)  # type: ignore[arg-type]
    with pytest.raises(OfflineError):
        site_assets.refresh(db, offline)  # type: ignore[arg-type]


def test_a_site_rt_cannot_search_is_measured_as_rt_measures_it() -> None:
    # RT keeps values over 255 bytes of UTF-8 out of its searches, whatever their letters.
    assert related.searchable("Acme Dental Clinic, unit 4")
    assert related.searchable("x" * 255)
    assert not related.searchable("Αθήνα" * 30)  # 150 letters, 300 bytes
    assert related.searchable("Αθήνα" * 25)  # 125 letters, 250 bytes
