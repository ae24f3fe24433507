"""Two laptops change one field from the same version at the same moment: never a silent loss.

Found by the fleet soak: RT checks ``If-Match`` and writes in separate steps, and
its workers serve requests side by side, so two changes made from one version at
the same instant can both get 200, the later silently replacing the earlier (in
a trial, 8 of 10 simultaneous pairs).  FieldDesk checks each accepted field
change against RT's transactions (``sync.changes.overwritten``): a value it
replaced unseen becomes a conflict on that laptop, as a 412 would have.

Here a technician's laptop and the supervisor's send their change of one
ticket's parts used at once, ten times.  Whichever request RT serialises first,
and whether or not it refuses the second, one of the laptops must hold the clash
as a conflict; once it is decided both laptops and RT agree.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync import conflicts, outbox
from sync.connectors.base import FieldValues
from sync.connectors.rt import RTConnector, Scope
from sync.connectors.rt_http import Credentials, RTHttp
from sync.engine import SyncEngine
from sync.store import open_database
from sync.store import tickets as ticket_store
from tests.integration.helpers import server_ticket

pytestmark = pytest.mark.rt
ATTEMPTS = 10


class SameMoment(RTConnector):
    """A laptop's connection whose armed field change waits for the other laptop's."""

    def __init__(self, http: RTHttp, scope: Scope, start: threading.Barrier) -> None:
        super().__init__(http, scope=scope)
        self.start = start
        self.armed = False

    def update_ticket(self, ticket_id: int, etag: str, changes: FieldValues) -> None:
        if self.armed:
            self.armed = False
            self.start.wait(timeout=60)
        super().update_ticket(ticket_id, etag, changes)


class Laptop:
    def __init__(
        self, rt: RunningRT, user: str, scope: Scope, start: threading.Barrier, home: Path
    ):
        self.user = user
        self.path = home / f"{user}.db"
        self.db = open_database(self.path)  # the test's own look at the replica
        credentials = Credentials(user, token=rt.token(user))
        self.connector = SameMoment(RTHttp(rt.url, credentials), scope, start)

    def sync(self) -> None:
        """One run, on a connection of the calling thread (as the app's sync worker)."""
        db = open_database(self.path)
        try:
            assert SyncEngine(db, self.connector).run().ok
        finally:
            db.close()

    def parts_used(self, ticket_id: int) -> str | None:
        visit = ticket_store.get_visit(self.db, ticket_id)
        assert visit is not None
        return visit.parts_used

    def clash(self, ticket_id: int) -> conflicts.Conflict | None:
        found = [c for c in conflicts.open_conflicts(self.db, ticket_id) if c.field == "parts_used"]
        return found[0] if found else None

    def unsent(self) -> int:
        return int(
            self.db.execute("SELECT count(*) FROM outbox WHERE state != 'done'").fetchone()[0]
        )


def both_at_once(laptops: list[Laptop]) -> None:
    """Each laptop syncs; their field changes reach RT at the same moment."""
    failures: list[BaseException] = []

    def run(laptop: Laptop) -> None:
        try:
            laptop.sync()
        except BaseException as error:  # noqa: BLE001 - handed to the test's thread
            failures.append(error)

    for laptop in laptops:
        laptop.connector.armed = True
    threads = [threading.Thread(target=run, args=(laptop,)) for laptop in laptops]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures


def test_a_change_replaced_at_the_same_moment_is_always_a_conflict(
    rt: RunningRT, tmp_path: Path
) -> None:
    start = threading.Barrier(2)
    alice = Laptop(rt, "alice", "owned", start, tmp_path)
    boss = Laptop(rt, "supervisor", "queue", start, tmp_path)
    laptops = [alice, boss]
    for laptop in laptops:
        laptop.sync()
    ticket_id = ticket_store.list_visits(alice.db)[0].id
    raced = 0
    for attempt in range(ATTEMPTS):
        values = {laptop.user: f"{laptop.user} {attempt}" for laptop in laptops}
        for laptop in laptops:
            outbox.set_fields(laptop.db, ticket_id, {"parts_used": values[laptop.user]})
        both_at_once(laptops)
        for laptop in laptops:
            laptop.sync()
        on_rt = server_ticket(rt, ticket_id).fields["parts_used"]
        held = [(laptop, clash) for laptop in laptops if (clash := laptop.clash(ticket_id))]
        # Exactly one side holds the clash, between the two values, whichever won.
        assert len(held) == 1, f"attempt {attempt}: RT has {on_rt!r}, no single conflict"
        laptop, clash = held[0]
        assert {clash.mine, clash.theirs} == set(values.values())
        raced += clash.mine == on_rt  # both got 200: ours landed over theirs
        # Decided either way, RT and both laptops end on the same value.
        choice: conflicts.Choice = "theirs" if attempt % 2 else "mine"
        conflicts.resolve(laptop.db, ticket_id, "parts_used", choice)
        for settling in (laptop, *(other for other in laptops if other is not laptop)):
            settling.sync()
        decided = clash.theirs if choice == "theirs" else clash.mine
        assert server_ticket(rt, ticket_id).fields["parts_used"] == decided
        for each in laptops:
            assert each.parts_used(ticket_id) == decided
            assert each.unsent() == 0 and each.clash(ticket_id) is None
    print(f"{raced} of {ATTEMPTS} pairs both accepted by RT, each recorded as a conflict")
