"""Finding equipment on the laptop by any part of its serial, name, model or site.

The index is an FTS5 table with the trigram tokenizer (migration 9): a
fragment of three characters or more read off a label ("3K12" of
"VNB3K12345") is a substring lookup in the index, not a scan, so it answers
in a few milliseconds among 50 000 assets (``bench/asset_find.py``).
Shorter input matches the start of a serial or name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sync.serials import normalise_serial
from sync.store.related import site_key

if TYPE_CHECKING:
    import sqlite_utils

MIN_INDEXED = 3  # the trigram tokenizer's shortest substring
LIMIT = 50


def find_asset_ids(db: sqlite_utils.Database, text: str, limit: int = LIMIT) -> list[int]:
    """Ids of assets matching ``text`` (what was typed or scanned), best first:
    exact serial or name, then serials and names starting with it, then the rest by name."""
    query = normalise_serial(text)
    if not query:
        return []
    rank = (
        "ORDER BY (upper(a.serial) = :q OR upper(a.name) = :q) DESC,"
        " (upper(a.serial) LIKE :q || '%' OR upper(a.name) LIKE :q || '%') DESC, a.name"
    )
    if len(query) >= MIN_INDEXED:
        phrase = '"' + query.replace('"', '""') + '"'
        rows = db.execute(
            "SELECT a.id FROM assets_fts f JOIN assets a ON a.id = f.rowid"
            f" WHERE assets_fts MATCH :phrase {rank} LIMIT :limit",
            {"phrase": phrase, "q": query, "limit": limit},
        ).fetchall()
    else:
        rows = db.execute(
            "SELECT a.id FROM assets a WHERE upper(a.serial) LIKE :q || '%'"
            f" OR upper(a.name) LIKE :q || '%' {rank} LIMIT :limit",
            {"q": query, "limit": limit},
        ).fetchall()
    return [row[0] for row in rows]


def asset_ids_of_visits(
    db: sqlite_utils.Database,
    start: str,
    end: str,
    limit: int = LIMIT,
    *,
    first: int | None = None,
) -> list[int]:
    """Ids of the equipment of the visits starting in [start, end) (UTC stamps).

    The visit ``first`` (the one the technician is on, whatever its day) leads with its
    linked equipment and its site's; then every other visit's linked equipment, in the
    visits' order, before their sites' inventories: a site of 50 assets cannot push the
    afternoon's printer off the list.
    """
    visits = db.execute(
        "SELECT id, site FROM tickets WHERE gone IS NULL"
        " AND ((visit_start >= :start AND visit_start < :end) OR id = :first)"
        " ORDER BY id IS :first DESC, visit_start, id",
        {"start": start, "end": end, "first": first},
    ).fetchall()
    lead = [visits.pop(0)] if visits and visits[0][0] == first else []
    steps = [
        *(step for ticket_id, site in lead for step in (_linked(ticket_id), _at_site(site))),
        *(_linked(ticket_id) for ticket_id, _site in visits),
        *(_at_site(site) for _ticket_id, site in visits),
    ]
    ids: dict[int, None] = {}  # in order, each once
    for sql, params in steps:
        if len(ids) >= limit:
            break  # the rest is not read at all
        ids.update(dict.fromkeys(row[0] for row in db.execute(sql, params)))
    return list(ids)[:limit]


def _linked(ticket_id: int) -> tuple[str, list[Any]]:
    """The query of a visit's linked equipment, by name."""
    return (
        "SELECT a.id FROM ticket_assets l JOIN assets a ON a.id = l.asset_id"
        " WHERE l.ticket_id = ? ORDER BY a.name",
        [ticket_id],
    )


def _at_site(site: str | None) -> tuple[str, list[Any]]:
    """The query of a site's inventory, by name (any spelling of the site)."""
    return "SELECT id FROM assets WHERE site_key = ? ORDER BY name", [site_key(site)]
