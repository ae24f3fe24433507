"""What must hold after the fleet's day: read from RT (as the supervisor) and every replica.

- Every note the driver saved is in RT exactly once, on its ticket, with its time and
  its photo — or, if its visit was reassigned before it went, refused with that cause
  and still kept on the laptop.  No note is in RT that nobody saved.
- Every new ticket is in RT exactly once.
- Every field change was sent, or ended as a recorded conflict, or was refused because
  the visit was reassigned; nothing waits to be sent.
- Every planned clash (supervisor and technician set parts-used, neither seeing the
  other) left a recorded conflict on whichever side sent second.
- No SIGKILL, fault or race made a process end in a traceback.
- Every replica holds exactly the tickets its owner's scope has in RT, and each of them
  equals RT field by field, with no local edit left over.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from typing import Any

from sync.changes.fields import FOLDED
from sync.connectors.base import SYNCED_FIELDS, RemoteTicket, RemoteTransaction
from sync.connectors.rt import FIELD_QUEUE, RTConnector, ticket_sql_quote
from tests.soak.actor import Actor
from tests.soak.fleet import SUPERVISOR, FleetRun

MARKER = re.compile(r"\[soak [a-z0-9]+ \d{5}\]")


class Audit:
    def __init__(self, run: FleetRun, boss: RTConnector) -> None:
        self.run = run
        self.boss = boss
        self.problems: list[str] = list(run.failed_actions)
        self._tickets: dict[int, RemoteTicket] = {}

    def ticket(self, ticket_id: int) -> RemoteTicket:
        if ticket_id not in self._tickets:
            self._tickets[ticket_id] = self.boss.fetch_ticket(ticket_id)
        return self._tickets[ticket_id]

    def check(self) -> list[str]:
        for actor in self.run.actors:
            for crash in actor.crashes():
                self.problems.append(
                    f"{actor.name}: '{' '.join(crash.args)}' crashed:\n{crash.stderr[-2000:]}"
                )
        queue = self.boss.search_tickets(f"Queue = {ticket_sql_quote(FIELD_QUEUE)}", "Subject")
        notes = self.notes_in_rt([int(t["id"]) for t in queue])
        self.check_notes(notes)
        self.check_new_tickets(queue)
        self.check_field_changes()
        self.check_clashes()
        for actor in self.run.actors:
            self.check_replica(actor)
        return self.problems

    # -- notes ---------------------------------------------------------------------
    def notes_in_rt(self, ticket_ids: list[int]) -> dict[str, list[RemoteTransaction]]:
        found: dict[str, list[RemoteTransaction]] = defaultdict(list)
        for ticket_id in ticket_ids:
            for txn in self.boss.fetch_history(ticket_id, 0):
                if txn.type in ("Comment", "Correspond"):
                    for marker in MARKER.findall(txn.body or ""):
                        found[marker].append(txn)
        return found

    def check_notes(self, in_rt: dict[str, list[RemoteTransaction]]) -> None:
        made = {n.marker: n for n in self.run.notes}
        for marker in in_rt.keys() - made.keys():
            self.problems.append(f"a note nobody saved is in RT: {marker}")
        actors = {a.name: a for a in self.run.actors}
        for marker, note in made.items():
            rows = actors[note.actor].query(
                "SELECT state, error_cause FROM outbox WHERE kind = 'note' AND payload LIKE ?",
                (f"%{marker}%",),
            )
            landed = in_rt.get(marker, [])
            if len(rows) != 1:
                self.problems.append(f"{marker}: {len(rows)} outbox rows on the laptop")
                continue
            state, cause = rows[0]
            if state == "rejected" and cause == "reassigned":
                if landed:
                    self.problems.append(f"{marker}: refused as reassigned, yet in RT")
                continue
            if state != "done":
                self.problems.append(f"{marker}: never delivered ({state}, {cause})")
            elif len(landed) != 1:
                self.problems.append(f"{marker}: in RT {len(landed)} times, expected once")
            else:
                self.check_note_content(note, landed[0])

    def check_note_content(self, note: Any, txn: RemoteTransaction) -> None:
        if txn.ticket_id != note.ticket:
            self.problems.append(f"{note.marker}: on #{txn.ticket_id}, made on #{note.ticket}")
        if txn.time_taken != note.minutes:
            self.problems.append(f"{note.marker}: {txn.time_taken} min in RT, {note.minutes} made")
        photos = [a for a in txn.attachments if a.filename.endswith(".png")]
        if len(photos) != (1 if note.photo else 0):
            self.problems.append(f"{note.marker}: {len(photos)} photos in RT")

    # -- new tickets -----------------------------------------------------------------
    def check_new_tickets(self, queue: list[dict[str, Any]]) -> None:
        subjects = Counter(m for t in queue for m in MARKER.findall(t.get("Subject") or ""))
        for made in self.run.tickets:
            if subjects[made.marker] != 1:
                self.problems.append(f"new ticket {made.marker}: {subjects[made.marker]} in RT")

    # -- field changes and conflicts ---------------------------------------------------------
    def check_field_changes(self) -> None:
        for actor in self.run.actors:
            for seq, state, cause, recorded in actor.query(
                "SELECT seq, state, error_cause, (SELECT count(*) FROM conflicts c"
                " WHERE c.outbox_seq = o.seq) FROM outbox o WHERE kind != 'note'"
            ):
                if state in ("pending", "in_flight"):
                    self.problems.append(f"{actor.name}: change {seq} was never sent ({state})")
                elif state == "rejected" and cause != "reassigned":
                    self.problems.append(f"{actor.name}: change {seq} refused ({cause})")
                elif state == "conflict" and not recorded:
                    self.problems.append(f"{actor.name}: change {seq} in conflict, none recorded")

    def check_clashes(self) -> None:
        """Whichever side sent second met the other's value as a recorded conflict.

        Either the clash's own row ended in a conflict, or an earlier queued change of
        the same field met the other side's value first (then the clash's row went
        against the base the user settled on).
        """
        actors = {a.name: a for a in self.run.actors}
        for clash in self.run.clashes:
            technician, supervisor = actors[clash.technician], actors[SUPERVISOR]
            sides = [
                self.clash_row(technician, clash.ticket, clash.technician_value),
                self.clash_row(supervisor, clash.ticket, clash.supervisor_value),
            ]
            if any(side is None for side in sides):
                self.problems.append(f"#{clash.ticket}: a clash's change is not in the outbox")
                continue
            if sides[0] == ("rejected", 0):
                continue  # reassigned before the technician's change went: refused, kept
            met = any(side[1] for side in sides if side)
            met = met or self.met_value(technician, clash.ticket, clash.supervisor_value)
            met = met or self.met_value(supervisor, clash.ticket, clash.technician_value)
            if not met:
                self.problems.append(
                    f"#{clash.ticket} parts used, set by {clash.technician} and the supervisor:"
                    " no conflict recorded on either side"
                )

    @staticmethod
    def met_value(actor: Actor, ticket: int, theirs: str) -> bool:
        rows = actor.query(
            "SELECT count(*) FROM conflicts WHERE ticket_id = ? AND field = 'parts_used'"
            " AND theirs = ?",
            (ticket, theirs),
        )
        return bool(rows[0][0])

    @staticmethod
    def clash_row(actor: Actor, ticket: int, value: str) -> tuple[str, int] | None:
        """State and recorded conflicts of the first row that set value on ticket.

        The row keeps the conflict's message, which stands for the record where the
        record is gone: a visit reassigned away leaves the laptop with its conflict
        records, and a later edit of the field while its conflict was open replaces
        that conflict with its own (the user decides on the values typed last).
        """
        rows = actor.query(
            "SELECT state, (SELECT count(*) FROM conflicts c WHERE c.outbox_seq = o.seq)"
            " + (IFNULL(last_error, '') LIKE 'changed on the helpdesk too:%parts used%'"
            "    AND (NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = o.ticket_ref)"
            "         OR EXISTS (SELECT 1 FROM outbox later WHERE later.seq > o.seq"
            "                    AND later.ticket_ref = o.ticket_ref"
            "                    AND later.payload LIKE ?)))"
            " FROM outbox o WHERE kind = 'set_fields' AND ticket_ref = ? AND payload LIKE ?"
            " ORDER BY seq LIMIT 1",
            (f'%"{FOLDED}": [%"parts_used"%', ticket, f"%{value}%"),
        )
        return (rows[0][0], int(rows[0][1])) if rows else None

    # -- replicas --------------------------------------------------------------------
    def scope_of(self, actor: Actor) -> set[int]:
        if actor.name == SUPERVISOR:
            query = f"Queue = {ticket_sql_quote(FIELD_QUEUE)} AND Status = '__Active__'"
        else:
            query = f"Owner = {ticket_sql_quote(actor.name)}"
        return {int(t["id"]) for t in self.boss.search_tickets(query, "id")}

    def check_replica(self, actor: Actor) -> None:
        columns = ", ".join(SYNCED_FIELDS)
        rows = actor.query(
            f"SELECT id, time_worked, base, {columns} FROM tickets WHERE gone IS NULL"
        )
        held = {row[0] for row in rows}
        expected = self.scope_of(actor)
        if held != expected:
            self.problems.append(
                f"{actor.name}: replica holds {sorted(held - expected)} beyond RT's scope and"
                f" lacks {sorted(expected - held)}"
            )
        for ticket_id, minutes, base_text, *values in rows:
            working = dict(zip(SYNCED_FIELDS, values, strict=True))
            base = json.loads(base_text)
            edited = [f for f in SYNCED_FIELDS if base.get(f) != working[f]]
            if edited:
                self.problems.append(f"{actor.name}: #{ticket_id} keeps local edits {edited}")
            if ticket_id not in expected:
                continue
            server = self.ticket(ticket_id)
            differ = [f for f in SYNCED_FIELDS if server.fields.get(f) != working[f]]
            if server.time_worked != minutes:
                differ.append("time_worked")
            if differ:
                self.problems.append(
                    f"{actor.name}: #{ticket_id} differs from RT in "
                    + ", ".join(
                        f"{f} ({working.get(f)!r} vs {server.fields.get(f)!r})"
                        if f in working
                        else f
                        for f in differ
                    )
                )
