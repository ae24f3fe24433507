"""Other tickets at the technician's sites and on their equipment (read-only).

The replica holds only the technician's own tickets; these rows are the
context a visit needs to spot a recurring incident ("third jam on this
printer in two months").  Filled by ``sync.related`` during a sync.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from sync.store.users import remember_users, shown_name_sql

if TYPE_CHECKING:
    import sqlite_utils

    from sync.connectors.base import RelatedTicket


class Related(NamedTuple):
    id: int
    subject: str
    status: str
    owner: str | None
    site: str | None
    created: str
    visit_start: str | None
    same_asset: bool  # refers to equipment of the visit (not only the same site)
    mine: bool  # the technician holds it in the replica: it can be opened


class Watch(NamedTuple):
    checked_at: float
    watermark: str | None


def site_key(site: str | None) -> str | None:
    """Site names match whatever their case and spacing ('ACME  dental' = 'Acme Dental')."""
    if not site or not site.strip():
        return None
    return " ".join(site.split()).casefold()


def watch_key(kind: str, value: str | int) -> str:
    return f"{kind}:{value}"


_FOLLOWED = (
    " WHERE t.gone IS NULL AND (t.status IN ('new', 'open', 'stalled') OR t.visit_start >= ?)"
    " ORDER BY t.visit_start IS NULL, t.visit_start, t.id"
)


def followed_sites_and_assets(
    db: sqlite_utils.Database, today: str
) -> tuple[dict[str, str], list[int]]:
    """Sites ({key: name as written}) and asset ids of open or upcoming visits,
    in the order of their soonest visit (undated visits last)."""
    sites: dict[str, str] = {}
    for (site,) in db.execute("SELECT t.site FROM tickets t" + _FOLLOWED, [today]):
        key = site_key(site)
        if key is not None:
            sites.setdefault(key, " ".join(site.split()))
    query = "SELECT ta.asset_id FROM tickets t JOIN ticket_assets ta ON ta.ticket_id = t.id"
    assets = dict.fromkeys(row[0] for row in db.execute(query + _FOLLOWED, [today]))
    return sites, list(assets)


def watches(db: sqlite_utils.Database) -> dict[str, Watch]:
    rows = db.execute("SELECT key, checked_at, watermark FROM related_watch").fetchall()
    return {row[0]: Watch(float(row[1]), row[2]) for row in rows}


def watched(db: sqlite_utils.Database, key: str) -> bool:
    return db.execute("SELECT 1 FROM related_watch WHERE key = ?", [key]).fetchone() is not None


def held_related_ids(db: sqlite_utils.Database, ids: list[int]) -> set[int]:
    """Which of these tickets the laptop already holds as related ones."""
    held: set[int] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        query = f"SELECT id FROM related_tickets WHERE id IN ({marks})"
        held |= {row[0] for row in db.execute(query, chunk)}
    return held


def set_watch(
    db: sqlite_utils.Database, key: str, checked_at: float, watermark: str | None
) -> None:
    """Call inside the transaction that stores the answer."""
    db.execute(
        "INSERT INTO related_watch (key, checked_at, watermark) VALUES (?, ?, ?)"
        " ON CONFLICT(key) DO UPDATE SET checked_at = excluded.checked_at,"
        " watermark = excluded.watermark",
        [key, checked_at, watermark],
    )


def apply_related(db: sqlite_utils.Database, tickets: list[RelatedTicket]) -> None:
    """Store (or refresh) tickets from a listing. Call inside a transaction."""
    remember_users(db, (ticket.owner for ticket in tickets))  # named by the people puller
    for ticket in tickets:
        db.execute(
            "INSERT INTO related_tickets (id, subject, status, owner, site, site_key, created,"
            " last_updated, visit_start) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET subject = excluded.subject,"
            " status = excluded.status, owner = excluded.owner, site = excluded.site,"
            " site_key = excluded.site_key, created = excluded.created,"
            " last_updated = excluded.last_updated, visit_start = excluded.visit_start",
            [
                ticket.id,
                ticket.subject,
                ticket.status,
                ticket.owner,
                ticket.site,
                site_key(ticket.site),
                ticket.created,
                ticket.last_updated,
                ticket.visit_start,
            ],
        )


def link_assets(db: sqlite_utils.Database, ticket_id: int, asset_ids: set[int]) -> None:
    for asset_id in asset_ids:
        db.execute(
            "INSERT OR IGNORE INTO related_assets (ticket_id, asset_id) VALUES (?, ?)",
            [ticket_id, asset_id],
        )


def forget(db: sqlite_utils.Database, keep_keys: set[str], created_since: str) -> None:
    """Stop following sites and assets no visit needs; drop tickets out of the window.

    Call inside a transaction.
    """
    for key in set(watches(db)) - keep_keys:
        db.execute("DELETE FROM related_watch WHERE key = ?", [key])
    sites = [k.removeprefix("site:") for k in keep_keys if k.startswith("site:")]
    assets = [int(k.removeprefix("asset:")) for k in keep_keys if k.startswith("asset:")]
    db.execute(
        f"DELETE FROM related_assets WHERE asset_id NOT IN ({', '.join('?' for _ in assets)})",
        assets,
    )
    db.execute(
        "DELETE FROM related_tickets WHERE created < ? OR"
        f" (COALESCE(site_key, '') NOT IN ({', '.join('?' for _ in sites)})"
        "  AND id NOT IN (SELECT ticket_id FROM related_assets))",
        [created_since, *sites],
    )
    db.execute("DELETE FROM related_assets WHERE ticket_id NOT IN (SELECT id FROM related_tickets)")


def related_to(
    db: sqlite_utils.Database, visit_id: int, site: str | None, created_since: str
) -> list[Related]:
    """Other tickets at the visit's site or on its equipment, newest visit first."""
    rows = db.execute(
        "SELECT r.id, COALESCE(t.subject, r.subject), COALESCE(t.status, r.status), "
        + shown_name_sql("r.owner")
        + ","
        " r.site, r.created, COALESCE(t.visit_start, r.visit_start),"
        " r.id IN (SELECT ra.ticket_id FROM related_assets ra"
        "          JOIN ticket_assets ta ON ta.asset_id = ra.asset_id WHERE ta.ticket_id = ?),"
        " t.id IS NOT NULL"
        " FROM related_tickets r LEFT JOIN tickets t ON t.id = r.id"
        " WHERE r.id != ? AND r.created >= ? AND (r.site_key = ? OR r.id IN"
        "   (SELECT ra.ticket_id FROM related_assets ra"
        "    JOIN ticket_assets ta ON ta.asset_id = ra.asset_id WHERE ta.ticket_id = ?))"
        " ORDER BY COALESCE(t.visit_start, r.visit_start, r.created) DESC, r.id DESC LIMIT 50",
        [visit_id, visit_id, created_since, site_key(site) or "", visit_id],
    ).fetchall()
    return [
        Related(
            id=row[0],
            subject=row[1],
            status=row[2],
            owner=row[3],
            site=row[4],
            created=row[5],
            visit_start=row[6],
            same_asset=bool(row[7]),
            mine=bool(row[8]),
        )
        for row in rows
    ]
