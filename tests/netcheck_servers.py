"""Real listeners on loopback for the network check's tests: DNS, a file, silence, hostility.

Only 127.0.0.1 is ever used: the tests send nothing anywhere else.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from dnslib import QTYPE, RCODE, RR, A
from dnslib.server import BaseResolver, DNSLogger, DNSServer

from devrt.certs import IssuedCertificate


class _Zone(BaseResolver):  # type: ignore[misc]
    def __init__(self, names: dict[str, str]) -> None:
        self.names = {name.rstrip(".").lower(): address for name, address in names.items()}

    def resolve(self, request: Any, handler: Any) -> Any:
        reply = request.reply()
        name = str(request.q.qname).rstrip(".").lower()
        if name not in self.names:
            reply.header.rcode = RCODE.NXDOMAIN
        elif QTYPE[request.q.qtype] == "A":
            reply.add_answer(RR(request.q.qname, QTYPE.A, rdata=A(self.names[name]), ttl=60))
        return reply


@contextmanager
def dns_server(names: dict[str, str]) -> Iterator[int]:
    """A DNS server on 127.0.0.1 (UDP, a free port) that knows ``names``: yields the port."""
    quiet = DNSLogger(logf=lambda _text: None)
    server = DNSServer(_Zone(names), address="127.0.0.1", port=0, logger=quiet)
    server.start_thread()
    try:
        yield int(server.server.server_address[1])
    finally:
        server.server.shutdown()
        server.server.server_close()
        server.thread.join(5)


@contextmanager
def silent_udp() -> Iterator[int]:
    """A UDP port that takes queries and never answers: yields the port."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield int(sock.getsockname()[1])


@contextmanager
def closed_port() -> Iterator[int]:
    """A port on 127.0.0.1 where nothing listens (bound, never listening, so no one takes it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield int(sock.getsockname()[1])


@contextmanager
def silent_tcp() -> Iterator[int]:
    """A port that accepts connections and never says a word: yields the port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield int(sock.getsockname()[1])


@contextmanager
def full_backlog() -> Iterator[int]:
    """A port whose queue of connections is full: new connects get no answer (yields it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(0)
        port = int(sock.getsockname()[1])
        waiting = []
        try:
            for _ in range(4):  # the kernel queues a backlog of 0 as one or two
                client = socket.socket()
                client.setblocking(False)
                client.connect_ex(("127.0.0.1", port))
                waiting.append(client)
            yield port
        finally:
            for client in waiting:
                client.close()


@contextmanager
def file_server(size: int, path: str = "/static/js/jquery-3.6.0.min.js") -> Iterator[int]:
    """An HTTP server on 127.0.0.1 serving ``size`` bytes at ``path``: yields the port."""
    body = b"x" * size

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            found = self.path == path
            self.send_response(200 if found else 404)
            self.send_header("Content-Length", str(len(body) if found else 0))
            self.end_headers()
            if found:
                self.wfile.write(body)

        def log_message(self, *_args: object) -> None:
            pass  # quiet tests

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@contextmanager
def _serving(handle: Callable[[socket.socket, threading.Event], None]) -> Iterator[int]:
    """A TCP listener on 127.0.0.1 handling each connection on its own thread: yields the port.

    ``handle`` gets the connection and an event set when the server stops (a slow
    answer stops there, so the test ends however slow its server is).
    """
    stop = threading.Event()
    workers: list[threading.Thread] = []

    def serve(conn: socket.socket) -> None:
        # OSError: the client went away, as a real server sees it too.
        with conn, contextlib.suppress(OSError):
            handle(conn, stop)

    def accept(listener: socket.socket) -> None:
        listener.settimeout(0.05)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            conn.settimeout(None)
            worker = threading.Thread(target=serve, args=(conn,), daemon=True)
            workers.append(worker)
            worker.start()

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        acceptor = threading.Thread(target=accept, args=(listener,), daemon=True)
        acceptor.start()
        try:
            yield int(listener.getsockname()[1])
        finally:
            stop.set()
            acceptor.join(5)
            for worker in workers:
                worker.join(5)


def _read_request(conn: socket.socket) -> None:
    """Up to the end of the request's head (a GET has no body)."""
    seen = b""
    while b"\r\n\r\n" not in seen:
        chunk = conn.recv(4096)
        if not chunk:
            return
        seen += chunk


