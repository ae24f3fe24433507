"""Everything the visit panel shows of one visit, read from the replica in one go.

Plain Python, no Qt: the panel reads it on the GUI thread when the technician picks
a visit (shown at once), and on a worker when the visit list refreshes after a
sync or a save (``VisitDetail.reread``): the worker's read is compared with what
the panel shows, and only a visit whose data changed is drawn again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from sync import related
from sync.history_words import contact_names, customer_addresses
from sync.link_targets import EQUIPMENT, LINK_TYPES, link_target
from sync.store import assets as asset_store
from sync.store import checklists as checklist_store
from sync.store import files as file_store
from sync.store import related as related_store
from sync.store import tickets as ticket_store
from sync.store import timers as timer_store
from sync.store import users as user_store
from sync.store.assets import Asset
from sync.store.checklists import Checklist
from sync.store.files import VisitFile
from sync.store.related import Related
from sync.store.tickets import HistoryEntry, Visit
from sync.store.timers import Timer, TimerKind

if TYPE_CHECKING:
    import sqlite_utils


class VisitSnapshot(NamedTuple):
    visit: Visit
    names: dict[str, str]  # login → name, for the conversation
    customers: frozenset[str]  # the customer's addresses (casefolded): who wrote in, not us
    history: list[HistoryEntry]
    equipment_names: dict[int, str]  # of the equipment its link lines name, linked or not
    assets: list[Asset]
    files: list[VisitFile]
    related: list[Related]
    related_pending: bool  # the site's earlier tickets come with the next sync
    checklists: list[Checklist]
    templates: list[tuple[int, str]]  # the checklists that may be added
    timers: dict[TimerKind, Timer]  # only compared: the timer bar reads its own


def read_visit(db: sqlite_utils.Database, visit_id: int) -> VisitSnapshot | None:
    """The visit and all the panel shows of it; None if it is not in the replica."""
    visit = ticket_store.get_visit(db, visit_id)
    if visit is None:
        return None
    # The checklists its Visit Type names (writes only when one is missing).
    checklist_store.ensure_checklists(db, visit.id)
    history = ticket_store.history(db, visit.id)
    return VisitSnapshot(
        visit=visit,
        names=user_store.display_names(db) | contact_names(visit, history),
        customers=customer_addresses(visit),
        history=history,
        equipment_names=asset_store.names_of(db, _equipment_in_links(history)),
        assets=asset_store.assets_of(db, visit.id),
        files=file_store.files_of(db, visit.id),
        related=related_store.related_to(db, visit.id, visit.site, related.window_start()),
        related_pending=related.pending(db, visit.site),
        checklists=checklist_store.checklists(db, visit.id),
        templates=checklist_store.templates(db),
        timers=dict(timer_store.timers(db, visit.id)),
    )


def _equipment_in_links(history: list[HistoryEntry]) -> set[int]:
    """The equipment the history's link lines name (unlinked since, too)."""
    targets = (link_target(e.new_value or e.old_value) for e in history if e.type in LINK_TYPES)
    return {target.id for target in targets if target is not None and target.kind == EQUIPMENT}
