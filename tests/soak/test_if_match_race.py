"""Two laptops change one field from the same version at the same moment: never a silent loss.

Found by the fleet soak: RT checks ``If-Match`` and writes in separate steps, and
its workers serve requests side by side, so two changes made from one version at
the same instant can both get 200, the later silently replacing the earlier (in
a trial, 8 of 10 simultaneous pairs).  FieldDesk checks each accepted field
change against RT's transactions (``sync.changes.overwritten``): a value it
replaced unseen becomes a conflict on that laptop, as a 412 would have.

Here a technician's laptop and the supervisor's send their change of one
ticket's parts used at once, ten times; then the technician's two laptops (the
spare too), whose writes RT records under one name: ours is told by its value.
Whichever request RT serialises first, and whether or not it refuses the second,
the value RT does not end with must be named by a conflict on one of the
laptops; once decided, both laptops and RT agree and nothing is left to send (a
decision refused because the other laptop's just landed is a new conflict,
decided again).  (RT's custom-field writes are not atomic either: two at once
may both replace the old value, leaving the field with two values for a while,
and a laptop reading mid-write may meet a third, empty one — a conflict too,
never a silent loss.)
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync import conflicts, outbox
from sync.connectors.base import FieldValues, RemoteTransaction
from sync.connectors.rt import RTConnector, Scope
from sync.connectors.rt_http import Credentials, RTHttp
from sync.engine import SyncEngine
from sync.store import open_database
from sync.store import tickets as ticket_store
from tests.integration.helpers import connector, server_ticket

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
        self.path = home / f"{user}-{scope}-{len(list(home.glob('*.db')))}.db"
        self.name = self.path.stem
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


def parts_writes(rt: RunningRT, ticket_id: int) -> list[RemoteTransaction]:
    """RT's record of the ticket's parts-used changes (for a failure's message)."""
    history = connector(rt, "supervisor").fetch_history(ticket_id, 0)
    return [t for t in history if t.type == "CustomField"]


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


@pytest.mark.parametrize(
    ("other", "visit"),
    [(("supervisor", "queue"), 0), (("alice", "owned"), 1)],
    ids=["the supervisor's laptop", "the technician's spare laptop"],
)
def test_a_change_replaced_at_the_same_moment_is_always_a_conflict(
    rt: RunningRT, tmp_path: Path, other: tuple[str, Scope], visit: int
) -> None:
    start = threading.Barrier(2)
    alice = Laptop(rt, "alice", "owned", start, tmp_path)
    laptops = [alice, Laptop(rt, *other, start, tmp_path)]
    for laptop in laptops:
        laptop.sync()
    ticket_id = ticket_store.list_visits(alice.db)[visit].id
    raced = 0
    for attempt in range(ATTEMPTS):
        values = {laptop.name: f"{laptop.name} {attempt}" for laptop in laptops}
        for laptop in laptops:
            outbox.set_fields(laptop.db, ticket_id, {"parts_used": values[laptop.name]})
        both_at_once(laptops)
        for laptop in laptops:
            laptop.sync()
        on_rt = server_ticket(rt, ticket_id).fields["parts_used"]
        held = [(laptop, clash) for laptop in laptops if (clash := laptop.clash(ticket_id))]
        # The value RT does not hold is never lost unseen: a conflict names it.
        lost = next(v for v in values.values() if v != on_rt)
        assert any(lost in (clash.mine, clash.theirs) for _laptop, clash in held), (
            f"attempt {attempt}: RT has {on_rt!r}, {lost!r} is in no conflict "
            f"{[(laptop.name, clash) for laptop, clash in held]}; RT's writes "
            f"{[(t.id, t.creator, t.old_value, t.new_value) for t in parts_writes(rt, ticket_id)]}"
        )
        raced += any(clash.mine == on_rt for _laptop, clash in held)  # ours over theirs
        # Decided either way, RT and both laptops end on the same value, nothing left.
        # When both laptops hold a conflict, the second decision sent may itself be
        # refused (412: the first just changed the ticket) and become a new conflict,
        # as it would for two people deciding at once: it is decided the same way.
        choice: conflicts.Choice = "theirs" if attempt % 2 else "mine"
        for _round in range(3):
            for laptop, _clash in held:
                conflicts.resolve(laptop.db, ticket_id, "parts_used", choice)
                laptop.sync()
            held = [(laptop, clash) for laptop in laptops if (clash := laptop.clash(ticket_id))]
            if not held:
                break
        for laptop in laptops:
            laptop.sync()
        on_rt = server_ticket(rt, ticket_id).fields["parts_used"]
        for laptop in laptops:
            base, _ = ticket_store.base_values(laptop.db, ticket_id)
            assert laptop.parts_used(ticket_id) == base["parts_used"] == on_rt, laptop.name
            assert laptop.unsent() == 0 and laptop.clash(ticket_id) is None
    print(f"{raced} of {ATTEMPTS} pairs both accepted by RT, the replaced value in a conflict")
