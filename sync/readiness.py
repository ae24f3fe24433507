"""Ready for the road: does this laptop hold everything for the next visits?

Looks at today's and tomorrow's visits (the technician's local dates; not
those given to someone else) and lists what is missing before driving off:
a history never downloaded, attachments not on disk (or refused by the
helpdesk), equipment records not fetched, an empty knowledge base, or a
replica not synced for a long time.  Each gap says how many bytes fetching
it costs when that is known.  Apart from those, the changes on those visits
that wait for the technician (a conflict, a change the helpdesk refused):
nothing to download, but better settled while online than found on site.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sync.last_sync import laptop_sync_time
from sync.local_days import local_days
from sync.store import tickets as ticket_store
from sync.store.kb import article_count
from sync.store.settings import last_successful_sync
from sync.words import plural

if TYPE_CHECKING:
    import sqlite_utils

STALE_AFTER = timedelta(hours=12)


@dataclass(frozen=True)
class Gap:
    kind: str  # "history" | "file" | "equipment" | "kb" | "stale"
    ticket_id: int | None
    what: str
    size: int = 0  # bytes to download, 0 when unknown
    refused: bool = False  # the helpdesk refused it: fetching again will not help


@dataclass(frozen=True)
class VisitReadiness:
    visit: ticket_store.Visit
    history: bool
    files_on_disk: int
    files_total: int
    equipment_missing: int


@dataclass(frozen=True)
class RoadCheck:
    visits: list[VisitReadiness]
    gaps: list[Gap]
    articles: int
    last_sync: str | None
    to_settle: list[Gap] = field(default_factory=list)  # kinds "conflict", "refused change"

    @property
    def ready(self) -> bool:
        return not self.gaps and not self.to_settle

    @property
    def download_bytes(self) -> int:
        return sum(gap.size for gap in self.gaps)


def _visit_readiness(
    db: sqlite_utils.Database, visit: ticket_store.Visit, gaps: list[Gap]
) -> VisitReadiness:
    label = f"#{visit.id} {visit.subject}"
    history = (
        visit.is_local
        or db.execute(
            "SELECT 1 FROM history WHERE ticket_id = ? AND id IS NOT NULL LIMIT 1", [visit.id]
        ).fetchone()
        is not None
    )
    if not history:
        gaps.append(Gap("history", visit.id, f"{label}: conversation and history"))
    files = db.execute(
        "SELECT id, filename, size, path, refused FROM attachments"
        " WHERE ticket_id = ? AND id IS NOT NULL",
        [visit.id],
    ).fetchall()
    on_disk = 0
    for attachment_id, filename, size, path, refused in files:
        if path and Path(path).exists():
            on_disk += 1
        elif refused:
            what = f"{label}: {filename} (#{attachment_id}), refused by the helpdesk"
            gaps.append(Gap("file", visit.id, what, refused=True))
        else:
            gaps.append(Gap("file", visit.id, f"{label}: {filename} (#{attachment_id})", size or 0))
    missing_assets = db.execute(
        "SELECT ta.asset_id FROM ticket_assets ta LEFT JOIN assets a ON a.id = ta.asset_id"
        " WHERE ta.ticket_id = ? AND a.id IS NULL",
        [visit.id],
    ).fetchall()
    for (asset_id,) in missing_assets:
        gaps.append(Gap("equipment", visit.id, f"{label}: equipment record #{asset_id}"))
    return VisitReadiness(visit, history, on_disk, len(files), len(missing_assets))


def check_ready(
    db: sqlite_utils.Database, *, now: datetime | None = None, days: int = 2
) -> RoadCheck:
    now = now or datetime.now(UTC)
    start, end = local_days(now, days)
    upcoming = [
        v
        for v in ticket_store.list_visits(db)
        if v.visit_start is not None and start <= v.visit_start < end and v.gone is None
    ]
    upcoming.sort(key=lambda v: v.visit_start or "")
    gaps: list[Gap] = []
    visits = [_visit_readiness(db, visit, gaps) for visit in upcoming]
    to_settle = [gap for visit in upcoming for gap in _waiting_for_you(db, visit)]
    articles = article_count(db)
    if articles == 0:
        gaps.append(Gap("kb", None, "the knowledge base has not been downloaded"))
    last = last_successful_sync(db)
    if last is None:
        gaps.append(Gap("stale", None, "this laptop has never completed a sync"))
    else:
        stale = _staleness(laptop_sync_time(db), now)
        if stale is not None:
            gaps.append(Gap("stale", None, stale))
    return RoadCheck(visits, gaps, articles, last, to_settle)


def _staleness(synced: datetime | None, now: datetime) -> str | None:
    """What is wrong with the age of the last complete sync (by the laptop's clock then and
    now); None when it is fresh.  A sync "in the future" means the clock was set back
    since: how old it is cannot be told, so it is not counted as fresh."""
    if synced is not None and now < synced:
        return "the laptop's clock was set back since the last complete sync: sync to be sure"
    if synced is None or now - synced > STALE_AFTER:
        return "the last complete sync is more than 12 hours old"
    return None


def _waiting_for_you(db: sqlite_utils.Database, visit: ticket_store.Visit) -> list[Gap]:
    label = f"#{visit.id} {visit.subject}"
    waiting = []
    if visit.open_conflicts:
        what = plural(visit.open_conflicts, "conflict", "conflicts")
        waiting.append(Gap("conflict", visit.id, f"{label}: {what} to decide (Conflicts)"))
    (refused,) = db.execute(
        "SELECT COUNT(*) FROM outbox WHERE ticket_ref = ? AND state = 'rejected'", [visit.id]
    ).fetchone()
    if refused:
        what = plural(refused, "change", "changes")
        waiting.append(
            Gap("refused change", visit.id, f"{label}: {what} the helpdesk refused (Outbox)")
        )
    return waiting
