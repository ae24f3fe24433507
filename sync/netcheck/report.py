"""A run as the technician, the ticket and a script read it.

The note is plain text: a header with the time and the laptop's network,
then a table, failures first.  The JSON attached beside it holds every
measurement (``Run.as_json``).
"""

from __future__ import annotations

import json
from datetime import datetime

from sync.netcheck.interfaces import summary
from sync.netcheck.result import FAIL, PASS, SEVERITY, WARN, ProbeResult
from sync.netcheck.run import Run

KIND_NAMES = {
    "interfaces": "Network",
    "dns": "DNS",
    "tcp": "TCP",
    "http": "HTTP",
    "icmp": "Ping",
    "throughput": "Speed",
}


def worst_first(results: list[ProbeResult]) -> list[ProbeResult]:
    return sorted(results, key=lambda r: SEVERITY.get(r.status, 9))  # stable: run order kept


def any_failed(run: Run) -> bool:
    """A check failed.  One this laptop may not run (ping without rights) says
    nothing about the network: it is counted as not run, not as a failure."""
    return any(r.status == FAIL for r in run.results)


def counts(run: Run) -> str:
    """'2 failed, 1 warning, 5 passed' (only the non-zero ones)."""
    failed = sum(r.status == FAIL for r in run.results)
    warned = sum(r.status == WARN for r in run.results)
    passed = sum(r.status == PASS for r in run.results)
    other = len(run.results) - failed - warned - passed
    parts = [
        f"{failed} failed" if failed else "",
        f"{warned} warning{'s' if warned > 1 else ''}" if warned else "",
        f"{passed} passed" if passed else "",
        f"{other} not run" if other else "",
    ]
    return ", ".join(p for p in parts if p)


def when(iso: str) -> str:
    return datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M UTC")


def network_line(run: Run) -> str:
    laptop = next((r for r in run.results if r.kind == "interfaces"), None)
    return summary(laptop) if laptop else "not checked"


def target_text(result: ProbeResult) -> str:
    return f"{result.target} ({result.label})" if result.label else result.target


HEADERS = ("Result", "Check", "Target", "Figure", "Detail")


def _rows(results: list[ProbeResult]) -> list[tuple[str, ...]]:
    """The header, then one row per check, failures first; no line breaks in a cell."""
    rows = [
        (r.status.upper(), KIND_NAMES.get(r.kind, r.kind), target_text(r), r.figure, r.detail)
        for r in worst_first(results)
    ]
    return [HEADERS] + [tuple(" ".join(cell.split()) for cell in row) for row in rows]


def table(results: list[ProbeResult]) -> str:
    """For a terminal: aligned columns, the detail last and unpadded."""
    rows = _rows(results)
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return "\n".join(
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4])) + "  " + row[4]
        for row in rows
    )


def note_table(results: list[ProbeResult]) -> str:
    """For the ticket: a Markdown table (as the checklist note), readable as plain text too."""
    rows = [tuple(cell.replace("|", "/") for cell in row) for row in _rows(results)]
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join([lines[0], "|---" * len(HEADERS) + "|", *lines[1:]])


def note_text(run: Run, json_name: str) -> str:
    where = f" at {run.site}" if run.site else ""
    lines = [
        f"Network check{where}, {when(run.started)}: {counts(run)}"
        + (" (cancelled)" if run.cancelled else ""),
        f"Laptop's network: {network_line(run)}",
        "",
        note_table(run.results),
        "",
        f"Every measurement: {json_name} (attached)",
    ]
    return "\n".join(lines)


def json_bytes(run: Run) -> bytes:
    return json.dumps(run.as_json(), indent=2).encode()


def json_name(run: Run) -> str:
    return "netcheck-" + datetime.fromisoformat(run.started).strftime("%Y%m%d-%H%M%S") + ".json"
