"""Name lookup and TCP connect that honour a deadline and a Cancel.

``getaddrinfo`` cannot be interrupted, so it runs on a helper thread that is
waited for in short slices; the connect itself is non-blocking and polled,
so Cancel stops either at once.
"""

from __future__ import annotations

import errno
import select
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any

from sync.netcheck.result import Cancel, Cancelled

_SLICE_S = 0.05


class ProbeFailed(Exception):
    """A probe's network step failed; the text says what the technician sees."""

    def __init__(self, text: str, *, no_rights: bool = False) -> None:
        super().__init__(text)
        self.no_rights = no_rights


@dataclass(frozen=True)
class Connected:
    sock: socket.socket
    address: str  # the address it reached
    lookup_s: float  # name resolution
    connect_s: float  # the TCP handshake


def lookup(host: str, port: int, deadline: float, cancel: Cancel) -> list[Any]:
    """getaddrinfo's answers for host:port (TCP), or ProbeFailed."""
    answer: list[Any] = []
    failure: list[BaseException] = []

    def work() -> None:
        try:
            answer.extend(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except OSError as error:
            failure.append(error)

    worker = threading.Thread(target=work, name="netcheck-lookup", daemon=True)
    worker.start()
    while worker.is_alive():
        cancel.check()
        if time.monotonic() >= deadline:
            raise ProbeFailed(f"the name {host} did not resolve in time")
        worker.join(_SLICE_S)
    if failure:
        raise ProbeFailed(f"the name {host} does not resolve ({_reason(failure[0])})")
    return answer


def _reason(error: BaseException) -> str:
    if isinstance(error, socket.gaierror):
        return str(error.strerror or error)
    return str(getattr(error, "strerror", None) or error)


def _refusal(code: int, host: str, port: int) -> ProbeFailed:
    if code == errno.ECONNREFUSED:
        return ProbeFailed(
            f"refused: nothing listens on port {port} at {host} (or a firewall rejects it)"
        )
    if code in (errno.EACCES, errno.EPERM):
        return ProbeFailed(
            f"this laptop blocks connections to {host}:{port} (firewall or security software)",
            no_rights=True,
        )
    if code in (errno.ENETUNREACH, errno.EHOSTUNREACH):
        return ProbeFailed(f"no route to {host}: the laptop's network cannot reach it")
    return ProbeFailed(f"cannot connect to {host}:{port}: {errno.errorcode.get(code, code)}")


def open_tcp(host: str, port: int, timeout_s: float, cancel: Cancel) -> Connected:
    """A connected socket to host:port (first address that answers), or ProbeFailed."""
    started = time.monotonic()
    deadline = started + timeout_s
    infos = lookup(host, port, deadline, cancel)
    looked_up = time.monotonic()
    last: ProbeFailed | None = None
    for family, kind, proto, _name, address in infos:
        sock = socket.socket(family, kind, proto)
        try:
            connect_s = _connect(sock, address, deadline, cancel, where=(host, port))
        except (ProbeFailed, Cancelled) as error:
            sock.close()
            if isinstance(error, Cancelled):
                raise
            last = error
            continue
        return Connected(sock, str(address[0]), looked_up - started, connect_s)
    raise last or ProbeFailed(f"the name {host} has no address")


def _connect(
    sock: socket.socket, address: Any, deadline: float, cancel: Cancel, *, where: tuple[str, int]
) -> float:
    host, port = where
    sock.setblocking(False)
    started = time.monotonic()
    code = sock.connect_ex(address)
    if code not in (0, errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EAGAIN):
        raise _refusal(code, host, port)
    while code != 0:
        cancel.check()
        left = deadline - time.monotonic()
        if left <= 0:
            raise ProbeFailed(
                f"no answer from {host}:{port} in time (a firewall drops it, or the host is off)"
            )
        _, writable, failed = select.select([], [sock], [sock], min(left, _SLICE_S))
        if writable or failed:
            code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            if code != 0:
                raise _refusal(code, host, port)
            break
    elapsed = time.monotonic() - started
    sock.setblocking(True)
    return elapsed
