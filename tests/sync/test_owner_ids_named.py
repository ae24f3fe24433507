"""The owners of an owner change are named, not RT's user ids: the people puller asks
RT whom each id numbers, once for good, and the history holds their logins ("Nobody →
alice"), those pulled before too; the words read "Nobody → Alice Moreau".  (Real RT:
tests/integration/test_owner_change_names.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from sync.connectors.base import RemoteTransaction, RemoteUser
from sync.errors import RejectedError
from sync.history_words import owner_change
from sync.pullers.base import PullContext
from sync.pullers.people import PeoplePuller
from sync.report import SyncReport
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from sync.store.tickets import HistoryEntry
from sync.store.users import display_name, display_names, list_users
from tests.sync.test_store import remote_ticket

NOBODY, ALICE, BOB, GONE = 6, 41, 43, 99
WHEN = "2026-11-21T08:00:00Z"


class Helpdesk:
    """RT's users by id, as ``Connector.user_by_id`` answers (``refused``: not shown)."""

    def __init__(self, refused: frozenset[int] = frozenset()) -> None:
        self.refused = refused
        self.asked: list[int] = []
        self.people = {
            NOBODY: RemoteUser(NOBODY, "Nobody", "Nobody in particular", ""),
            ALICE: RemoteUser(ALICE, "alice", "Alice Moreau", "alice@example.test"),
            BOB: RemoteUser(BOB, "bob", "Bob Okafor", "bob@example.test"),
        }

    def users(self, names: list[str]) -> list[RemoteUser]:
        return []  # the logins' names are the other half of the puller

    def user_by_id(self, user_id: int) -> RemoteUser | None:
        self.asked.append(user_id)
        if user_id in self.refused:
            raise RejectedError("403 Forbidden")
        return self.people.get(user_id)


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    return open_database(tmp_path / "replica.db")


def given(db: sqlite_utils.Database, ticket: int, *changes: tuple[int, int]) -> None:
    """The ticket's owner changed (old id → new id), as RT 5 records it: twice."""
    history = []
    for n, (old, new) in enumerate(changes):
        for kind in ("Set", "SetWatcher"):
            txn_id = ticket * 100 + 2 * n + (kind == "SetWatcher")
            owners = {"old_value": str(old), "new_value": str(new)}
            history.append(
                RemoteTransaction(txn_id, ticket, kind, WHEN, "supervisor", "Owner", **owners)
            )
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket(ticket))
        ticket_store.apply_remote_history(db, ticket, history)


def sync_people(db: sqlite_utils.Database, helpdesk: Helpdesk) -> None:
    context = PullContext(db, helpdesk, SyncReport(), lambda _p: None)  # type: ignore[arg-type]
    PeoplePuller().pull(context)


def owners_read(db: sqlite_utils.Database, ticket: int) -> list[tuple[str, str]]:
    names = display_names(db)
    return [
        owner_change(e, names)
        for e in ticket_store.history(db, ticket)
        if e.type == "Set" and e.field == "Owner"
    ]


def test_an_assigned_mail_reads_nobody_then_the_technician_by_name(
    db: sqlite_utils.Database,
) -> None:
    given(db, 1, (NOBODY, ALICE))
    assert owners_read(db, 1) == [("user #6", "user #41")]  # pulled, not yet asked about

    sync_people(db, Helpdesk())

    assert owners_read(db, 1) == [("Nobody", "Alice Moreau")]
    twins = {(e.old_value, e.new_value) for e in ticket_store.history(db, 1)}
    assert twins == {("Nobody", "alice")}  # RT's SetWatcher twin too: no id left
    assert "Nobody" not in dict(list_users(db)), "not a person to pick"


def test_each_id_is_asked_about_once_for_good(db: sqlite_utils.Database) -> None:
    helpdesk = Helpdesk()
    given(db, 1, (NOBODY, BOB), (BOB, ALICE))
    sync_people(db, helpdesk)
    assert sorted(helpdesk.asked) == [NOBODY, ALICE, BOB]
    assert owners_read(db, 1) == [("Nobody", "Bob Okafor"), ("Bob Okafor", "Alice Moreau")]
    assert display_name(db, "bob") == "Bob Okafor"  # a former owner, named with the id

    given(db, 2, (NOBODY, ALICE))  # the next mail given to alice
    sync_people(db, helpdesk)
    sync_people(db, helpdesk)  # an idle sync

    assert sorted(helpdesk.asked) == [NOBODY, ALICE, BOB]
    assert owners_read(db, 2) == [("Nobody", "Alice Moreau")]


def test_an_id_rt_will_not_name_stays_a_number_and_is_not_asked_again(
    db: sqlite_utils.Database,
) -> None:
    helpdesk = Helpdesk(refused=frozenset({BOB}))
    given(db, 1, (GONE, BOB), (BOB, ALICE))
    sync_people(db, helpdesk)
    sync_people(db, helpdesk)

    assert sorted(helpdesk.asked) == [ALICE, BOB, GONE]
    assert owners_read(db, 1) == [("user #99", "user #43"), ("user #43", "Alice Moreau")]


def test_a_custom_field_called_owner_keeps_its_numbers(db: sqlite_utils.Database) -> None:
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket(1))
        ticket_store.apply_remote_history(
            db, 1, [RemoteTransaction(7, 1, "CustomField", WHEN, "bob", "Owner", "6", "41")]
        )
    helpdesk = Helpdesk()
    sync_people(db, helpdesk)

    assert helpdesk.asked == []
    assert [(e.old_value, e.new_value) for e in ticket_store.history(db, 1)] == [("6", "41")]


@pytest.mark.parametrize(
    ("old", "new", "read"),
    [
        (None, "alice", ("Nobody", "Alice Moreau")),  # an owner set on a ticket made unowned
        ("alice", "Nobody", ("Alice Moreau", "Nobody")),
        ("carol", "bob", ("carol", "bob")),  # logins RT gave no real name for
    ],
)
def test_owner_words(old: str | None, new: str, read: tuple[str, str]) -> None:
    entry = HistoryEntry(1, "Set", WHEN, "supervisor", "Owner", old, new, 0, None, None)

    assert owner_change(entry, {"alice": "Alice Moreau"}) == read
