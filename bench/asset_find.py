"""Finding an asset by a 4-character fragment of its serial among 50 000 assets.

    .venv/bin/python -m bench.asset_find                  # 50 000 assets, 300 queries
    .venv/bin/python -m bench.asset_find --assets 10000 --queries 100   # quicker

The replica is built through the product's own path (``upsert_remote_asset`` in
one transaction: the trigram index kept up to date by its triggers).  Each query
is 4 characters cut from the middle of a random asset's serial, typed in lower
case as a technician reads it off a label.  Measured, interleaved on the same
database:

* find (store): ``sync.store.asset_find.find_asset_ids`` — the index lookup
  and ranking;
* find (API): ``sync.assets.find_assets`` — what the window and the CLI call:
  the same plus each hit's fields, warranty state and tickets;
* floor: a trivial query on the same database (one asset by primary key);
* scan (info): the same fragment with ``LIKE '%…%'`` over serials, names,
  models and sites — what the index saves.

Target: find (API) p95 under 20 ms.
"""

from __future__ import annotations

import argparse
import random
import string
import tempfile
import time
from pathlib import Path

from bench._common import metric, print_metrics, summary_ms, write_json
from sync import assets
from sync.connectors.base import RemoteAsset
from sync.store import assets as store
from sync.store import open_database, transaction
from sync.store.asset_find import find_asset_ids

TARGET_MS = 20.0
MODELS = [
    "HP LaserJet Pro M404dn", "Dell Latitude 5440", "Ubiquiti UniFi U6-Lite", "Cisco CBS350-24P",
    "Synology DS220+", "Epson TM-m30III", "Zebra ZT411", "Lenovo ThinkPad T14", "APC SMT1500",
    "Kyocera TASKalfa 3253ci", "Yealink SIP-T54W", "Fortinet FortiGate 40F",
]  # fmt: skip
KINDS = ["PRN", "LT", "AP", "SW", "NAS", "RCP", "LBL", "UPS", "MFP", "PH", "FW", "DT"]
ALPHABET = string.ascii_uppercase + string.digits


def build(path: Path, count: int, rng: random.Random) -> list[str]:
    db = open_database(path)
    serials: list[str] = []
    sites = [f"Customer site {i:04d}" for i in range(max(1, count // 40))]
    started = time.perf_counter()
    with transaction(db):
        for asset_id in range(1, count + 1):
            serial = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(8, 16)))
            serials.append(serial)
            store.upsert_remote_asset(
                db,
                RemoteAsset(
                    id=asset_id,
                    name=f"C{asset_id // 40:04d}-{rng.choice(KINDS)}-{asset_id % 40:02d}",
                    catalog="Field Equipment",
                    status="in-use",
                    model=rng.choice(MODELS),
                    serial=serial,
                    warranty=f"20{rng.randint(24, 30)}-{rng.randint(1, 12):02d}-15",
                    last_updated="2026-11-20T08:00:00Z",
                    site=rng.choice(sites),
                ),
                in_inventory=True,
            )
    print(f"built {count:,} assets in {time.perf_counter() - started:.1f} s")
    db.close()
    return serials


def fragment(serial: str, rng: random.Random) -> str:
    start = rng.randint(1, max(1, len(serial) - 5))
    return serial[start : start + 4].lower()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--assets", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="fielddesk-asset-find-") as work:
        path = Path(work) / "replica.db"
        serials = build(path, args.assets, rng)
        db = open_database(path)
        queries = [fragment(rng.choice(serials), rng) for _ in range(args.queries)]
        times: dict[str, list[float]] = {"store": [], "api": [], "floor": [], "scan": []}
        misses = 0
        for number, text in enumerate(queries):
            asset_id = rng.randint(1, args.assets)
            start = time.perf_counter()
            db.execute("SELECT id, name, serial FROM assets WHERE id = ?", [asset_id]).fetchone()
            times["floor"].append(time.perf_counter() - start)
            # Whichever runs first meets the colder cache: take turns.
            order = ("store", "api") if number % 2 else ("api", "store")
            for name in order:
                start = time.perf_counter()
                if name == "store":
                    ids = find_asset_ids(db, text)
                else:
                    found = assets.find_assets(db, text)
                times[name].append(time.perf_counter() - start)
            start = time.perf_counter()
            like = f"%{text.upper()}%"
            scanned = db.execute(
                "SELECT id FROM assets WHERE upper(serial) LIKE ? OR upper(name) LIKE ?"
                " OR upper(model) LIKE ? OR upper(site) LIKE ? LIMIT 50",
                [like, like, like, like],
            ).fetchall()
            times["scan"].append(time.perf_counter() - start)
            # Under the limit both must find exactly the same assets.
            complete = len(scanned) < 50
            wrong = complete and {row[0] for row in scanned} != set(ids)
            misses += wrong or len(found) != len(ids)
        db.close()
    stats = {name: summary_ms(samples) for name, samples in times.items()}
    floor = stats["floor"]["p95_ms"]
    rows = [
        metric("find (API) p95 ms", stats["api"]["p95_ms"], floor, f"< {TARGET_MS:.0f} ms",
               stats["api"]["p95_ms"] < TARGET_MS),
        metric("find (store) p95 ms", stats["store"]["p95_ms"], floor, "info", None),
        metric("find (API) p50 ms", stats["api"]["p50_ms"], stats["floor"]["p50_ms"], "info",
               None),
        metric("LIKE scan p95 ms", stats["scan"]["p95_ms"], floor, "info (no index)", None),
        metric("floor p95 ms (one asset by id)", floor, None, "info", None),
    ]  # fmt: skip
    print(f"{args.assets:,} assets, {args.queries} four-character serial fragments")
    print_metrics(rows)
    print(f"queries where the index missed what a scan finds: {misses}")
    write_json(
        "asset_find",
        {"assets": args.assets, "queries": args.queries, "stats": stats, "metrics": rows,
         "misses": misses},
        args.json,
    )  # fmt: skip


if __name__ == "__main__":
    main()
