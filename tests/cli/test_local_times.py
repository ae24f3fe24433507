"""The command line reads times on the laptop's clock, as the window does.

`fielddesk visits` and `fielddesk show` printed the replica's UTC stamps: on a Berlin
laptop the listing said 09:00 for the visit the window showed at 10:00.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from sync.profile import Profile
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from tests.cli.runner import run
from tests.sync.test_store import remote_ticket


@pytest.fixture
def in_berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def visit_at_nine_utc(profile: Profile, memory_keyring: object) -> int:
    db = open_database(profile.database_path)
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket(7, site="ACME Dental"))
    db.close()
    return 7  # 2026-11-23T09:00:00Z (tests.sync.test_store.remote_ticket)


def test_visits_and_show_say_the_laptops_time(
    in_berlin: None,
    profile: Profile,
    visit_at_nine_utc: int,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, profile.root, "visits")
    assert code == 0
    assert out.split()[1:3] == ["2026-11-23", "10:00"]  # 09:00 UTC is 10:00 in Berlin
    code, out, _ = run(capsys, profile.root, "show", str(visit_at_nine_utc))
    assert code == 0
    visit_line = next(line for line in out.splitlines() if line.startswith("Visit: "))
    assert visit_line.startswith("Visit: Mon 23 Nov 10:00")
    assert "T09:00:00Z" not in out
