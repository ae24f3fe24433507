"""One network check: the laptop's network, then each target, then throughput.

The laptop's network first, then the targets a few at a time (a printer's
port answers in milliseconds; a silent one costs its timeout), then the speed
to the helpdesk; each reported as it starts and ends, so a window or terminal
shows progress live.  Cancel stops the probes under way at once and skips the
rest, which are reported as cancelled.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sync.netcheck import dns, icmp, interfaces, tcp, throughput, web
from sync.netcheck.result import CANCELLED, Cancel, Cancelled, Limits, ProbeResult
from sync.netcheck.server_text import cleaned
from sync.netcheck.targets import Target

DEFAULT_TIMEOUT_S = 3.0
PARALLEL = 4  # targets checked at once: quick at a broken site, gentle on a small one


@dataclass(frozen=True)
class Step:
    """A probe to run, as it is listed before it runs."""

    kind: str
    target: str
    label: str = ""
    spec: Target | None = None  # None: interfaces or throughput


@dataclass
class Run:
    started: str  # UTC ISO
    finished: str = ""
    site: str = ""
    ticket_id: int | None = None
    results: list[ProbeResult] = field(default_factory=list)
    cancelled: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "started": self.started,
            "finished": self.finished,
            "site": self.site,
            "ticket_id": self.ticket_id,
            "cancelled": self.cancelled,
            "results": [r.as_json() for r in self.results],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Run:
        return cls(
            started=str(data["started"]),
            finished=str(data.get("finished") or ""),
            site=str(data.get("site") or ""),
            ticket_id=data.get("ticket_id"),
            results=[ProbeResult.from_json(r) for r in data.get("results") or []],
            cancelled=bool(data.get("cancelled")),
        )


@dataclass(frozen=True)
class Options:
    timeout_s: float = DEFAULT_TIMEOUT_S
    throughput_url: str = ""  # "" = no throughput probe (offline, or not signed in)
    ca_file: Path | None = None  # IT's extra CA, as the helpdesk connection uses


def plan(targets: list[Target], options: Options) -> list[Step]:
    steps = [Step("interfaces", "this laptop")]
    steps += [Step(t.kind, t.text, t.label, t) for t in targets]
    if options.throughput_url:
        steps.append(Step("throughput", "helpdesk"))
    return steps


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def run_step(step: Step, options: Options, limits: Limits) -> ProbeResult:
    """One probe's result, its text safe to show and attach (``server_text.cleaned``)."""
    return cleaned(_probe(step, options, limits))


def _probe(step: Step, options: Options, limits: Limits) -> ProbeResult:
    if step.kind == "interfaces":
        return interfaces.probe(limits)
    if step.kind == "throughput":
        return throughput.probe(options.throughput_url, limits, ca_file=options.ca_file)
    target = step.spec
    assert target is not None  # every other step is made from a target
    if step.kind == "dns":
        return dns.probe(target, limits)
    if step.kind == "tcp":
        return tcp.probe(target, limits)
    if step.kind == "http":
        return web.probe(target, limits, ca_file=options.ca_file)
    return icmp.probe(target, limits)


def run_checks(
    steps: list[Step],
    options: Options,
    cancel: Cancel,
    *,
    on_start: Callable[[int], None] = lambda index: None,
    on_result: Callable[[int, ProbeResult], None] = lambda index, result: None,
) -> Run:
    """Run every step; a cancelled run keeps what ran.  Results are in plan order.

    The laptop's network is read first and the speed measured last, each alone;
    the targets between are checked ``PARALLEL`` at a time, so a site where
    several hosts are silent costs a few timeouts, not one per host.  The
    callbacks are called from the threads that run the probes.
    """
    run = Run(started=now_iso())
    limits = Limits(timeout_s=options.timeout_s, cancel=cancel)
    results: dict[int, ProbeResult] = {}

    def one(index: int) -> None:
        step = steps[index]
        if cancel.is_set:
            result = _cancelled(step)
        else:
            on_start(index)
            try:
                result = run_step(step, options, limits)
            except Cancelled:
                result = _cancelled(step)
        results[index] = result
        on_result(index, result)

    alone = [i for i, step in enumerate(steps) if step.spec is None]
    targets = [i for i, step in enumerate(steps) if step.spec is not None]
    for index in (i for i in alone if steps[i].kind == "interfaces"):
        one(index)
    with ThreadPoolExecutor(PARALLEL, thread_name_prefix="netcheck") as pool:
        futures = [pool.submit(one, index) for index in targets]
        try:
            finished, _ = wait(futures, return_when=FIRST_EXCEPTION)
            for done in [*finished, *futures]:
                done.result()  # a bug in a probe surfaces here (at once), not lost in the pool
        except BaseException:
            # Ctrl+C in a terminal, or that bug: the probes under way stop now, so the
            # pool closes at once instead of after their timeouts.
            cancel.cancel()
            raise
    for index in (i for i in alone if steps[i].kind != "interfaces"):
        one(index)
    run.results = [results[index] for index in range(len(steps))]
    run.cancelled = cancel.is_set
    run.finished = now_iso()
    return run


def _cancelled(step: Step) -> ProbeResult:
    return ProbeResult(step.kind, step.target, CANCELLED, "—", "cancelled", step.label)
