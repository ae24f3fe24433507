"""A fault-injecting HTTP proxy in front of the private RT.

``FaultProxy(rt.url)`` listens on 127.0.0.1:<free port> and forwards to RT,
one request per connection: it rewrites ``Connection`` to ``close`` both
ways, so every request is its own TCP connection and a fault hits exactly
the request it was meant for.  Faults (switchable while running):

- ``drop_reply_for(pred)``: forward the request, read RT's whole reply, then
  close the client connection without sending it (RT committed; the reply is
  lost).
- ``replace_status(pred, status=401)``: answer this instead of forwarding
  (RT never sees the request); with ``forward=True`` RT handles the request
  and the client gets the status anyway (a gateway timing out after RT
  committed).
- ``truncate_reply_for(pred, keep=n)``: forward the request, then send RT's reply
  with its full ``Content-Length`` but only the first ``n`` bytes of its body, and
  close (RT answered; the connection broke half way through the answer).
- ``delay(seconds, pred)``: hold RT's reply back before sending it.
- ``trickle(bytes_per_s, pred)``: send RT's reply (headers and body) a few bytes
  at a time, like a dying link or a hostile server.
- ``forward_late(pred, seconds)``: reset the client's connection as soon as its
  request is in, and hand the request to RT ``seconds`` later (the reply is
  thrown away): a change still on its way, or RT still working on it, when the
  client looks for it again.
- ``reset_all()``: reset every new connection (TCP RST), like a dead link.
- ``refuse_all()``: stop listening (connection refused), like RT being down.
- ``clear()``: no faults.

Predicates see the method and the path (without the query string).  Every
request is recorded in ``seen`` with what the proxy did to it.
"""

from __future__ import annotations

import contextlib
import json
import selectors
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import TracebackType
from typing import BinaryIO, Self
from urllib.parse import urlsplit

Predicate = Callable[[str, str], bool]

IO_TIMEOUT_S = 60.0
POLL_S = 0.05  # how often the accept loop looks at its state (internal, not a test wait)
MAX_LINE = 65536
HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-connection"})
REASONS = {401: "Unauthorized", 429: "Too Many Requests", 500: "Internal Server Error",
           502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}  # fmt: skip


def any_request(_method: str, _path: str) -> bool:
    return True


def comment_on(ticket_id: int | None = None) -> Predicate:
    """POST .../ticket/<id>/comment (any ticket when ticket_id is None)."""

    def match(method: str, path: str) -> bool:
        if method != "POST" or not path.endswith("/comment"):
            return False
        return ticket_id is None or path.endswith(f"/ticket/{int(ticket_id)}/comment")

    return match


def update_of(ticket_id: int) -> Predicate:
    """PUT .../ticket/<id> (a field change)."""

    def match(method: str, path: str) -> bool:
        return method == "PUT" and path.rstrip("/").endswith(f"/ticket/{int(ticket_id)}")

    return match


@dataclass(frozen=True)
class Seen:
    method: str
    path: str
    action: str  # forwarded, dropped, replaced, 'forwarded, replaced', delayed, reset
    at: float  # time.monotonic() when the proxy had read the request


@dataclass
class _Fault:
    kind: str  # drop, truncate, replace, replace_after, delay, trickle
    predicate: Predicate
    remaining: int | None  # None: every matching request
    status: int = 0
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    seconds: float = 0.0
    keep: int = 0  # truncate: body bytes sent before the connection is closed


@dataclass(frozen=True)
class _Message:
    start: str
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def encode(self, replace: dict[str, str] | None = None) -> bytes:
        """The message with Connection: close (and the given headers replaced)."""
        replace = {k.lower(): v for k, v in (replace or {}).items()}
        lines = [self.start]
        for key, value in self.headers:
            low = key.lower()
            if low in HOP_BY_HOP or low in replace:
                continue
            lines.append(f"{key}: {value}")
        lines += [f"{key}: {value}" for key, value in replace.items()]
        lines.append("Connection: close")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + self.body


