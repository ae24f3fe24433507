"""A loopback HTTP(S) server that records every request it receives.

It stands where a redirect points: a test then checks what (if anything) a
client sent there.  With a certificate it speaks HTTPS, so a client that did
follow a redirect would get through and be recorded.
"""

from __future__ import annotations

import ssl
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from socket import socket
from typing import Any

from devrt.certs import IssuedCertificate


@dataclass(frozen=True)
class Captured:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class CaptureServer:
    def __init__(self, certificate: IssuedCertificate | None = None) -> None:
        self.requests: list[Captured] = []
        context = None
        if certificate is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(certificate.certificate, certificate.key)
        self._server = _Server(("127.0.0.1", 0), _handler(self.requests), context)
        self.port: int = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> CaptureServer:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self, address: tuple[str, int], handler: Any, context: ssl.SSLContext | None
    ) -> None:
        self.context = context
        super().__init__(address, handler)

    def get_request(self) -> tuple[socket, Any]:
        sock, address = super().get_request()
        if self.context is None:
            return sock, address
        # A failed handshake is an OSError: socketserver drops that connection.
        return self.context.wrap_socket(sock, server_side=True), address


def _handler(requests: list[Captured]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _record(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            requests.append(Captured(self.command, self.path, dict(self.headers), body))
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def do_GET(self) -> None:
            self._record()

        def do_POST(self) -> None:
            self._record()

        def do_PUT(self) -> None:
            self._record()

        def log_message(self, *_args: Any) -> None:  # quiet
            pass

    return Handler
