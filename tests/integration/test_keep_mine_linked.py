"""A technician's "keep mine" on a visit the supervisor moved ends the conflict, against RT.

Alice, offline, moves a visit's start (and puts another on hold); meanwhile the
supervisor reschedules it, or gives it to bob at another time.  Keeping hers used to
say "sent on next sync" and come back at every sync as a new conflict reading
"base 09:00 | theirs 09:00".  Now the decision is sent once where she may still change
the visit, and refused at once, saying what works, where the visit is bob's.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync import conflicts, dispatch, outbox
from sync.stamps import parse_stamp
from sync.store import tickets as ticket_store
from tests.integration.dispatch_helpers import tomorrow_at
from tests.integration.helpers import Technician, connector, server_ticket, supervisor_update

pytestmark = pytest.mark.rt
NINE, NOON = dispatch.iso(tomorrow_at(9)), dispatch.iso(tomorrow_at(12))


def alice_in_conflict(
    rt: RunningRT, tmp_path: Path, owner: str, pick: int
) -> tuple[Technician, int, str]:
    """Alice's open visit (the pick-th) after she put it on hold and started it half an
    hour later, offline, while the supervisor moved it to tomorrow 09:00-12:00 and gave
    it to owner.  Its id, and her start."""
    alice = Technician(rt, "alice", tmp_path)
    assert alice.sync().ok
    visit = [
        v
        for v in ticket_store.list_visits(alice.db)
        if v.status in ("new", "open") and v.visit_start and v.visit_end
    ][pick]
    mine = dispatch.iso(parse_stamp(visit.visit_start or "") + timedelta(minutes=30))
    outbox.set_fields(alice.db, visit.id, {"status": "stalled"})
    outbox.set_fields(alice.db, visit.id, {"visit_start": mine})
    supervisor_update(rt, visit.id, {"owner": owner, "visit_start": NINE, "visit_end": NOON})
    report = alice.sync()
    assert report.conflicts == 2, report
    return alice, visit.id, mine


def ends_settled(alice: Technician) -> None:
    """The next two syncs end with no open conflict and nothing left to send."""
    for _ in range(2):
        report = alice.sync()
        assert report.ok and report.conflicts == 0, report
    assert conflicts.open_conflicts(alice.db) == []
    assert [r for r in outbox.rows(alice.db) if r.state != "done"] == []


def test_keep_mine_on_a_visit_still_hers_reaches_rt_once(rt: RunningRT, tmp_path: Path) -> None:
    alice, visit_id, mine = alice_in_conflict(rt, tmp_path, "alice", pick=0)

    assert conflicts.resolve(alice.db, visit_id, "visit_start", "mine")
    assert conflicts.resolve(alice.db, visit_id, "status", "mine")
    ends_settled(alice)

    remote = server_ticket(rt, visit_id).fields
    assert (remote["owner"], remote["visit_start"], remote["visit_end"], remote["status"]) == (
        "alice",
        mine,
        NOON,
        "stalled",
    )
    hers = [
        t
        for t in connector(rt, "supervisor").fetch_history(visit_id, 0)
        if t.creator == "alice" and t.type in ("CustomField", "Status")
    ]
    assert len(hers) == 2, "her start and her status, each sent once"


def test_keep_mine_on_a_visit_given_to_bob_is_refused_at_once(
    rt: RunningRT, tmp_path: Path
) -> None:
    alice, visit_id, _ = alice_in_conflict(rt, tmp_path, "bob", pick=1)

    with pytest.raises(outbox.InvalidChange, match=r"has left your visits.*Take theirs"):
        conflicts.resolve(alice.db, visit_id, "visit_start", "mine")
    assert {c.field for c in conflicts.open_conflicts(alice.db, visit_id)} == {
        "status",
        "visit_start",
    }, "nothing promised, nothing decided"
    for name in ("visit_start", "status"):
        conflicts.resolve(alice.db, visit_id, name, "theirs")
    ends_settled(alice)

    remote = server_ticket(rt, visit_id).fields
    assert (remote["owner"], remote["visit_start"], remote["visit_end"]) == ("bob", NINE, NOON)
    assert ticket_store.get_visit(alice.db, visit_id) is None, "bob's visit left her laptop"
