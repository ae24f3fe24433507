"""The benchmarks' peer: a technician's tickets mirrored with python-rt, the obvious way.

What someone writing a mirror script with PyPI ``rt`` (python-rt 3.8.1, ``rt.rest2.Rt``)
would do: list the owner's tickets (only those updated since the last run, after the
first), then for each one get the ticket, its history, its attachment list and each
message's text, and the assets it refers to; one SQLite transaction per ticket.

It runs in the benchmarks' own venv (``bench/.peer-venv``, made by ``bench/naive_peer.py``),
never in the project's: it imports nothing of FieldDesk.  The token comes in ``RT_TOKEN``.

    bench/.peer-venv/bin/python bench/naive_rt_client.py --url URL --owner alice --db mirror.db

Prints one JSON line: tickets listed and fetched, rows written, seconds.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import sqlite3
import time
from typing import Any

import rt.exceptions
import rt.rest2

SCHEMA = """
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS tickets (id INTEGER PRIMARY KEY, subject TEXT, status TEXT,
    owner TEXT, last_updated TEXT, record TEXT);
CREATE TABLE IF NOT EXISTS transactions (id INTEGER PRIMARY KEY, ticket_id INTEGER,
    type TEXT, creator TEXT, created TEXT, description TEXT);
CREATE TABLE IF NOT EXISTS attachments (id INTEGER PRIMARY KEY, ticket_id INTEGER,
    transaction_id INTEGER, filename TEXT, content_type TEXT, content BLOB);
CREATE TABLE IF NOT EXISTS assets (id INTEGER, ticket_id INTEGER, name TEXT, record TEXT,
    PRIMARY KEY (id, ticket_id));
"""
ATTACHMENT_FIELDS = ["TransactionId", "Filename", "ContentType", "ContentLength"]
WITH_CONTENT = [{"field": "ContentLength", "operator": ">", "value": "0"}]


def ticket_sql_date(served: str) -> str:
    """RT serves ``2026-12-02T03:44:00Z``; TicketSQL wants ``2026-12-02 03:44:00``
    (the devrt users' time zone is UTC)."""
    return served.replace("T", " ").rstrip("Z")


def ref_id(value: Any) -> str:
    return str(value.get("id")) if isinstance(value, dict) else str(value or "")


def mirror_ticket(tracker: rt.rest2.Rt, db: sqlite3.Connection, ticket_id: int) -> None:
    """Fetch one ticket with everything it holds, then replace its rows in one transaction."""
    ticket = tracker.get_ticket(ticket_id)
    history = tracker.get_ticket_history(ticket_id)
    listed = tracker.get_attachments(
        ticket_id, query_filter=WITH_CONTENT, query_format=ATTACHMENT_FIELDS
    )
    # Message text comes down now; files (photos, PDFs) are listed, their bytes left for
    # when someone opens them: the same work as FieldDesk's sync.
    contents = [tracker.get_attachment(a["id"]) if not a.get("Filename") else a for a in listed]
    linked = [
        link["id"]
        for link in ticket.get("_hyperlinks", [])
        if link.get("ref") == "refers-to" and link.get("type") == "asset"
    ]
    assets = [tracker.get_asset(asset_id) for asset_id in linked]
    with db:
        for table in ("transactions", "attachments", "assets"):
            db.execute(f"DELETE FROM {table} WHERE ticket_id = ?", [ticket_id])
        db.execute(
            "INSERT OR REPLACE INTO tickets VALUES (?, ?, ?, ?, ?, ?)",
            [
                ticket_id,
                ticket.get("Subject"),
                ticket.get("Status"),
                ref_id(ticket.get("Owner")),
                ticket.get("LastUpdated"),
                json.dumps(ticket),
            ],
        )
        db.executemany(
            "INSERT OR REPLACE INTO transactions VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    int(t["id"]),
                    ticket_id,
                    t.get("Type"),
                    ref_id(t.get("Creator")),
                    t.get("Created"),
                    t.get("Description"),
                )
                for t in history
            ],
        )
        db.executemany(
            "INSERT OR REPLACE INTO attachments VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    int(a["id"]),
                    ticket_id,
                    int(ref_id(a.get("TransactionId"))),
                    a.get("Filename") or None,
                    a.get("ContentType"),
                    None if a.get("Filename") else base64.b64decode(a.get("Content") or ""),
                )
                for a in contents
            ],
        )
        db.executemany(
            "INSERT OR REPLACE INTO assets VALUES (?, ?, ?, ?)",
            [(int(a["id"]), ticket_id, a.get("Name"), json.dumps(a)) for a in assets],
        )


def mirror(tracker: rt.rest2.Rt, db: sqlite3.Connection, owner: str) -> dict[str, int]:
    """One run: the owner's tickets changed since the last run (all of them the first time)."""
    row = db.execute("SELECT value FROM state WHERE key = 'since'").fetchone()
    criteria: dict[str, str] = {"Owner": owner}
    if row is not None:
        criteria["LastUpdated__gt"] = ticket_sql_date(row[0])
    try:
        listed = list(tracker.search(order="LastUpdated", query_format=["LastUpdated"], **criteria))
    except rt.exceptions.NotFoundError:  # how python-rt says "no match" to RT >= 5.0.5
        listed = []
    known = dict(db.execute("SELECT id, last_updated FROM tickets").fetchall())
    fetched = 0
    for item in listed:
        ticket_id = int(item["id"])
        if known.get(ticket_id) == item["LastUpdated"]:
            continue
        mirror_ticket(tracker, db, ticket_id)
        fetched += 1
    if listed:
        with db:
            newest = max(item["LastUpdated"] for item in listed)
            db.execute("INSERT OR REPLACE INTO state VALUES ('since', ?)", [newest])
    return {"listed": len(listed), "fetched": fetched}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="RT's address, e.g. http://127.0.0.1:8080")
    parser.add_argument("--owner", required=True, help="the technician whose tickets to mirror")
    parser.add_argument("--db", required=True, help="the mirror's SQLite file")
    args = parser.parse_args()
    tracker = rt.rest2.Rt(f"{args.url.rstrip('/')}/REST/2.0/", token=os.environ["RT_TOKEN"])
    db = sqlite3.connect(args.db)
    db.executescript(SCHEMA)
    # Timed as FieldDesk's run is: its client and replica are made before the clock starts.
    start = time.perf_counter()
    result = mirror(tracker, db, args.owner)
    db.close()
    result["seconds"] = time.perf_counter() - start
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
