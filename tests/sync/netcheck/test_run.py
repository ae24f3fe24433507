"""A whole run: live progress, cancel at once, the note, before/after, kept and attached."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest
import sqlite_utils

from sync import file_vault
from sync.changes.site_targets import save_and_share
from sync.connectors.base import RemoteArticle
from sync.netcheck import history, site_targets
from sync.netcheck import run as run_module
from sync.netcheck.compare import compare
from sync.netcheck.evidence import attach_run
from sync.netcheck.report import note_text
from sync.netcheck.result import CANCELLED, FAIL, PASS, Cancel, ProbeResult
from sync.netcheck.run import Options, Run, plan, run_checks
from sync.netcheck.targets import parse_targets
from sync.store import kb, open_database, transaction
from sync.store import tickets as ticket_store
from sync.store.outbox import InvalidChange
from sync.store.outbox import rows as pending
from tests.netcheck_servers import closed_port, silent_tcp, silent_udp
from tests.sync.test_store import remote_ticket


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    database = open_database(tmp_path / "fd.db")
    with transaction(database):
        ticket_store.apply_remote_ticket(database, remote_ticket(site="ACME Dental"))
    return database


def test_progress_is_reported_live_and_the_failure_is_named() -> None:
    events: list[tuple[str, int]] = []
    with silent_tcp() as open_port, closed_port() as shut:
        steps = plan(parse_targets([f"127.0.0.1:{open_port}", f"127.0.0.1:{shut}"]), Options())
        run = run_checks(
            steps,
            Options(timeout_s=1),
            Cancel(),
            on_start=lambda i: events.append(("start", i)),
            on_result=lambda i, r: events.append(("done", i)),
        )
    assert events[:2] == [("start", 0), ("done", 0)]  # the laptop's network first, alone
    for index in (1, 2):
        assert events.index(("start", index)) < events.index(("done", index))
    assert [r.status for r in run.results[1:]] == [PASS, FAIL]  # in the plan's order
    assert not run.cancelled


def test_silent_hosts_are_waited_for_together_not_one_after_another() -> None:
    events: list[tuple[str, int]] = []
    with silent_udp() as port:
        names = [f"dns:host{n}.acme@127.0.0.1:{port}" for n in range(run_module.PARALLEL)]
        steps = plan(parse_targets(names), Options())
        run = run_checks(
            steps,
            Options(timeout_s=0.5),
            Cancel(),
            on_start=lambda i: events.append(("start", i)),
            on_result=lambda i, r: events.append(("done", i)),
        )
    first_done = next(n for n, event in enumerate(events[2:], 2) if event[0] == "done")
    assert sorted(i for kind, i in events[2:first_done] if kind == "start") == list(
        range(1, run_module.PARALLEL + 1)
    )
    assert {r.status for r in run.results[1:]} == {FAIL}


def test_cancel_stops_the_probes_under_way_at_once_and_skips_the_rest() -> None:
    cancel = Cancel()
    with silent_udp() as port:
        names = [f"dns:host{n}.acme@127.0.0.1:{port}" for n in range(run_module.PARALLEL + 2)]
        steps = plan(parse_targets(names), Options())
        started = time.monotonic()
        threading.Timer(0.3, cancel.cancel).start()
        run = run_checks(steps, Options(timeout_s=30), cancel)
    assert time.monotonic() - started < 3  # not the 30 s timeout
    assert {r.status for r in run.results[1:]} == {CANCELLED}
    assert len(run.results) == len(steps)
    assert run.cancelled


def test_cancel_wakes_an_http_get_waiting_for_its_answer() -> None:
    cancel = Cancel()
    with silent_tcp() as port:
        steps = plan(parse_targets([f"http://127.0.0.1:{port}/"]), Options())
        threading.Timer(0.3, cancel.cancel).start()
        started = time.monotonic()
        run = run_checks(steps, Options(timeout_s=30), cancel)
    assert time.monotonic() - started < 3
    assert run.results[-1].status == CANCELLED


def _run(site: str, *statuses: str) -> Run:
    results = [
        ProbeResult(
            "interfaces",
            "this laptop",
            PASS,
            "192.0.2.2/24",
            data={
                "interfaces": [{"name": "eth0", "addresses": ["192.0.2.2/24"]}],
                "gateway": "192.0.2.1",
                "dns_servers": ["192.0.2.1"],
            },
        ),
    ]
    results += [
        ProbeResult(
            "tcp",
            f"printer:{9100 + n}",
            status,
            "2 ms" if status == PASS else "none",
            "why",
            label=f"printer {n}",
        )
        for n, status in enumerate(statuses)
    ]
    return Run(
        started="2026-12-01T10:00:00+00:00",
        finished="2026-12-01T10:00:05+00:00",
        site=site,
        ticket_id=7,
        results=results,
    )


def test_the_note_puts_failures_first_with_the_time_and_the_laptops_network() -> None:
    text = note_text(_run("ACME Dental", PASS, FAIL), "netcheck.json")
    lines = text.splitlines()
    assert lines[0] == "Network check at ACME Dental, 2026-12-01 10:00 UTC: 1 failed, 2 passed"
    assert lines[1] == "Laptop's network: eth0 192.0.2.2/24; gateway 192.0.2.1; DNS 192.0.2.1"
    assert lines[3] == "| Result | Check | Target | Figure | Detail |"
    assert lines[5] == "| FAIL | TCP | printer:9101 (printer 1) | none | why |"
    assert lines[6].startswith("| PASS | Network | this laptop |")
    assert "netcheck.json" in lines[-1]


def test_before_and_after_are_matched_check_by_check() -> None:
    pairs = compare(_run("ACME", FAIL, PASS), _run("ACME", PASS, PASS, PASS))
    changes = {p.target: p.change for p in pairs}
    assert changes == {
        "this laptop": "same",
        "printer:9100": "better",
        "printer:9101": "same",
        "printer:9102": "new",
    }
    pairs = compare(_run("ACME", PASS, PASS, PASS), _run("ACME", PASS, FAIL))
    assert [(p.target, p.change) for p in pairs][1:] == [
        ("printer:9100", "same"),
        ("printer:9101", "worse"),
        ("printer:9102", "gone"),  # checked before, not after: listed last
    ]


def test_runs_are_kept_per_site_newest_first(db: sqlite_utils.Database) -> None:
    first = history.save_run(db, _run("ACME Dental", FAIL))
    later = _run("acme  dental", PASS)
    later.started = "2026-12-01T11:00:00+00:00"
    second = history.save_run(db, later)
    history.save_run(db, _run("Elsewhere", PASS))
    assert [s.id for s in history.runs_for_site(db, "ACME DENTAL")] == [second, first]
    assert history.runs_for_site(db, "ACME Dental")[1].run.results[1].status == FAIL


def test_an_attached_run_is_one_note_with_its_json_and_never_two(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    run_id = history.save_run(db, _run("ACME Dental", FAIL))
    uuid = attach_run(db, tmp_path / "files", run_id, 7, author="alice")
    rows = pending(db)
    assert [(r.uuid, r.kind) for r in rows] == [(uuid, "note")]
    payload = rows[0].payload
    assert payload["content"].startswith("Network check at ACME Dental")
    (attached,) = payload["attachments"]
    assert attached["content_type"] == "application/json"
    raw = json.loads(file_vault.read_plain(Path(attached["path"])))
    assert raw["results"][1]["status"] == FAIL
    with pytest.raises(InvalidChange, match="already attached"):
        attach_run(db, tmp_path / "files", run_id, 7, author="alice")
    assert len(pending(db)) == 1
    saved = history.get_run(db, run_id)
    assert saved is not None and saved.note_uuid == uuid


def test_a_sites_targets_come_from_its_kb_article_then_from_this_laptop(
    db: sqlite_utils.Database,
) -> None:
    article = RemoteArticle(
        90,
        "Network targets: ACME Dental",
        "",
        "<p>The office's kit</p><p>10.0.0.5:9100 # reception printer</p><p>nas.acme:445</p>",
        "2026-11-20T08:00:00Z",
        disabled=False,
    )
    with transaction(db):
        kb.apply_remote_articles(db, [article])
    from_rt = site_targets.site_targets(db, "acme dental")
    assert [(t.text, t.label) for t in from_rt] == [
        ("10.0.0.5:9100", "reception printer"),
        ("nas.acme:445", ""),
    ]
    added = parse_targets(["nas.acme:445", "https://intranet.acme/  # intranet"])
    site_targets.save_targets(db, "ACME Dental", from_rt + added)
    assert [t.text for t in site_targets.site_targets(db, "ACME Dental")] == [
        "10.0.0.5:9100",
        "nas.acme:445",
        "https://intranet.acme/",
    ]
    # Only what the helpdesk does not hold is kept here.
    assert [t.text for t in site_targets.saved_targets(db, "ACME Dental")] == [
        "https://intranet.acme/"
    ]
    assert site_targets.site_targets(db, "Elsewhere") == []


def test_targets_saved_on_site_queue_only_what_the_helpdesk_lacks(
    db: sqlite_utils.Database,
) -> None:
    article = RemoteArticle(
        90, "Network targets: ACME Dental", "", "nas.acme:445", "2026-11-20T08:00:00Z", False
    )
    with transaction(db):
        kb.apply_remote_articles(db, [article])
    first = parse_targets(["nas.acme:445", "printer.acme:9100  # reception"])
    assert save_and_share(db, "ACME Dental", first) == 1
    (row,) = pending(db)
    assert (row.kind, row.payload["lines"]) == ("site_targets", ["printer.acme:9100  # reception"])
    assert save_and_share(db, "acme dental", first) == 0  # nothing new: nothing queued
    assert len(pending(db)) == 1
    with pytest.raises(InvalidChange, match="open the check from a visit"):
        save_and_share(db, "", first)


def test_an_interrupted_run_stops_the_probes_under_way_before_it_gives_up() -> None:
    def interrupted(index: int) -> None:
        if index == 2:
            raise KeyboardInterrupt  # as Ctrl+C reaches a terminal's run

    cancel = Cancel()
    with silent_udp() as port:
        names = [f"dns:host{n}@127.0.0.1:{port}" for n in range(3)]
        started = time.monotonic()
        with pytest.raises(KeyboardInterrupt):
            run_checks(
                plan(parse_targets(names), Options()),
                Options(timeout_s=30),
                cancel,
                on_start=interrupted,
            )
    assert time.monotonic() - started < 3  # not the 30 s the other two would wait
    assert cancel.is_set
