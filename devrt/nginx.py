"""nginx in front of a private RT: HTTPS on a path prefix, as companies run it.

One front = one directory holding its nginx.conf, pid file, logs and spool
folders.  nginx listens on 127.0.0.1 only and runs in its own process group
(``daemon off``), so ``stop()`` ends exactly what ``start()`` began.

    https://127.0.0.1:PORT/rt/...   ->  http://127.0.0.1:RT_PORT/rt/...

``redirects`` adds locations that answer with a redirect (a helpdesk that
moved, an http:// downgrade), for the tests that prove credentials never
follow one.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from pathlib import Path

from devrt.certs import IssuedCertificate
from devrt.packages import NGINX_PACKAGES, ensure_packages

NGINX = Path("/usr/sbin/nginx")
READY_TIMEOUT_S = 10.0
Log = Callable[[str], None]


class NginxError(RuntimeError):
    """nginx is missing or would not start."""


def ensure_nginx_installed(log: Log = print) -> None:
    """Debian's nginx, installed (or upgraded) with apt-get like RT's packages."""
    ensure_packages(NGINX_PACKAGES, log, what="nginx")
    if not NGINX.exists():
        raise NginxError(f"the nginx package is installed but {NGINX} is missing")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class TLSFront:
    """nginx terminating HTTPS on 127.0.0.1:``port`` for an RT under ``path``."""

    def __init__(
        self,
        root: Path,
        *,
        port: int,
        upstream_port: int,
        certificate: IssuedCertificate,
        path: str = "/rt",
        redirects: Mapping[str, str] | None = None,
        log: Log = print,
    ) -> None:
        self.root = root.resolve()
        self.port = port
        self.upstream_port = upstream_port
        self.certificate = certificate
        self.path = path.rstrip("/")
        self.redirects = dict(redirects or {})
        self.log = log
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}{self.path}"

    @property
    def error_log(self) -> Path:
        return self.root / "log" / "error.log"

    def start(self, ca_file: Path) -> None:
        """Start nginx and wait until RT answers through it (trusting ``ca_file``)."""
        ensure_nginx_installed(self.log)
        for sub in ("log", "spool"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        conf = self.root / "nginx.conf"
        conf.write_text(self._config())
        self.log(f"Starting nginx on https://127.0.0.1:{self.port}...")
        self._process = subprocess.Popen(
            [
                str(NGINX),
                *("-p", f"{self.root}/", "-c", str(conf), "-e", str(self.error_log)),
                *("-g", "daemon off;"),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: stop() ends master and workers
        )
        context = ssl.create_default_context(cafile=str(ca_file))
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                break
            if _rest_answers(f"{self.url}/REST/2.0/rt", context):
                return
            time.sleep(0.05)
        tail = "\n".join(self.error_log.read_text(errors="replace").splitlines()[-10:])
        self.stop()
        raise NginxError(f"nginx did not come up on port {self.port}:\n{tail}")

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        for sig, grace in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, sig)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(grace)
                return
        raise NginxError(f"nginx (process group {process.pid}) would not stop")

    def _config(self) -> str:
        redirects = "".join(
            f"        location {prefix}/ {{ return 302 {target}$request_uri; }}\n"
            for prefix, target in self.redirects.items()
        )
        # Bodies and replies stay in memory (64 MB: attachments), so workers
        # (nobody/www-data when started as root) never write to the spool folders.
        return f"""\
worker_processes 1;
pid {self.root}/nginx.pid;
error_log {self.error_log} info;
events {{ worker_connections 64; }}
http {{
    access_log {self.root}/log/access.log;
    client_body_temp_path {self.root}/spool/body;
    proxy_temp_path {self.root}/spool/proxy;
    fastcgi_temp_path {self.root}/spool/fastcgi;
    uwsgi_temp_path {self.root}/spool/uwsgi;
    scgi_temp_path {self.root}/spool/scgi;
    client_max_body_size 64m;
    client_body_buffer_size 64m;
    proxy_max_temp_file_size 0;
    server {{
        listen 127.0.0.1:{self.port} ssl;
        server_name 127.0.0.1 localhost;
        ssl_certificate {self.certificate.certificate};
        ssl_certificate_key {self.certificate.key};
        location {self.path}/ {{
            proxy_pass http://127.0.0.1:{self.upstream_port};
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-Host $http_host;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_read_timeout 120s;
        }}
{redirects}    }}
}}
"""


def _rest_answers(url: str, context: ssl.SSLContext) -> bool:
    """RT's REST2 root answers 401 to an anonymous client, through the proxy too."""
    request = urllib.request.Request(url, headers={"User-Agent": "FieldDesk-devrt/1"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=2, context=context):  # noqa: S310 - https
            return True
    except urllib.error.HTTPError as error:
        return error.code == 401
    except OSError:
        return False
