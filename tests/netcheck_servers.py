"""Real listeners on loopback for the network check's tests: DNS, a file, silence.

Only 127.0.0.1 is ever used: the tests send nothing anywhere else.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from dnslib import QTYPE, RCODE, RR, A
from dnslib.server import BaseResolver, DNSLogger, DNSServer


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
