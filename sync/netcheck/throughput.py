"""Throughput to the helpdesk: a timed download of a file of known size.

RT serves its own static files without sign-in; the probe fetches one again
and again (each answer's size checked against its Content-Length) until
enough bytes or time have passed, and reports Mbit/s.
"""

from __future__ import annotations

import time
from pathlib import Path

from sync.netcheck.connect import ProbeFailed
from sync.netcheck.result import FAIL, PASS, WARN, Limits, ProbeResult
from sync.netcheck.web import fetch

# A file every RT 5 serves without sign-in (jQuery, ~89 KB).
RT_STATIC_FILE = "/static/js/jquery-3.6.0.min.js"
ENOUGH_BYTES = 2_000_000
ENOUGH_SECONDS = 4.0
MAX_FETCHES = 40
SLOW_MBIT = 1.0  # below this, a visit's sync and photo uploads crawl


def helpdesk_file(base_url: str) -> str:
    return base_url.rstrip("/") + RT_STATIC_FILE


def probe(url: str, limits: Limits, *, ca_file: Path | None = None) -> ProbeResult:
    total_bytes, total_s, fetches = 0, 0.0, 0
    started = time.monotonic()
    try:
        while fetches < MAX_FETCHES and total_bytes < ENOUGH_BYTES:
            if fetches and time.monotonic() - started > ENOUGH_SECONDS:
                break
            fetched = fetch(url, limits, ca_file=ca_file, read_body=True)
            if fetched.status != 200:
                raise ProbeFailed(f"the helpdesk answered {fetched.status} for its test file")
            total_bytes += fetched.body_bytes
            total_s += fetched.first_byte_s + fetched.body_s
            fetches += 1
    except ProbeFailed as error:
        return ProbeResult("throughput", "helpdesk", FAIL, "not measured", str(error))
    mbit = total_bytes * 8 / max(total_s, 1e-6) / 1_000_000
    data = {
        "bytes": total_bytes,
        "seconds": round(total_s, 4),
        "fetches": fetches,
        "mbit_per_s": round(mbit, 2),
        "url": url,
    }
    figure = f"{mbit:.1f} Mbit/s"
    detail = f"{total_bytes / 1_000_000:.1f} MB in {total_s:.2f} s ({fetches} downloads)"
    if mbit < SLOW_MBIT:
        return ProbeResult(
            "throughput",
            "helpdesk",
            WARN,
            figure,
            detail + "; slow: syncing photos will take long",
            data=data,
        )
    return ProbeResult("throughput", "helpdesk", PASS, figure, detail, data=data)
