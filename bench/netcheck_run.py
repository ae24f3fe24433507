"""The network check's wall time and cancel latency, on listeners at 127.0.0.1.

    .venv/bin/python -m bench.netcheck_run

- 20 open ports: a whole run against 20 raw connects (the floor).
- 8 silent hosts (a DNS server that never answers), 1 s timeout: the run
  against the floor of one timeout per ``PARALLEL`` hosts, and against 8 s
  (one after another).
- Cancel with 4 probes waiting on a 30 s timeout: time from ``cancel()`` to
  the run's return.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from bench._common import metric, print_metrics
from sync.netcheck.result import PASS, Cancel
from sync.netcheck.run import PARALLEL, Options, plan, run_checks
from sync.netcheck.targets import parse_targets
from tests.netcheck_servers import silent_udp

OPEN_PORTS, SILENT_HOSTS, TIMEOUT_S = 20, 8, 1.0


@contextmanager
def accepting_port() -> Iterator[int]:
    """A port that takes every connection (and drops it), so its queue never fills."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.1)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                server.accept()[0].close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield int(server.getsockname()[1])
    finally:
        stop.set()
        thread.join()
        server.close()


def open_ports() -> list[dict[str, object]]:
    with accepting_port() as port:
        targets = parse_targets([f"127.0.0.1:{port}"] * OPEN_PORTS)
        started = time.perf_counter()
        run = run_checks(plan(targets, Options()), Options(), Cancel())
        run_s = time.perf_counter() - started
        assert {r.status for r in run.results[1:]} == {PASS}
        started = time.perf_counter()
        for _ in range(OPEN_PORTS):
            socket.create_connection(("127.0.0.1", port)).close()
        floor_s = time.perf_counter() - started
    return [
        metric(
            f"run, {OPEN_PORTS} open ports (ms)",
            run_s * 1000,
            floor_s * 1000,
            "< 500 ms",
            run_s < 0.5,
        )
    ]


def silent_hosts() -> list[dict[str, object]]:
    with silent_udp() as port:
        names = [f"dns:host{n}@127.0.0.1:{port}" for n in range(SILENT_HOSTS)]
        options = Options(timeout_s=TIMEOUT_S)
        started = time.perf_counter()
        run_checks(plan(parse_targets(names), options), options, Cancel())
        run_s = time.perf_counter() - started
    floor_s = -(-SILENT_HOSTS // PARALLEL) * TIMEOUT_S
    return [
        metric(
            f"run, {SILENT_HOSTS} silent hosts, {TIMEOUT_S:.0f} s timeout (s)",
            run_s,
            floor_s,
            f"< {SILENT_HOSTS * TIMEOUT_S:.0f} s (one after another)",
            run_s < SILENT_HOSTS * TIMEOUT_S,
        ),
    ]


def cancel_latency() -> list[dict[str, object]]:
    cancel = Cancel()
    with silent_udp() as port:
        names = [f"dns:host{n}@127.0.0.1:{port}" for n in range(PARALLEL)]
        options = Options(timeout_s=30)
        asked: list[float] = []

        def stop() -> None:
            asked.append(time.perf_counter())
            cancel.cancel()

        threading.Timer(0.5, stop).start()
        run_checks(plan(parse_targets(names), options), options, cancel)
        latency_s = time.perf_counter() - asked[0]
    return [
        metric("cancel → run returned (ms)", latency_s * 1000, None, "< 200 ms", latency_s < 0.2)
    ]


def main() -> None:
    print_metrics(open_ports() + silent_hosts() + cancel_latency())


if __name__ == "__main__":
    main()
