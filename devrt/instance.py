"""A private Request Tracker 5 helpdesk in a directory of its own.

One instance = one directory holding its RT config, SQLite database, mason
cache, logs and mail spool.  The server listens on 127.0.0.1 only, on a free
port, and every process it starts runs in its own process group so that
``down()`` stops exactly those processes and nothing else.

Layout of an instance directory::

    RT_SiteConfig.pm   config written for the current port
    site.d/            empty: replaces Debian's site.d (which names the shared DB)
    db/rt.db           the live database
    db/pristine.db     snapshot taken after provisioning (for cheap resets)
    var/               mason cache, sessions, mail spool (*.mbox)
    log/               rt.log (RT's log), server.log (rt-server's stderr)
    tokens.json        auth tokens of the sample users (demo/test secrets)
    state.json         pid, process group and port of the running server
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from devrt.packages import RT_SERVER, RT_SETUP_DATABASE, ensure_rt_installed
from sync.resources import resource_path

USER_AGENT = "FieldDesk-devrt/1"
READY_TIMEOUT_S = 60.0
LAST_PORT_FILE = "last-port"
KIT_FINGERPRINT_FILE = "provisioned-with"
PROVISIONING_FILES = ("fielddesk-admin-kit.pl", "sample-data.pl", "create-tokens.pl")
SAMPLE_PASSWORD = "fielddesk"  # noqa: S105 - password of every sample user (demo data only)
SAMPLE_USERS = ("supervisor", "alice", "bob", "carol")

Log = Callable[[str], None]

# Servers started by this process, so that down() can reap them (no zombies,
# no "still running" warnings).  Servers started by another process are
# stopped through their recorded process group alone.
_started: dict[int, subprocess.Popen[bytes]] = {}


class RTInstanceError(RuntimeError):
    """The private RT could not be created or started."""


@dataclass(frozen=True)
class RunningRT:
    """What a client needs to talk to a running private RT."""

    url: str
    port: int
    pid: int
    tokens: dict[str, str]
    root: Path

    def token(self, user: str) -> str:
        return self.tokens[user]


def _quiet(_: str) -> None:
    pass


class RTInstance:
    """A private RT in ``root``.

    ``web_path`` mounts RT under a path prefix (``/rt``), as behind a company's
    reverse proxy; ``public_url`` is the address clients use when a proxy
    fronts it (``https://127.0.0.1:8443/rt``): it becomes RT's ``$WebBaseURL``
    and the ``url`` of the running instance.
    """

    def __init__(
        self,
        root: Path,
        log: Log = _quiet,
        *,
        web_path: str = "",
        public_url: str | None = None,
    ) -> None:
        self.root = root.resolve()
        self.log = log
        self.web_path = web_path.rstrip("/")
        self.public_url = public_url.rstrip("/") if public_url else None

    # -- paths -----------------------------------------------------------
    @property
    def db_path(self) -> Path:
        return self.root / "db" / "rt.db"

    @property
    def pristine_path(self) -> Path:
        return self.root / "db" / "pristine.db"

    @property
    def state_path(self) -> Path:
        return self.root / "state.json"

    @property
    def tokens_path(self) -> Path:
        return self.root / "tokens.json"

    @property
    def server_log_path(self) -> Path:
        return self.root / "log" / "server.log"

    # -- public API --------------------------------------------------------
    def up(self) -> RunningRT:
        """Create the instance if needed and make sure its server runs.

        Idempotent: a second ``up`` reuses a healthy server; a dead or hung
        one is stopped and replaced.  Never two servers on one database.
        """
        ensure_rt_installed(self.log)
        with self._locked():
            stale = self.pristine_path.exists() and not self._provisioned_with_current_kit()
            if stale:
                # An instance made from an older admin kit or sample data lacks what the
                # app now relies on (rights, fields): start it afresh rather than mislead.
                self.log("The admin kit or sample data changed: provisioning RT afresh...")
                self._stop_recorded_server()
                self.pristine_path.unlink()
            running = self._running_state()
            if running is not None:
                self.log(f"RT already running at {running.url}")
                return running
            self._stop_recorded_server()
            if not self.pristine_path.exists():
                self._provision()
            elif not self.db_path.exists():
                shutil.copyfile(self.pristine_path, self.db_path)
            return self._start_server()

    def down(self) -> bool:
        """Stop the server this instance started. Returns whether one ran."""
        with self._locked():
            return self._stop_recorded_server()

    def reset(self) -> RunningRT:
        """Bring the data back to the freshly provisioned state (~2 s)."""
        with self._locked():
            self._stop_recorded_server()
            if not self.pristine_path.exists():
                raise RTInstanceError(f"{self.root} was never provisioned; run up first")
            self._restore_pristine()
        return self.up()

    def destroy(self) -> None:
        self.down()
        shutil.rmtree(self.root, ignore_errors=True)

    def status(self) -> RunningRT | None:
        return self._running_state()

    # -- provisioning ------------------------------------------------------
    def _provision(self) -> None:
        started = time.monotonic()
        for sub in ("db", "var/mason_data", "var/session_data", "log", "site.d"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        for stale in (self.db_path, self.pristine_path):
            stale.unlink(missing_ok=True)
        self._write_config(port=_free_port())
        self.log("Creating RT database...")
        self._rt_command([str(RT_SETUP_DATABASE), "--action", "init", "--skip-create"], "init")
        for name in ("fielddesk-admin-kit.pl", "sample-data.pl"):
            self.log(f"Loading {name}...")
            datafile = resource_path("rt", name)
            self._rt_command(
                [str(RT_SETUP_DATABASE), "--action", "insert", "--datafile", str(datafile)],
                name,
            )
        self.log("Creating auth tokens for the sample users...")
        self._create_tokens()
        shutil.copyfile(self.db_path, self.pristine_path)
        (self.root / KIT_FINGERPRINT_FILE).write_text(kit_fingerprint())
        self.log(f"Provisioned in {time.monotonic() - started:.1f} s")

    def _create_tokens(self) -> None:
        script = resource_path("rt", "create-tokens.pl")
        out = self._rt_command(["perl", str(script), *SAMPLE_USERS], "tokens")
        tokens = json.loads(out)
        missing = set(SAMPLE_USERS) - set(tokens)
        if missing:
            raise RTInstanceError(f"no token created for {', '.join(sorted(missing))}")
        self.tokens_path.write_text(json.dumps(tokens, indent=2))
        self.tokens_path.chmod(0o600)

    def _restore_pristine(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.db_path}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(self.pristine_path, self.db_path)
        shutil.rmtree(self.root / "var" / "session_data", ignore_errors=True)
        (self.root / "var" / "session_data").mkdir(parents=True)

    def _rt_command(self, args: list[str], what: str) -> str:
        result = subprocess.run(
            args, env=self._rt_env(), capture_output=True, text=True, check=False
        )
        # rt-setup-database reports data errors on stderr but still exits 0.
        errors = [line for line in result.stderr.splitlines() if "[error]" in line.lower()]
        if result.returncode != 0 or errors:
            detail = "\n".join((errors or result.stderr.strip().splitlines())[-8:])
            raise RTInstanceError(f"RT step '{what}' failed:\n{detail}")
        return result.stdout

    def _rt_env(self) -> dict[str, str]:
        return dict(
            os.environ,
            RT_SITE_CONFIG=str(self.root / "RT_SiteConfig.pm"),
            RT_SITE_CONFIG_DIR=str(self.root / "site.d"),
        )

    def _write_config(self, port: int) -> None:
        template = resource_path("rt", "RT_SiteConfig.pm.in").read_text()
        values = {
            "@ROOT@": str(self.root),
            "@PORT@": str(port),
            "@WEBPATH@": self.web_path,
            # WebBaseURL is scheme://host:port only; the prefix is WebPath.
            "@BASEURL@": _origin(self.public_url)
            if self.public_url
            else f"http://127.0.0.1:{port}",
        }
        config = template
        for marker, value in values.items():
            config = config.replace(marker, value)
        (self.root / "RT_SiteConfig.pm").write_text(config)

    # -- the server ----------------------------------------------------------
    def _start_server(self) -> RunningRT:
        attempts = 3  # a port found free can be taken before rt-server binds it
        for attempt in range(1, attempts + 1):
            # A helpdesk keeps its address across restarts: laptops signed in to it
            # find it again.  Only if that port is taken does it move.
            last = self._last_port()
            port = last if attempt == 1 and last and _port_is_free(last) else _free_port()
            self._write_config(port)
            self.log(f"Starting rt-server on 127.0.0.1:{port}...")
            with self.server_log_path.open("ab") as server_log:
                process = subprocess.Popen(
                    # $WebPath alone does not move the app: rt-server must mount it there.
                    [str(RT_SERVER), "--port", str(port), "--host", "127.0.0.1"]
                    + (["--webpath", self.web_path] if self.web_path else []),
                    env=self._rt_env(),
                    stdin=subprocess.DEVNULL,
                    stdout=server_log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # its own process group: we stop all of it
                )
            _started[process.pid] = process
            state = {"pid": process.pid, "pgid": process.pid, "port": port}
            self.state_path.write_text(json.dumps(state))
            (self.root / LAST_PORT_FILE).write_text(str(port))
            if self._wait_ready(port, process):
                running = self._running_state()
                if running is not None:
                    self.log(f"RT is up at {running.url}")
                    return running
            self._stop_recorded_server()
            self.log(f"rt-server did not come up on port {port} (attempt {attempt})")
        tail = self.server_log_path.read_text(errors="replace").splitlines()[-10:]
        raise RTInstanceError("rt-server did not start:\n" + "\n".join(tail))

    def _provisioned_with_current_kit(self) -> bool:
        try:
            return (self.root / KIT_FINGERPRINT_FILE).read_text() == kit_fingerprint()
        except OSError:
            return False

    def _last_port(self) -> int | None:
        try:
            return int((self.root / LAST_PORT_FILE).read_text())
        except (OSError, ValueError):
            return None

    def _wait_ready(self, port: int, process: subprocess.Popen[bytes]) -> bool:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if process.poll() is not None:
                return False
            if _rest_answers(port, self.web_path):
                return True
            time.sleep(0.1)
        return False

    def _running_state(self) -> RunningRT | None:
        state = self._read_state()
        if state is None or not _is_our_server(state["pid"], self.root):
            return None
        if not _rest_answers(state["port"], self.web_path):
            return None
        tokens = json.loads(self.tokens_path.read_text()) if self.tokens_path.exists() else {}
        return RunningRT(
            url=self.public_url or f"http://127.0.0.1:{state['port']}{self.web_path}",
            port=state["port"],
            pid=state["pid"],
            tokens=tokens,
            root=self.root,
        )

    def _read_state(self) -> dict[str, int] | None:
        try:
            state = json.loads(self.state_path.read_text())
        except (OSError, ValueError):
            return None
        if not all(isinstance(state.get(k), int) for k in ("pid", "pgid", "port")):
            return None
        return {k: state[k] for k in ("pid", "pgid", "port")}

    def _stop_recorded_server(self) -> bool:
        state = self._read_state()
        self.state_path.unlink(missing_ok=True)
        if state is None or not _is_our_server(state["pid"], self.root):
            return False
        pgid = state["pgid"]
        self.log(f"Stopping rt-server (process group {pgid})...")
        for sig, grace in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pgid, sig)
            if _wait_group_gone(pgid, grace):
                child = _started.pop(state["pid"], None)
                if child is not None:
                    child.wait()
                return True
        raise RTInstanceError(f"rt-server process group {pgid} would not stop")

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Serialise up/down/reset of one instance across processes."""
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / "lock").open("w") as lock_file:
            fcntl.flock(lock_file, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock_file, fcntl.LOCK_UN)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def kit_fingerprint() -> str:
    """Digest of the files an instance is provisioned from."""
    digest = hashlib.sha256()
    for name in PROVISIONING_FILES:
        digest.update(resource_path("rt", name).read_bytes())
    return digest.hexdigest()


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _rest_answers(port: int, web_path: str = "") -> bool:
    """RT's REST2 root answers 401 to an anonymous client once it is ready."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{web_path}/REST/2.0/rt", headers={"User-Agent": USER_AGENT}
    )
    try:
        with urllib.request.urlopen(request, timeout=2):  # noqa: S310 - fixed http URL
            return True
    except urllib.error.HTTPError as error:
        return error.code == 401
    except (OSError, urllib.error.URLError):
        return False


def _is_our_server(pid: int, root: Path) -> bool:
    """True when pid is an rt-server started with this instance's config.

    Guards against pid reuse: we never signal a process that is not ours.
    """
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        environ = Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return False
    marker = f"RT_SITE_CONFIG={root / 'RT_SiteConfig.pm'}".encode()
    return b"rt-server" in cmdline and marker in environ.split(b"\0")


def _wait_group_gone(pgid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        child = _started.get(pgid)
        if child is not None:
            child.poll()  # reap the leader if it was our child
        time.sleep(0.05)
    return False
