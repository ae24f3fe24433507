"""Requests and wall time of sync runs against a private RT 5 (devrt).

    .venv/bin/python -m bench.sync_requests                       # all scenarios
    .venv/bin/python -m bench.sync_requests --tickets 100 --articles 1000   # smaller large case
    .venv/bin/python -m bench.sync_requests --skip-large

Uses its own RT instance directory (default /tmp/bench-rt): it is reset to
the sample data first, so never point it at an instance someone else uses.
The server is stopped at the end unless it was already running (or --keep).

Scenarios, each a full ``SyncEngine.run()`` as alice with a new connector
(as ``Session.sync`` does), counting ``SyncReport.requests``:

a. initial sync of the sample data into an empty replica;
b. idle sync (nothing changed), several times; its floor is *one* request:
   the change listing a sync cannot do without, timed in the same run;
c. sync after one change: a note written here (push + pull it back), and a
   note written on the helpdesk by the supervisor (pull);
d. large: N more tickets owned by alice and M more KB articles are created
   server-side (bench/rt_bulk_data.pl), then an initial sync and an idle sync.
   Requests are classified: *listing* (change lists and id lists, page by
   page: should grow as N/100) and *ticket* kinds (ticket fields, history,
   attachments, assets: read a hundred tickets at a time);
e. on that replica, after 10 and after 100 tickets changed on the helpdesk
   (a comment each, made server-side): requests should grow as N/100.
   With --one-by-one-too, a second replica makes the same runs reading every
   ticket by itself (the path kept for tickets a batch cannot settle, and
   what every ticket cost before batching), for the ratio in one run.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import subprocess
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from bench._common import (
    REPO,
    metric,
    print_metrics,
    print_table,
    rt_bench_options,
    summary_ms,
    write_json,
)
from devrt.instance import RTInstance, RunningRT
from sync import outbox
from sync.connectors.base import NewAttachment, NoteRequest, TicketBatch
from sync.connectors.rt import RTConnector
from sync.connectors.rt.common import PAGE_SIZE
from sync.connectors.rt_http import Credentials, RTHttp
from sync.engine import SyncEngine, SyncReport
from sync.store import open_database
from sync.store.kb import article_count
from sync.store.tickets import ticket_ids

IDLE_TARGET = 2  # requests
CHANGED = (10, 100)  # tickets changed on the helpdesk in (e)
PER_HUNDRED_CHANGED = 10  # requests (e) may add per hundred changed tickets
LARGE_RUNS = (
    "initial",
    "initial_one_by_one",
    "after_initial",
    "idle",
    *(f"changed_{n}{how}" for n in CHANGED for how in ("", "_one_by_one")),
)
IDLE_RUNS = 5
PHOTO_BYTES = 512 * 1024

LISTING = ("changed tickets", "owned ids", "related", "articles")
PER_TICKET = ("ticket", "history", "attachments", "assets")


# (pattern of the path after /REST/2.0/, kind); first match wins.
ROUTES = (
    (r"articles", "articles"),
    (r"ticket/\d+", "ticket"),
    (r"ticket/\d+/attachments", "attachments"),
    (r"attachments", "attachments"),
    (r"assets", "assets"),
)


def classify(method: str, url: str, params: Any) -> str:
    """What a REST2 request is for, from its method, path and query."""
    path = unquote(urlsplit(url).path).split("/REST/2.0/", 1)[-1]
    query = dict(params) if params else {}
    kind = "meta " + path.split("/", 1)[0]
    if method != "GET":
        kind = f"push {method}"
    elif path == "tickets":
        fields, sql = query.get("fields"), str(query.get("query"))
        kind = "changed tickets" if fields == "LastUpdated" else "owned ids"
        if "Created >" in sql and ("CF.{Site}" in sql or "RefersTo" in sql):
            kind = "related"  # other tickets at the visits' sites, a budget per sync
        if sql.startswith("id = "):
            kind = "ticket"  # a batch of tickets by id, with their fields
    elif path == "transactions":
        kind = "history" if "ObjectId" in str(query.get("query")) else "find note"
    else:
        kind = next((k for pattern, k in ROUTES if re.fullmatch(pattern, path)), kind)
    return kind


class OneByOne(RTConnector):
    """Every ticket read by itself (the batch refuses them all): the before-batching cost."""

    def fetch_tickets(self, after_txns: dict[int, int], progress: object = None) -> TicketBatch:
        return TicketBatch([], sorted(after_txns))


class Recorder:
    """Wraps a connector's HTTP session: every request's kind, time and size."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def attach(self, http: RTHttp) -> None:
        send = http.session.request

        def recorded(method: str, url: str, **kwargs: Any) -> Any:
            start = time.perf_counter()
            response = send(method, url, **kwargs)
            end = time.perf_counter()
            self.calls.append(
                {
                    "kind": classify(method, url, kwargs.get("params")),
                    "seconds": end - start,
                    "start": start,
                    "end": end,
                    "response": response,
                }
            )
            return response

        http.session.request = recorded  # type: ignore[method-assign]

    def take(self) -> list[dict[str, Any]]:
        """The calls so far, sized once the connector has read their bodies (it streams
        them within its deadline: reading one here first would leave it empty)."""
        calls, self.calls = self.calls, []
        for call in calls:
            call["bytes"] = received_bytes(call.pop("response"))
        return calls


