"""RT's If-Match race: a change accepted over someone's unseen value becomes a conflict.

Over a double of our Connector that accepts every version (as RT does when two
changes from one version arrive at once) and reports its field writes the way
RT's transactions do.  The race itself against the real RT: tests/soak/test_if_match_race.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sync import conflicts, outbox
from sync.connectors.base import FieldWrite
from sync.engine import SyncEngine
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from tests.sync.test_push_order import HelpdeskDouble
from tests.sync.test_store import remote_ticket


class RacedHelpdesk(HelpdeskDouble):
    """The office set parts used to ``theirs`` just before our change landed over it."""

    def __init__(self, theirs: str | None, *, first: bool = True) -> None:
        super().__init__()
        self.theirs = theirs
        self.first = first  # the office's write came before ours
        self.asked: list[int] = []

    def field_writes(self, ticket_id: int, after_txn: int) -> list[FieldWrite]:
        self.asked.append(after_txn)
        ours = [
            FieldWrite(txn_id=102 + n, field=name, new_value=value, by_me=True)
            for n, update in enumerate(self.updates)
            for name, value in update.items()
        ]
        if self.theirs is None:
            return ours
        office = FieldWrite(101 if self.first else 200, "parts_used", self.theirs, by_me=False)
        return [office, *ours] if self.first else [*ours, office]


def laptop_with_change(tmp_path: Path, changes: dict[str, str | None]) -> Any:
    db = open_database(tmp_path / "fd.db")
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket(parts_used="Toner"))
    outbox.set_fields(db, 7, changes)
    return db


def test_a_change_landing_over_the_offices_unseen_one_is_a_conflict(tmp_path: Path) -> None:
    db = laptop_with_change(tmp_path, {"parts_used": "Fuser", "contact": "Mia"})
    helpdesk = RacedHelpdesk("Drum")

    assert SyncEngine(db, helpdesk).run().conflicts == 1  # type: ignore[arg-type]

    [conflict] = conflicts.open_conflicts(db, 7)
    assert (conflict.field, conflict.base, conflict.mine, conflict.theirs) == (
        "parts_used",
        "Toner",
        "Fuser",
        "Drum",
    )
    assert helpdesk.asked == [100]  # one look, from the version the change was made on
    db.close()


@pytest.mark.parametrize(
    ("theirs", "first"),
    [
        (None, True),  # nobody else wrote
        ("Drum", False),  # theirs came after ours: their laptop sees ours, not we theirs
        ("Fuser", True),  # they set what we set: nothing lost
        ("Toner", True),  # they set it back to what we both saw
    ],
)
def test_no_conflict_when_nothing_of_theirs_was_replaced(
    tmp_path: Path, theirs: str | None, first: bool
) -> None:
    db = laptop_with_change(tmp_path, {"parts_used": "Fuser"})
    helpdesk = RacedHelpdesk(theirs, first=first)

    assert SyncEngine(db, helpdesk).run().conflicts == 0  # type: ignore[arg-type]
    assert conflicts.open_conflicts(db, 7) == [] and outbox.rows(db) == []
    db.close()


@pytest.mark.parametrize(
    ("choice", "sent_back", "shown"),
    [("theirs", [{"parts_used": "Drum"}], "Drum"), ("mine", [], "Fuser")],
)
def test_deciding_a_replaced_value_sends_only_what_the_helpdesk_lacks(
    tmp_path: Path, choice: conflicts.Choice, sent_back: list[dict[str, str]], shown: str
) -> None:
    db = laptop_with_change(tmp_path, {"parts_used": "Fuser"})
    helpdesk = RacedHelpdesk("Drum")
    SyncEngine(db, helpdesk).run()  # type: ignore[arg-type]

    # RT holds ours: taking theirs must send theirs back; keeping ours sends nothing.
    queued = conflicts.resolve(db, 7, "parts_used", choice)
    SyncEngine(db, helpdesk).run()  # type: ignore[arg-type]

    assert queued == bool(sent_back)
    assert helpdesk.updates == [{"parts_used": "Fuser"}, *sent_back]
    visit = ticket_store.get_visit(db, 7)
    assert visit is not None and visit.parts_used == shown
    assert outbox.rows(db) == [] and conflicts.open_conflicts(db, 7) == []
    db.close()
