"""What a probe found, and the cancel token every probe honours."""

from __future__ import annotations

import contextlib
import socket
import threading
from dataclasses import asdict, dataclass, field
from typing import Any

PASS, WARN, FAIL, NO_RIGHTS, CANCELLED = "pass", "warn", "fail", "no rights", "cancelled"
# Failures first in a report: what the technician must act on comes on top.
SEVERITY = {FAIL: 0, NO_RIGHTS: 1, WARN: 2, CANCELLED: 3, PASS: 4}


class Cancelled(Exception):
    """The user cancelled the run; the probe under way stops at once."""


class Cancel:
    """Set from any thread; a probe polls ``check()``, and its sockets are shut down.

    Shutting a socket down wakes a thread blocked in ``recv`` or a TLS handshake,
    so cancelling takes effect at once, not at the probe's timeout.
    """

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()

    @property
    def is_set(self) -> bool:
        return self._event.is_set()

    def cancel(self) -> None:
        self._event.set()
        with self._lock:
            for sock in self._sockets:
                # Not connected yet, or already closed: nothing to wake.
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled

    def wait(self, seconds: float) -> None:
        """Sleep, but wake (and raise) when cancelled."""
        if self._event.wait(seconds):
            raise Cancelled

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.add(sock)
        if self._event.is_set():
            raise Cancelled

    def forget(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.discard(sock)


@dataclass(frozen=True)
class Limits:
    """How long a probe may take, and how to stop it early."""

    timeout_s: float = 3.0
    cancel: Cancel = field(default_factory=Cancel)


@dataclass(frozen=True)
class ProbeResult:
    kind: str  # "interfaces", "dns", "tcp", "http", "icmp", "throughput"
    target: str  # as the technician wrote it
    status: str  # PASS, WARN, FAIL, NO_RIGHTS or CANCELLED
    figure: str  # the measured figure, short: "12 ms", "0 % loss, 1.2/1.5/2.0 ms"
    detail: str = ""  # one sentence: what it means, what to do
    label: str = ""  # the site's name for it: "reception printer"
    data: dict[str, Any] = field(default_factory=dict)  # raw measurements, for the JSON

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ProbeResult:
        return cls(
            kind=str(data["kind"]),
            target=str(data["target"]),
            status=str(data["status"]),
            figure=str(data.get("figure", "")),
            detail=str(data.get("detail", "")),
            label=str(data.get("label", "")),
            data=dict(data.get("data") or {}),
        )


def milliseconds(seconds: float) -> str:
    """A duration as a technician reads it: "0.4 ms", "12 ms", "1.2 s"."""
    ms = seconds * 1000
    if ms < 1:
        return f"{ms:.2f} ms"
    if ms < 10:
        return f"{ms:.1f} ms"
    if ms < 1000:
        return f"{ms:.0f} ms"
    return f"{seconds:.1f} s"