def _send(conn: socket.socket, data: bytes, every_s: float, stop: threading.Event) -> None:
    """data at once, or one byte every ``every_s`` (until the server stops)."""
    if not every_s:
        conn.sendall(data)
        return
    for byte in data:
        if stop.wait(every_s):
            return
        conn.sendall(bytes([byte]))


@contextmanager
def canned_http(
    reply: bytes, *, every_s: float = 0.0, sending: threading.Event | None = None
) -> Iterator[int]:
    """An HTTP server on 127.0.0.1 that answers any request with ``reply``, byte for byte.

    With ``every_s`` the status line and the first header line come at once, then the
    rest one byte at a time, that far apart: a server that trickles its head so no
    single read ever waits long.  ``sending`` is set when the trickle has begun (the
    client has a status line, and a header half read).  Yields the port.
    """
    first_lines = reply.find(b"\r\n", reply.find(b"\r\n") + 2) + 2 if every_s else len(reply)

    def handle(conn: socket.socket, stop: threading.Event) -> None:
        _read_request(conn)
        conn.sendall(reply[:first_lines])
        if every_s and not stop.wait(every_s):
            conn.sendall(reply[first_lines : first_lines + 1])
            if sending is not None:
                sending.set()
            _send(conn, reply[first_lines + 1 :], every_s, stop)
        conn.shutdown(socket.SHUT_WR)

    with _serving(handle) as port:
        yield port


def slow_header(seconds: float, every_s: float = 0.1) -> bytes:
    """A 200 answer whose header takes ``seconds`` to arrive at one byte every ``every_s``."""
    start = b"HTTP/1.1 200 OK\r\n"
    end = b"Content-Length: 0\r\nConnection: close\r\n\r\n"
    line = b"X-Padding: slow\r\n"
    lines = int(seconds / every_s) // len(line) + 1
    return start + line * lines + end


def _relay(
    client: socket.socket, upstream: socket.socket, every_s: float, stop: threading.Event
) -> None:
    """The client's bytes to upstream at once; upstream's back (one byte every ``every_s``)."""

    def forward() -> None:
        try:
            while chunk := client.recv(4096):
                upstream.sendall(chunk)
        except OSError:
            pass

    threading.Thread(target=forward, daemon=True).start()
    upstream.settimeout(0.05)
    while not stop.is_set():
        try:
            chunk = upstream.recv(4096)
        except TimeoutError:
            continue
        if not chunk:
            return
        _send(client, chunk, every_s, stop)


@contextmanager
def drip_proxy(port: int, every_s: float) -> Iterator[int]:
    """A proxy to 127.0.0.1:``port`` whose answers come one byte every ``every_s``.

    Put in front of an HTTPS server, its TLS handshake crawls though every single
    read gets a byte in time.  Yields the proxy's port.
    """

    def handle(conn: socket.socket, stop: threading.Event) -> None:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as upstream:
            _relay(conn, upstream, every_s, stop)

    with _serving(handle) as proxy:
        yield proxy


@contextmanager
def tls_front(certificate: IssuedCertificate, port: int) -> Iterator[int]:
    """HTTPS on 127.0.0.1 for the plain HTTP server at ``port``: a quick handshake, then
    whatever that server does (trickle, say).  Yields the port."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate.certificate, certificate.key)

    def handle(conn: socket.socket, stop: threading.Event) -> None:
        conn.settimeout(5)
        with (
            context.wrap_socket(conn, server_side=True) as secured,
            socket.create_connection(("127.0.0.1", port), timeout=5) as upstream,
        ):
            secured.settimeout(None)
            _relay(secured, upstream, 0.0, stop)

    with _serving(handle) as front:
        yield front
