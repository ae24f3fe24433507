"""The technician's tickets (or a supervisor's queue): what changed, and who holds what.

Incremental by the server's LastUpdated keyset cursor.  Membership: a ticket
that joins the scope (given to the technician, created) is updated then, so
it is in the listing; one that leaves it (reassigned away, deleted, merged)
is not, but the listing says how many tickets the scope holds.  When that
differs from what the replica holds plus what joined, or once an hour as a
safety net, the roll call (every id in scope, ⌈n/100⌉ requests) settles who
holds what: tickets reassigned away leave the laptop (unless they hold unsent
work) and missed ones come back.  Each that left is read once, to say what became
of it (deleted, out of sight, merged: ``sync.ticket_fate``); one merged into a
visit the laptop holds moves into it, as RT shows its notes there.

Changed tickets come down a hundred at a time (``Connector.fetch_tickets``:
fields, new history, message bodies, file listings and equipment in a few
requests per hundred); only a ticket the batch cannot settle (gone from the
listing, or changing while read) is fetched by itself.  Each ticket is
committed on its own, so one that fails does not hold back the others.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING

from sync.connectors.base import PulledTicket
from sync.errors import NotFoundError
from sync.fields import field_label
from sync.pullers.base import PullContext, second_is_over
from sync.pullers.visit_progress import VisitsProgress
from sync.retention import remove_visit_files, remove_visit_rows, unsent_work
from sync.role import is_supervisor
from sync.store import assets as asset_store
from sync.store import checklists as checklist_store
from sync.store import tickets as ticket_store
from sync.store import transaction
from sync.store import users as user_store
from sync.store.files import remember_remote_file
from sync.store.settings import get_cursor, get_setting, set_cursor, set_setting
from sync.ticket_fate import Fate, TicketFate, TicketSeen, fate_of
from sync.words import plural

if TYPE_CHECKING:
    import sqlite_utils

# The safety net: even when the scope's size matches, list every id in scope
# this often (a ticket that left while another joined unseen, e.g. by a change
# of rights that does not touch LastUpdated).
ROLL_CALL_EVERY_S = 3600
ROLL_CALL_SETTING = "tickets.roll_call_at"
# Tickets read together (RT's page size): what one batch of requests brings.
TICKETS_PER_BATCH = 100


class TicketsPuller:
    name = "tickets"

    def pull(self, ctx: PullContext) -> None:
        db = ctx.db
        cursor = json.loads(get_cursor(db, "tickets") or "[null, 0]")
        changes = ctx.connector.changed_tickets(cursor[0], int(cursor[1]))
        ctx.server_time = changes.server_time
        stamps = changes.stamps
        local = ticket_store.ticket_stamps(db)
        todo = [s.id for s in stamps if local.get(s.id) != s.last_updated]
        # Who is in scope now: what we hold plus what joined, unless the
        # scope's size says someone left (or joined unseen) or the hourly
        # roll call is due.
        owned = ticket_store.held_ticket_ids(db) | {s.id for s in stamps}
        roll_call = changes.in_scope != len(owned) or _roll_call_due(db)
        if roll_call:
            owned = ctx.connector.owned_ticket_ids()
        # Self-healing, whatever the cursor says: owned tickets we do not hold,
        # and tickets left stale by an earlier run (last_updated cleared).
        listed = set(todo)
        todo += sorted(t for t in owned if t not in listed and local.get(t, None) is None)
        unsettled = _tickets_with_unconfirmed_writes(db)
        for ticket_id in unsettled.intersection(todo):
            # RT may already hold a change whose reply we lost; pulling now
            # would show it twice.  Refresh once the push has settled it.
            _mark_stale(db, ticket_id)
        todo = [t for t in todo if t not in unsettled]
        shown = VisitsProgress(ctx.progress, 0)
        _fetch(ctx, todo, owned, shown)
        # Cursors advance only once the data they cover is committed, and
        # never into a second that is not over yet.
        settled = [s for s in stamps if second_is_over(s.last_updated, changes.server_time)]
        if settled:
            with transaction(db):
                last = settled[-1]
                set_cursor(db, "tickets", json.dumps([last.last_updated, last.id]))
        _reconcile(ctx, owned)
        _fetch_once_fields_sent(ctx, owned - set(todo) - unsettled, shown)
        if roll_call:
            set_setting(db, ROLL_CALL_SETTING, str(time.time()))
        _say_fields_not_sent(ctx)
        shown.finished()


def _fetch(ctx: PullContext, ticket_ids: list[int], owned: set[int], shown: VisitsProgress) -> None:
    """Read these tickets a hundred at a time and store each (the progress counts them)."""
    db = ctx.db
    already = shown.total
    shown.total += len(ticket_ids)
    for start in range(0, len(ticket_ids), TICKETS_PER_BATCH):
        ctx.check_cancel()
        chunk = ticket_ids[start : start + TICKETS_PER_BATCH]
        heard = shown.batch(already + start, len(chunk))  # says the batch starts
        batch = ctx.connector.fetch_tickets({t: ticket_store.last_txn(db, t) for t in chunk}, heard)
        stamps_now: list[tuple[int, str | None]] = [
            _apply_ticket(ctx, pulled) for pulled in batch.pulled
        ]
        # Gone from the listing, or changing while read: one at a time.
        for ticket_id in batch.unread:
            ctx.check_cancel()
            stamps_now.append((ticket_id, _pull_ticket(ctx, ticket_id, owned)))
        for ticket_id, stamp in stamps_now:
            if stamp is not None and not second_is_over(stamp, ctx.server_time):
                # Stamped in the second the server is still in: it may change
                # again with the same stamp.  Fetch it again next time.
                _mark_stale(db, ticket_id)


def _fetch_once_fields_sent(ctx: PullContext, eligible: set[int], shown: VisitsProgress) -> None:
    """Visits stored while the helpdesk sent none of some of their fields are read again
    once it sends them (the admin named the field back, gave the right back).

    Nothing else would read them: a rename or a change of rights does not move a
    ticket's LastUpdated, so the visit kept its old value -- or none, if it came
    down first that way -- for ever, and the sync said all was well.  ``eligible``:
    visits in scope this run did not read already and with no write in doubt.

    Bounded: nothing marked, no request (an idle sync stays two).  Else one marked
    visit is asked (one request) whether the helpdesk sends its fields again, unless
    this run's reads already saw every marked field still missing; only when it does
    are the marked visits read again, a hundred at a time.  A field the helpdesk never
    has (an RT without one of the admin kit's fields) costs that one request a sync,
    however many visits lack it, and the sync keeps saying their values are kept.
    """
    marked = {t: f for t, f in ticket_store.fields_not_sent(ctx.db).items() if t in eligible}
    if not marked:
        return
    sent_again = _fields_sent_again(ctx, marked)
    again = sorted(t for t, fields in marked.items() if fields & sent_again)
    _fetch(ctx, again, eligible, shown)  # each stored anew: its mark set again or cleared
    for ticket_id, fields in marked.items():
        if ticket_id not in again:
            ctx.fields_not_sent.update(fields)  # still not sent: said again


def _fields_sent_again(ctx: PullContext, marked: dict[int, frozenset[str]]) -> frozenset[str]:
    """Which of the marked fields the helpdesk sends again, asked of one marked visit."""
    unseen = frozenset().union(*marked.values()) - ctx.fields_not_sent.keys()
    if not unseen:
        return frozenset()  # this run's reads found every one of them still missing
    probe = min(t for t, fields in marked.items() if fields & unseen)
    try:
        remote = ctx.connector.fetch_ticket(probe)
    except NotFoundError:
        return frozenset()  # gone: the roll call settles it
    if remote.id != probe:
        return frozenset()  # merged away: likewise
    return marked[probe] - remote.unknown_fields


def _say_fields_not_sent(ctx: PullContext) -> None:
    """Fields the helpdesk sent for none of some visits: what IT changed, said once."""
    if not ctx.fields_not_sent:
        return
    names = ", ".join(f"'{field_label(n)}'" for n in sorted(ctx.fields_not_sent))
    visits = plural(max(ctx.fields_not_sent.values()), "visit", "visits")
    said = (
        f"the helpdesk sent no {names} for {visits} (the field renamed, disabled or hidden "
        "from you?): they keep the values they had here; ask the RT administrator"
    )
    ctx.report.error = f"{ctx.report.error}; {said}" if ctx.report.error else said
    ctx.report.setup_missing.append(said)


def _roll_call_due(db: sqlite_utils.Database) -> bool:
    try:
        last = float(get_setting(db, ROLL_CALL_SETTING) or "")
    except ValueError:
        return True
    elapsed = time.time() - last
    return not 0 <= elapsed < ROLL_CALL_EVERY_S  # a clock set back counts as due


def _tickets_with_unconfirmed_writes(db: sqlite_utils.Database) -> set[int]:
    rows = db.execute(
        "SELECT DISTINCT ticket_ref FROM outbox WHERE state = 'in_flight' AND ticket_ref > 0"
    ).fetchall()
    return {row[0] for row in rows}


def _mark_stale(db: sqlite_utils.Database, ticket_id: int) -> None:
    with transaction(db):
        db.execute("UPDATE tickets SET last_updated = NULL WHERE id = ?", [ticket_id])


def _pull_ticket(ctx: PullContext, ticket_id: int, owned: set[int]) -> str | None:
    """Fetch one ticket by itself; returns its LastUpdated (None if it is gone)."""
    connector, db = ctx.connector, ctx.db
    try:
        remote = connector.fetch_ticket(ticket_id)
    except NotFoundError:
        owned.discard(ticket_id)  # gone since the listing: reconcile handles it
        return None
    if remote.id != ticket_id:  # merged into another ticket: follow it
        owned.discard(ticket_id)
        owned.add(remote.id)
    if remote.fields.get("status") == "deleted":
        owned.discard(remote.id)
        return None
    history = connector.fetch_history(remote.id, ticket_store.last_txn(db, remote.id))
    assets = connector.fetch_assets(remote.id)
    return _apply_ticket(ctx, PulledTicket(remote, history, assets))[1]


def _apply_ticket(ctx: PullContext, pulled: PulledTicket) -> tuple[int, str | None]:
    """Store one ticket with its new history and equipment, in one transaction.

    A ticket opened here whose creation's answer was lost is left to the push: it
    finds the ticket by its Client Ticket Id, renumbers the local one and records the
    creation done, in one transaction; the next pull brings it.  Taken now, it would
    be here twice (the replica refuses that: every sync would fail).
    """
    db, remote, history = ctx.db, pulled.ticket, pulled.history
    ctx.fields_not_sent.update(remote.unknown_fields)
    if _opened_here_unsettled(db, remote.client_ticket_id):
        return remote.id, None
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote)
        ticket_store.remember_fields_not_sent(db, remote.id, remote.unknown_fields)
        checklist_store.remember_visit_types(db, remote.id, remote.visit_types)
        ticket_store.apply_remote_history(db, remote.id, history)
        asset_store.apply_remote_assets(db, remote.id, pulled.assets)
        user_store.remember_users(
            db,
            [remote.fields.get("owner"), *(r.get("email") for r in remote.requestors)]
            + [txn.creator for txn in history],
        )
        # A file refused before may be open to us now (the visit came back): ask again.
        db.execute(
            "UPDATE attachments SET refused = NULL WHERE ticket_id = ? AND refused IS NOT NULL",
            [remote.id],
        )
        for txn in history:
            for attachment in txn.attachments:
                remember_remote_file(db, remote.id, txn.id, attachment)
    ctx.report.tickets_pulled += 1
    return remote.id, remote.last_updated


def _opened_here_unsettled(db: sqlite_utils.Database, client_ticket_id: str | None) -> bool:
    """Whether a ticket opened here, not yet numbered by RT, carries this Client Ticket Id."""
    if client_ticket_id is None:
        return False
    query = "SELECT 1 FROM tickets WHERE client_uuid = ? AND id < 0"
    return db.execute(query, [client_ticket_id]).fetchone() is not None


def _left_because(db: sqlite_utils.Database, fate: TicketFate) -> str:
    """Why a ticket left the list: what RT told of it (deleted, out of sight, merged),
    else that it is not in the list any more (a supervisor's: the field queue)."""
    if fate.fate is not Fate.THERE:
        return fate.words()
    if is_supervisor(db):
        return "no longer open in the field queue on the helpdesk"
    return "no longer assigned to you on the helpdesk"


def _fate(ctx: PullContext, ticket_id: int) -> TicketFate:
    """One read of a ticket that left the list: what became of it."""

    def read() -> TicketSeen:
        remote = ctx.connector.fetch_ticket(ticket_id)  # RT answers for a merge's survivor
        return TicketSeen(remote.id, remote.fields.get("status"), remote.fields.get("owner"))

    return fate_of(ticket_id, read) or TicketFate(Fate.THERE)


def _reconcile(ctx: PullContext, owned: set[int]) -> None:
    """Tickets reassigned away, deleted or resolved longer ago than IT keeps them leave
    the laptop with their files, unless they hold unsent work; one merged into a
    visit the laptop holds moves into it.  Each is read once, to say which."""
    db, report = ctx.db, ctx.report
    for ticket_id in sorted(ticket_store.ticket_ids(db) - owned):
        if ticket_store.is_gone(db, ticket_id) and unsent_work(db, ticket_id):
            # Kept, and why said already: read again once its work is sent.
            report.kept_with_unsent_changes.append(ticket_id)
            continue
        fate = _fate(ctx, ticket_id)
        removed: list[Path] | None = None  # the files of a removed ticket
        with transaction(db):
            # Unsent changes, an open conflict, time on a timer, checklist work: as
            # retention keeps a resolved visit, so the reconcile keeps one given away.
            unsent = unsent_work(db, ticket_id)
            if unsent:
                said = f"{_left_because(db, fate)}; {', '.join(unsent)} kept here"
                ticket_store.mark_gone(db, ticket_id, said)
                report.kept_with_unsent_changes.append(ticket_id)
                continue
            survivor = fate.survivor
            if survivor is not None and survivor in owned & ticket_store.ticket_ids(db):
                # Its notes and files are the survivor's on the helpdesk: here too.
                ticket_store.merge_ticket(db, ticket_id, survivor)
            else:
                removed = remove_visit_rows(db, ticket_id)
            report.tickets_removed += 1
            if fate.fate is not Fate.THERE:
                report.visits_left.append(f"{fate.sentence(ticket_id)}.")
        if removed is not None:
            remove_visit_files(ctx.attachments_dir, ticket_id, removed)
