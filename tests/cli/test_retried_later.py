"""What `fielddesk sync` says about changes left for a later sync."""

from __future__ import annotations

import re

from cli.commands import retried_later
from sync.report import SyncReport


def test_a_change_in_doubt_names_the_time_to_sync_again() -> None:
    lines = retried_later(SyncReport(retry_later=2, resend_in_s=95.0))

    assert lines[0] == "2 changes will be retried later."
    assert lines[1].startswith("Sent without an answer and not on the helpdesk yet")
    assert re.search(r"Run 'fielddesk sync' after (tomorrow )?\d\d:\d\d; what is", lines[1])


def test_a_change_backing_off_is_only_counted() -> None:
    assert retried_later(SyncReport(retry_later=1)) == ["1 change will be retried later."]
    assert retried_later(SyncReport()) == []