def received_bytes(response: Any) -> int:
    body = getattr(response, "_content", None)
    if isinstance(body, bytes):
        return len(body)
    return int(response.headers.get("Content-Length") or 0)  # streamed to a file


def by_kind(calls: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Per kind: requests, their seconds added up, bytes, and ``span``: from the first
    one sent to the last one answered (less than the sum when requests overlap, as
    the KB's pages fetched two at a time do)."""
    kinds: dict[str, dict[str, float]] = defaultdict(lambda: {"n": 0, "seconds": 0, "bytes": 0})
    for call in calls:
        k = kinds[call["kind"]]
        k["n"] += 1
        k["seconds"] += call["seconds"]
        k["bytes"] += call["bytes"]
        k["first"] = min(k.get("first", call["start"]), call["start"])
        k["last"] = max(k.get("last", call["end"]), call["end"])
    for k in kinds.values():
        k["span"] = k.pop("last") - k.pop("first")
    return dict(sorted(kinds.items()))


class Bench:
    def __init__(self, rt: RunningRT, work: Path, url: str | None = None) -> None:
        self.rt = rt
        self.work = work
        self.url = url or rt.url  # RT, or a proxy in front of it
        self.recorder = Recorder()
        self.kb_class_id: int | None = None

    def connector(self, user: str, record: bool = True, one_by_one: bool = False) -> RTConnector:
        http = RTHttp(self.url, Credentials(user, token=self.rt.token(user)))
        if record:
            self.recorder.attach(http)
        # As Session does: the KB class id, once learnt, is kept in the profile.
        kind = OneByOne if one_by_one else RTConnector
        return kind(http, timezone="UTC", kb_class_id=self.kb_class_id)

    def replica(self, name: str) -> Any:
        path = self.work / f"{name}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return open_database(path)

    def sync(self, db: Any, one_by_one: bool = False) -> dict[str, Any]:
        """One sync run as alice, with a new connector as Session.sync makes."""
        connector = self.connector("alice", one_by_one=one_by_one)
        engine = SyncEngine(db, connector)
        start = time.perf_counter()
        report: SyncReport = engine.run()
        seconds = time.perf_counter() - start
        self.kb_class_id = connector.known_class_id  # Session keeps it in the profile
        if not report.ok:
            raise SystemExit(f"sync failed: {report.error}")
        calls = self.recorder.take()
        assert len(calls) == report.requests, (len(calls), report.requests)
        return {
            "requests": report.requests,
            "seconds": seconds,
            "pushed": report.pushed,
            "tickets_pulled": report.tickets_pulled,
            "articles_pulled": report.articles_pulled,
            "kinds": by_kind(calls),
        }

    def one_listing_request(self, db: Any, runs: int) -> dict[str, float]:
        """The floor of an idle sync: the single change listing it cannot skip."""
        from sync.store.settings import get_cursor  # noqa: PLC0415

        since, after = json.loads(get_cursor(db, "tickets") or "[null, 0]")
        connector = self.connector("alice", record=False)
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            connector.changed_tickets(since, after)
            samples.append(time.perf_counter() - start)
        return summary_ms(samples)


# -- scenarios -----------------------------------------------------------------------


def small_scenarios(bench: Bench) -> dict[str, Any]:
    db = bench.replica("sync-small")
    out: dict[str, Any] = {"initial": bench.sync(db)}
    out["tickets"] = len(ticket_ids(db))
    out["articles"] = article_count(db)
    idle = [bench.sync(db) for _ in range(IDLE_RUNS)]
    out["idle"] = idle[0] | {"wall": summary_ms([r["seconds"] for r in idle])}
    out["idle_floor"] = bench.one_listing_request(db, IDLE_RUNS)
    ticket = min(ticket_ids(db))
    outbox.add_note(db, ticket, "Bench: replaced the toner.", author="alice", minutes=5)
    out["local_note"] = bench.sync(db)
    supervisor = bench.connector("supervisor", record=False)
    supervisor.add_note(
        NoteRequest(ticket_id=ticket, client_request_id=str(uuid.uuid4()), content="Bench: ok.")
    )
    out["remote_note"] = bench.sync(db)
    # A photo arrives on that ticket, then one more short note.
    photo = NewAttachment("site-photo.jpg", "image/jpeg", random.Random(1).randbytes(PHOTO_BYTES))
    supervisor.add_note(
        NoteRequest(ticket, str(uuid.uuid4()), "Bench: photo of the rack.", attachments=(photo,))
    )
    out["remote_photo"] = bench.sync(db)
    supervisor.add_note(NoteRequest(ticket, str(uuid.uuid4()), "Bench: one more line."))
    out["remote_note_after_photo"] = bench.sync(db)
    db.close()
    return out


def bulk_data(tickets: int, articles: int) -> dict[str, Any]:
    from bench.corpus import DIACRITICS, TextGen, generate_articles  # noqa: PLC0415

    gen = TextGen(seed=7)
    rows = []
    for i in range(tickets):
        rows.append(
            {
                "subject": f"Bench visit {i}: {gen.title()}",
                "requestor": f"bench{i}@example.test",
                "priority": i % 100,
                "body": gen.body(600, html=False),
                "fields": {
                    "Site": f"{DIACRITICS[i % len(DIACRITICS)].title()} site {i % 50}",
                    "Address": f"{i} Bench Road",
                    "Contact": f"Contact {i}",
                    "Visit Start": f"2027-01-{1 + i % 28:02d} 09:00:00",
                    "Visit End": f"2027-01-{1 + i % 28:02d} 11:00:00",
                },
            }
        )
    kb = [
        {"name": f"{a.name} (#{a.id})", "summary": a.summary, "content": a.content}
        for a in generate_articles(articles, seed=9)
    ]
    return {"owner": "alice", "tickets": rows, "articles": kb}


def load_bulk(instance: RTInstance, tickets: int, articles: int) -> dict[str, Any]:
    data = Path(tempfile.mkstemp(prefix="rt-bulk-", suffix=".json")[1])
    data.write_text(json.dumps(bulk_data(tickets, articles)))
    start = time.perf_counter()
    done = subprocess.run(
        ["perl", str(REPO / "bench" / "rt_bulk_data.pl"), str(data)],
        env=instance._rt_env(),  # the instance's RT_SITE_CONFIG
        capture_output=True,
        text=True,
        check=False,
    )
    data.unlink()
    if done.returncode != 0:
        raise SystemExit(f"bulk data failed:\n{done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["seconds"] = time.perf_counter() - start
    return result


def large_scenario(
    bench: Bench,
    instance: RTInstance,
    tickets: int,
    articles: int,
    *,
    one_by_one_too: bool,
    loaded: bool,
) -> Any:
    out: dict[str, Any] = {}
    if not loaded:
        print(f"Creating {tickets} tickets and {articles} articles in RT...", flush=True)
        out["created"] = load_bulk(instance, tickets, articles)
        print(f"  done in {out['created']['seconds']:.0f} s", flush=True)
    print("  initial sync...", flush=True)
    db = bench.replica("sync-large")
    out["initial"] = bench.sync(db)
    out["tickets"] = len(ticket_ids(db))
    out["articles"] = article_count(db)
    print("  idle sync...", flush=True)
    # The first sync after asks the related tickets of the sites the first one had no
    # budget for (sync.related: a few listings per sync); the one after that is idle.
    out["after_initial"] = bench.sync(db)
    out["idle"] = bench.sync(db)
    alone = None
    if one_by_one_too:
        print("  initial sync reading every ticket by itself...", flush=True)
        alone = bench.replica("sync-large-one-by-one")
        out["initial_one_by_one"] = bench.sync(alone, one_by_one=True)
    owned = sorted(ticket_ids(db), reverse=True)
    for n in CHANGED:
        print(f"  sync after {n} tickets changed...", flush=True)
        comment_on(instance, owned[:n], f"Bench: {n} changed.")
        out[f"changed_{n}"] = bench.sync(db)
        if alone is not None:
            out[f"changed_{n}_one_by_one"] = bench.sync(alone, one_by_one=True)
    db.close()
    if alone is not None:
        alone.close()
    return out


def comment_on(instance: RTInstance, ticket_ids: list[int], text: str) -> None:
    """A comment on each ticket, made server-side as the helpdesk's staff would."""
    script = (
        "use lib '/usr/share/request-tracker5/lib'; use RT -init;"
        " for my $id (@ARGV[1..$#ARGV]) { my $t = RT::Ticket->new(RT->SystemUser);"
        " $t->Load($id); my ($ok, $msg) = $t->Comment(Content => $ARGV[0]);"
        ' die "$msg\\n" unless $ok; }'
    )
    done = subprocess.run(
        ["perl", "-e", script, text, *map(str, ticket_ids)],
        env=instance._rt_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"changing tickets failed:\n{done.stderr[-2000:]}")


# -- report --------------------------------------------------------------------------


def count(run: dict[str, Any], kinds: tuple[str, ...]) -> int:
    return int(sum(run["kinds"].get(k, {}).get("n", 0) for k in kinds))


def kib(run: dict[str, Any]) -> float:
    return float(sum(k["bytes"] for k in run["kinds"].values()) / 1024)


def small_rows(small: dict[str, Any]) -> list[dict[str, Any]]:
    idle, floor = small["idle"], small["idle_floor"]
    return [
        metric(
            f"(a) initial sync, {small['tickets']} visits + {small['articles']} articles: requests",
            small["initial"]["requests"],
            None,
            "",
            None,
        ),
        metric("(a) initial sync wall (s)", small["initial"]["seconds"], None, "", None),
        metric(
            "(b) idle sync: requests",
            idle["requests"],
            1,
            f"<= {IDLE_TARGET}",
            idle["requests"] <= IDLE_TARGET,
        ),
        metric("(b) idle sync wall p50 (ms)", idle["wall"]["p50_ms"], floor["p50_ms"], "", None),
        metric(
            "(c) sync after 1 local note: requests", small["local_note"]["requests"], None, "", None
        ),
        metric(
            "(c) sync after 1 local note wall (ms)",
            small["local_note"]["seconds"] * 1000,
            None,
            "",
            None,
        ),
        metric(
            "(c) sync after 1 remote note: requests",
            small["remote_note"]["requests"],
            None,
            "",
            None,
        ),
        metric(
            "(c) sync after 1 remote note wall (ms)",
            small["remote_note"]["seconds"] * 1000,
            None,
            "",
            None,
        ),
        metric(
            "(c) 1 remote note on a ticket holding a 512 KiB photo: KiB received",
            kib(small["remote_note_after_photo"]),
            kib(small["remote_note"]),
            "",
            None,
        ),
    ]


def large_rows(large: dict[str, Any]) -> list[dict[str, Any]]:
    initial, idle = large["initial"], large["idle"]
    n_tickets, n_articles = large["tickets"], large["articles"]
    listing_floor = math.ceil(n_tickets / PAGE_SIZE) + math.ceil(n_articles / PAGE_SIZE)
    listing = count(initial, LISTING)
    per_ticket = count(initial, PER_TICKET)
    pulled = initial["tickets_pulled"]
    # The most often fetched per-ticket kind, per changed ticket: 1 = nothing fetched twice.
    heaviest = max(count(initial, (k,)) for k in PER_TICKET) / max(1, pulled)
    return [
        metric(
            f"(d) initial sync, {n_tickets} visits + {n_articles} articles (s)",
            initial["seconds"],
            None,
            "",
            None,
        ),
        metric("(d)   requests in all", initial["requests"], None, "", None),
        metric(
            "(d)   listing requests",
            listing,
            listing_floor,
            "O(N/100)",
            listing <= 2 * listing_floor + 2,
        ),
        metric(
            "(d)   full-ticket fetches per changed ticket",
            heaviest,
            1,
            "once per changed ticket",
            heaviest <= 1,
        ),
        metric(
            f"(d)   per-ticket round trips per changed ticket ({'+'.join(PER_TICKET)})",
            per_ticket / max(1, pulled),
            1,
            "",
            None,
        ),
        metric(
            "(d)   per-ticket requests in the idle sync",
            count(idle, PER_TICKET),
            0,
            "0",
            count(idle, PER_TICKET) == 0,
        ),
        metric(
            "(d) idle sync: requests",
            idle["requests"],
            1,
            f"<= {IDLE_TARGET}",
            idle["requests"] <= IDLE_TARGET,
        ),
        metric("(d) idle sync wall (ms)", idle["seconds"] * 1000, None, "", None),
        metric(
            "(d) the sync before it (related tickets catching up): requests",
            large["after_initial"]["requests"],
            None,
            "",
            None,
        ),
        *one_by_one_rows(large, "initial", "(d) initial sync"),
        *changed_rows(large),
    ]


def changed_rows(large: dict[str, Any]) -> list[dict[str, Any]]:
    """(e): requests after N changed tickets, against the N/100 + c target."""
    rows = []
    idle = large["idle"]["requests"]
    for n in CHANGED:
        run = large.get(f"changed_{n}")
        if run is None:
            continue
        # Per hundred changed tickets, beyond an idle sync: a page of the change
        # listing or two, the fields, two or three pages of history, as many of
        # message bodies and files, the equipment: at most 10.
        budget = idle + PER_HUNDRED_CHANGED * math.ceil(n / PAGE_SIZE)
        rows.append(
            metric(
                f"(e) sync after {n} tickets changed: requests",
                run["requests"],
                budget,
                f"<= idle + {PER_HUNDRED_CHANGED}*ceil({n}/100)",
                run["requests"] <= budget,
            )
        )
        rows.append(metric(f"(e)   wall after {n} (s)", run["seconds"], None, "", None))
        rows += one_by_one_rows(large, f"changed_{n}", f"(e) after {n} changed")
    return rows


def one_by_one_rows(large: dict[str, Any], run: str, label: str) -> list[dict[str, Any]]:
    """The same run reading every ticket by itself, and the ratios (--one-by-one-too)."""
    alone = large.get(f"{run}_one_by_one")
    if alone is None:
        return []
    batched = large[run]
    return [
        metric(f"{label}, one by one: requests", alone["requests"], None, "", None),
        metric(
            f"{label}: batched / one-by-one requests",
            batched["requests"] / max(1, alone["requests"]),
            None,
            "",
            None,
        ),
        metric(
            f"{label}: batched / one-by-one wall",
            batched["seconds"] / max(1e-9, alone["seconds"]),
            None,
            "",
            None,
        ),
    ]


def print_kinds(title: str, runs: dict[str, dict[str, Any]]) -> None:
    kinds = sorted({k for run in runs.values() for k in run["kinds"]})
    print(f"\n{title}: requests by kind (count / seconds added up / KiB / span s)")
    rows = []
    for kind in kinds:
        row: list[Any] = [kind]
        for run in runs.values():
            k = run["kinds"].get(kind)
            row.append(
                f"{k['n']:.0f} / {k['seconds']:.2f} / {k['bytes'] / 1024:.0f} / {k['span']:.2f}"
                if k
                else "-"
            )
        rows.append(row)
    print_table(rows, ("kind", *runs))


def with_server(
    directory: Path,
    keep: bool,
    body: Callable[[RTInstance, RunningRT], None],
    *,
    reset: bool = True,
) -> None:
    instance = RTInstance(directory, log=lambda line: print("  devrt:", line, flush=True))
    was_running = instance.status() is not None
    rt = instance.up()
    try:
        body(instance, instance.reset() if reset else rt)  # the sample data, unless --loaded
    finally:
        if not (keep or was_running):
            instance.down()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=500, help="tickets added for (d)")
    parser.add_argument("--articles", type=int, default=5000, help="articles added for (d)")
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument(
        "--one-by-one-too",
        action="store_true",
        help="in (d)/(e), also sync a replica reading every ticket by itself (for the ratio)",
    )
    parser.add_argument(
        "--loaded",
        action="store_true",
        help="the instance holds the large data set from an earlier run (its server may be"
        " stopped): no reset, no sample scenarios, no bulk load; (d) and (e) only",
    )
    rt_bench_options(parser, "bench-rt")
    args = parser.parse_args()
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    out: dict[str, Any] = {}

    def scenarios(instance: RTInstance, rt: RunningRT) -> None:
        bench = Bench(rt, work)
        if not args.loaded:
            print(f"RT at {rt.url}; sample-data scenarios...", flush=True)
            out["small"] = small_scenarios(bench)
        if not args.skip_large:
            out["large"] = large_scenario(
                bench,
                instance,
                args.tickets,
                args.articles,
                one_by_one_too=args.one_by_one_too,
                loaded=args.loaded,
            )

    with_server(Path(args.rt_dir), args.keep, scenarios, reset=not args.loaded)
    rows = small_rows(out["small"]) if "small" in out else []
    if "large" in out:
        rows += large_rows(out["large"])
    print()
    print_metrics(rows)
    if "small" in out:
        small = out["small"]
        print_kinds(
            "Sample data",
            {
                k: small[k]
                for k in ("initial", "idle", "local_note", "remote_note", "remote_note_after_photo")
            },
        )
    if "large" in out:
        large = out["large"]
        print_kinds("Large", {k: large[k] for k in LARGE_RUNS if k in large})
    out["table"] = rows
    path = write_json("sync_requests", out, Path(args.json) if args.json else None)
    print(f"\nResults: {path}")


if __name__ == "__main__":
    main()