class FaultProxy:
    def __init__(self, upstream_url: str) -> None:
        parts = urlsplit(upstream_url)
        if parts.hostname is None or parts.port is None:
            raise ValueError(f"need http://host:port, got {upstream_url!r}")
        self.upstream = (parts.hostname, parts.port)
        self.port = 0
        self._lock = threading.Lock()
        self._state_changed = threading.Condition(self._lock)
        self._stopping = threading.Event()
        self._faults: list[_Fault] = []
        self._resetting = False
        self._want_listening = True
        self._listening = False
        self._listener: socket.socket | None = None
        self._accepter: threading.Thread | None = None
        self._handlers: list[threading.Thread] = []
        self._open: set[socket.socket] = set()
        self._seen: list[Seen] = []

    # -- life cycle -----------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Self:
        self._listener = self._listen(0)
        self.port = self._listener.getsockname()[1]
        self._listening = True
        self._accepter = threading.Thread(target=self._accept_loop, name="fault-proxy", daemon=True)
        self._accepter.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        with self._state_changed:
            self._state_changed.notify_all()
        if self._accepter is not None:
            self._accepter.join()
        with self._lock:
            handlers, self._handlers = self._handlers, []
            for sock in self._open:
                _shutdown(sock)
        for thread in handlers:
            thread.join()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # -- faults -----------------------------------------------------------------
    def drop_reply_for(self, predicate: Predicate, *, times: int | None = None) -> None:
        self._add(_Fault("drop", predicate, times))

    def truncate_reply_for(
        self, predicate: Predicate, *, keep: int, times: int | None = None
    ) -> None:
        self._add(_Fault("truncate", predicate, times, keep=keep))

    def replace_status(
        self,
        predicate: Predicate,
        status: int = 401,
        *,
        body: object = None,
        headers: Iterable[tuple[str, str]] = (),
        times: int | None = None,
        forward: bool = False,
    ) -> None:
        if body is None:
            body = {"message": REASONS.get(status, "Unauthorized")}
        # bytes go as they are (e.g. JSON cut off half way); anything else as JSON.
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        kind = "replace_after" if forward else "replace"
        self._add(_Fault(kind, predicate, times, status, data, tuple(headers)))

    def delay(
        self, seconds: float, predicate: Predicate = any_request, *, times: int | None = None
    ) -> None:
        self._add(_Fault("delay", predicate, times, seconds=seconds))

    def trickle(
        self, bytes_per_s: float, predicate: Predicate = any_request, *, times: int | None = None
    ) -> None:
        self._add(_Fault("trickle", predicate, times, seconds=1.0 / bytes_per_s))

    def forward_late(
        self, predicate: Predicate, seconds: float, *, times: int | None = None
    ) -> None:
        self._add(_Fault("late", predicate, times, seconds=seconds))

    def reset_all(self) -> None:
        with self._lock:
            self._resetting = True

    def refuse_all(self) -> None:
        """Stop listening; returns once connections are refused."""
        self._set_listening(want=False)

    def clear(self) -> None:
        """No faults any more; returns once the proxy accepts connections again."""
        with self._lock:
            self._faults.clear()
            self._resetting = False
        self._set_listening(want=True)

    def seen(self, action: str | None = None) -> list[Seen]:
        with self._lock:
            return [s for s in self._seen if action is None or s.action == action]

    def _add(self, fault: _Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def _take(self, kind: str, method: str, path: str) -> _Fault | None:
        """The first live fault of this kind matching the request (uses it up once)."""
        with self._lock:
            for fault in self._faults:
                if fault.kind != kind or fault.remaining == 0:
                    continue
                if fault.predicate(method, path):
                    if fault.remaining is not None:
                        fault.remaining -= 1
                    return fault
        return None

    def _record(self, method: str, path: str, action: str, at: float) -> None:
        with self._lock:
            self._seen.append(Seen(method, path, action, at))

    # -- accepting ----------------------------------------------------------------
    def _listen(self, port: int) -> socket.socket:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", port))
        listener.listen(64)
        listener.setblocking(False)
        return listener

    def _set_listening(self, *, want: bool) -> None:
        with self._state_changed:
            self._want_listening = want
            self._state_changed.wait_for(
                lambda: self._listening == want or self._stopping.is_set(), timeout=IO_TIMEOUT_S
            )
            if self._listening != want and not self._stopping.is_set():
                raise RuntimeError("the proxy did not switch its listening state")

    def _sync_listener(self) -> socket.socket | None:
        """Open or close the listening socket as asked (only this thread touches it)."""
        with self._state_changed:
            if self._want_listening and self._listener is None:
                self._listener = self._listen(self.port)
            elif not self._want_listening and self._listener is not None:
                self._listener.close()
                self._listener = None
            self._listening = self._listener is not None
            self._state_changed.notify_all()
            return self._listener

    def _accept_loop(self) -> None:
        try:
            while not self._stopping.is_set():
                listener = self._sync_listener()
                if listener is None:
                    with self._state_changed:
                        self._state_changed.wait(POLL_S)
                    continue
                with selectors.DefaultSelector() as selector:
                    selector.register(listener, selectors.EVENT_READ)
                    ready = selector.select(timeout=POLL_S)
                if not ready:
                    continue
                try:
                    client, _ = listener.accept()
                except BlockingIOError:
                    continue
                self._dispatch(client)
        finally:
            with self._lock:
                if self._listener is not None:
                    self._listener.close()
                    self._listener = None
                self._listening = False

    def _dispatch(self, client: socket.socket) -> None:
        client.setblocking(True)
        with self._lock:
            resetting = self._resetting
        if resetting:
            _reset(client)
            self._record("?", "?", "reset", time.monotonic())
            return
        thread = threading.Thread(target=self._serve, args=(client,), daemon=True)
        with self._lock:
            self._open.add(client)
            self._handlers = [t for t in self._handlers if t.is_alive()]
            self._handlers.append(thread)
        thread.start()

    # -- one request --------------------------------------------------------------
    def _serve(self, client: socket.socket) -> None:
        sockets = [client]
        try:
            client.settimeout(IO_TIMEOUT_S)
            with client.makefile("rb") as reader:
                request = _read_message(reader, request_method=None)
            if request is not None:
                self._answer(client, request, sockets)
        except (OSError, ValueError):
            pass  # the client gave up, RT hung up, or the proxy is stopping
        finally:
            for sock in sockets:
                with self._lock:
                    self._open.discard(sock)
                sock.close()

    def _forward(self, request: _Message, method: str, sockets: list[socket.socket]) -> _Message:
        """The request sent to RT, and RT's whole reply."""
        upstream = socket.create_connection(self.upstream, timeout=IO_TIMEOUT_S)
        sockets.append(upstream)
        with self._lock:
            self._open.add(upstream)
        upstream.sendall(request.encode({"Host": f"{self.upstream[0]}:{self.upstream[1]}"}))
        with upstream.makefile("rb") as reader:
            response = _read_message(reader, request_method=method)
        if response is None:
            raise ValueError("RT closed the connection without answering")
        return response

    def _answer(
        self, client: socket.socket, request: _Message, sockets: list[socket.socket]
    ) -> None:
        received = time.monotonic()
        method, target = request.start.split(" ", 2)[:2]
        path = target.split("?", 1)[0]
        replacement = self._take("replace", method, path)
        if replacement is not None:
            # Recorded before answering: the test may look as soon as the client has its reply.
            self._record(method, path, "replaced", received)
            client.sendall(_canned(replacement).encode())
            return
        late = self._take("late", method, path)
        if late is not None:
            self._record(method, path, "cut, forwarded late", received)
            _reset(client)
            if not self._stopping.wait(late.seconds):
                self._forward(request, method, sockets)
            return
        response = self._forward(request, method, sockets)
        delayed = self._take("delay", method, path)
        if delayed is not None and self._stopping.wait(delayed.seconds):
            return
        if self._take("drop", method, path) is not None:
            self._record(method, path, "dropped", received)
            return
        truncated = self._take("truncate", method, path)
        if truncated is not None:
            whole = _with_length(response)
            self._record(method, path, "truncated", received)
            encoded = whole.encode()
            head_size = len(encoded) - len(whole.body)
            client.sendall(encoded[: head_size + truncated.keep])
            return
        replacement = self._take("replace_after", method, path)
        if replacement is not None:
            response, action = _canned(replacement), "forwarded, replaced"
        else:
            action = "delayed" if delayed else "forwarded"
        trickled = self._take("trickle", method, path)
        self._record(method, path, "trickled" if trickled else action, received)
        if trickled is None:
            client.sendall(response.encode())
            return
        for byte in response.encode():  # one byte per interval, until done or stopped
            client.sendall(bytes([byte]))
            if self._stopping.wait(trickled.seconds):
                return


def _reset(sock: socket.socket) -> None:
    """Close with a TCP RST (SO_LINGER 0), not a FIN: the link died."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def _canned(fault: _Fault) -> _Message:
    return _Message(
        f"HTTP/1.1 {fault.status} {REASONS.get(fault.status, 'Fault')}",
        [
            ("Content-Type", "application/json; charset=utf-8"),
            ("Content-Length", str(len(fault.body))),
            *fault.headers,
        ],
        fault.body,
    )


def _with_length(message: _Message) -> _Message:
    """The reply with a Content-Length body (a chunked one decoded), so it can be cut."""
    if "chunked" not in (message.header("Transfer-Encoding") or "").lower():
        return message
    body, rest = bytearray(), message.body
    while True:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line.split(b";", 1)[0].strip(), 16)
        if size == 0:
            break
        body += rest[:size]
        rest = rest[size + 2 :]
    headers = [(k, v) for k, v in message.headers if k.lower() != "transfer-encoding"]
    headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
    return _Message(message.start, [*headers, ("Content-Length", str(len(body)))], bytes(body))


def _shutdown(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def _read_message(reader: BinaryIO, *, request_method: str | None) -> _Message | None:
    """One HTTP/1.1 message (a request when request_method is None), body raw."""
    start = reader.readline(MAX_LINE)
    if not start:
        return None
    headers: list[tuple[str, str]] = []
    while True:
        line = reader.readline(MAX_LINE)
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        headers.append((name.strip(), value.strip()))
    message = _Message(start.decode("latin-1").rstrip("\r\n"), headers, b"")
    if request_method is not None:
        status = int(message.start.split(" ", 2)[1])
        if request_method == "HEAD" or status in (204, 304) or 100 <= status < 200:
            return message
    body = _read_body(reader, message, until_eof=request_method is not None)
    return _Message(message.start, headers, body)


def _read_body(reader: BinaryIO, message: _Message, *, until_eof: bool) -> bytes:
    if "chunked" in (message.header("Transfer-Encoding") or "").lower():
        raw = bytearray()
        while True:
            size_line = reader.readline(MAX_LINE)
            if not size_line:
                raise ValueError("connection closed inside a chunked body")
            raw += size_line
            size = int(size_line.split(b";", 1)[0].strip(), 16)
            if size == 0:
                while True:  # trailers, then the blank line
                    trailer = reader.readline(MAX_LINE)
                    raw += trailer
                    if trailer in (b"\r\n", b"\n", b""):
                        return bytes(raw)
            raw += _read_exactly(reader, size + 2)
    length = message.header("Content-Length")
    if length is not None:
        return _read_exactly(reader, int(length))
    return reader.read() if until_eof else b""


def _read_exactly(reader: BinaryIO, size: int) -> bytes:
    data = reader.read(size)
    if len(data) != size:
        raise ValueError("connection closed inside a body")
    return data
