"""A private Request Tracker 5 helpdesk in a directory of its own.

One instance = one directory holding its RT config, database (SQLite, or a
private PostgreSQL cluster: ``devrt.database``), mason cache, logs and mail
spool.  The server listens on 127.0.0.1 only, on a free port, and every process
it starts runs in its own process group so that ``down()`` stops exactly those
processes and nothing else.

Layout of an instance directory::

    RT_SiteConfig.pm   config written for the current port
    site.d/            empty: replaces Debian's site.d (which names the shared DB)
    db/rt.db           SQLite: the live database
    db/pristine.db     SQLite: snapshot taken after provisioning (for cheap resets)
    pg -> /var/tmp/... PostgreSQL: the cluster (databases rt, rt_pristine); db-password
    database           which database the instance was provisioned on
    provisioned-with   fingerprint of the admin kit, sample data, RT release and database
    var/               mason cache, sessions, mail spool (*.mbox)
    log/               rt.log (RT's log), server.log (rt-server's stderr), postgres.log
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
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from devrt.database import DATABASES, Database, open_database
from devrt.packages import RT_SERVER, RT_SETUP_DATABASE, ensure_rt_installed, rt_version
from devrt.probes import free_port as _free_port
from devrt.probes import is_our_server as _is_our_server
from devrt.probes import origin as _origin
from devrt.probes import port_is_free as _port_is_free
from devrt.probes import rest_answers as _rest_answers
from sync.resources import resource_path

READY_TIMEOUT_S = 60.0
LAST_PORT_FILE = "last-port"
KIT_FINGERPRINT_FILE = "provisioned-with"
DATABASE_FILE = "database"
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
    and the ``url`` of the running instance.  ``database`` is "sqlite" or
    "postgresql"; by default the one the instance was provisioned on (else SQLite).
    """

    def __init__(
        self,
        root: Path,
        log: Log = _quiet,
        *,
        web_path: str = "",
        public_url: str | None = None,
        database: str | None = None,
        server_zone: str = "UTC",
    ) -> None:
        self.root = root.resolve()
        self.log = log
        kind = database or _recorded_database(self.root)
        if kind not in DATABASES:
            raise RTInstanceError(f"unknown database {kind!r}: choose {' or '.join(DATABASES)}")
        self.database: Database = open_database(kind, self.root, log)
        self.web_path = web_path.rstrip("/")
        self.public_url = public_url.rstrip("/") if public_url else None
        # RT's $Timezone: how it reads the dates of users who chose no zone of their own.
        self.server_zone = server_zone

    # -- paths -----------------------------------------------------------
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
        ensure_rt_installed(self.log, self.database.kind)
        with self._locked():
            current = self._provisioned_with_current_kit()
            if not current:
                if (self.root / KIT_FINGERPRINT_FILE).exists():
                    # An instance made from an older admin kit, sample data or RT release
                    # lacks what the app now relies on (rights, fields, RT's fixes), or is
                    # on the other database: start it afresh rather than mislead.
                    self.log("The admin kit, sample data, RT or database changed: provisioning...")
                self._stop_recorded_server()
            running = self._running_state() if current else None
            if running is not None and self.database.is_up():
                self.log(f"RT already running at {running.url}")
                return running
            self._stop_recorded_server()
            self.database.start()
            if not current or not self.database.has_pristine():
                self._provision()
            elif not self.database.has_live():
                self.database.restore_pristine()
            return self._start_server()

    def down(self) -> bool:
        """Stop the server this instance started (and its database's). Whether RT ran."""
        with self._locked():
            stopped = self._stop_recorded_server()
            self.database.stop()
            return stopped

    def reset(self) -> RunningRT:
        """Bring the data back to the freshly provisioned state (~2 s)."""
        with self._locked():
            self._stop_recorded_server()
            if not (self.root / KIT_FINGERPRINT_FILE).exists():
                raise RTInstanceError(f"{self.root} was never provisioned; run up first")
            self.database.start()
            if self.database.has_pristine():  # else up() provisions afresh
                self.database.restore_pristine()
            shutil.rmtree(self.root / "var" / "session_data", ignore_errors=True)
            (self.root / "var" / "session_data").mkdir(parents=True)
        return self.up()

    def destroy(self) -> None:
        self.down()
        for kind in DATABASES:  # also the cluster of a database it was provisioned on before
            open_database(kind, self.root, self.log).destroy()
        shutil.rmtree(self.root, ignore_errors=True)

    def status(self) -> RunningRT | None:
        return self._running_state()

    # -- provisioning ------------------------------------------------------
    def _provision(self) -> None:
        started = time.monotonic()
        (self.root / KIT_FINGERPRINT_FILE).unlink(missing_ok=True)
        shutil.rmtree(self.root / "var" / "session_data", ignore_errors=True)
        for sub in ("var/mason_data", "var/session_data", "log", "site.d"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        self.database.create_empty()
        (self.root / DATABASE_FILE).write_text(self.database.kind)
        self._write_config(port=_free_port())
        self.log("Creating RT database...")
        self._rt_command([str(RT_SETUP_DATABASE), "--action", "init", "--skip-create"], "init")
        for name in ("fielddesk-admin-kit.pl", "sample-data.pl"):
            self.log(f"Loading {name}...")
            datafile = resource_path("rt", name)
            # --skip-create: connect as RT's own database user, never prompt for a DBA's.
            insert = [str(RT_SETUP_DATABASE), "--action", "insert", "--skip-create"]
            self._rt_command([*insert, "--datafile", str(datafile)], name)
        self.log("Creating auth tokens for the sample users...")
        self._create_tokens()
        self.database.save_pristine()
        (self.root / KIT_FINGERPRINT_FILE).write_text(kit_fingerprint(self.database.kind))
        self.log(f"Provisioned RT on {self.database.kind} in {time.monotonic() - started:.1f} s")

    def _create_tokens(self) -> None:
        script = resource_path("rt", "create-tokens.pl")
        out = self._rt_command(["perl", str(script), *SAMPLE_USERS], "tokens")
        tokens = json.loads(out)
        missing = set(SAMPLE_USERS) - set(tokens)
        if missing:
            raise RTInstanceError(f"no token created for {', '.join(sorted(missing))}")
        self.tokens_path.write_text(json.dumps(tokens, indent=2))
        self.tokens_path.chmod(0o600)

    def _rt_command(self, args: list[str], what: str) -> str:
        result = subprocess.run(
            args,
            env=self._rt_env(),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            check=False,
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
        database = resource_path("rt", f"database-{self.database.kind}.pm.in").read_text()
        template = template.replace("@DATABASE@\n", database)
        values = {
            **self.database.config_values(),
            "@ROOT@": str(self.root),
            "@PORT@": str(port),
            "@WEBPATH@": self.web_path,
            "@TIMEZONE@": self.server_zone,
            # WebBaseURL is scheme://host:port only; the prefix is WebPath.
            "@BASEURL@": _origin(self.public_url)
            if self.public_url
            else f"http://127.0.0.1:{port}",
        }
        config = template
        for marker, value in values.items():
            config = config.replace(marker, value)
        path = self.root / "RT_SiteConfig.pm"
        path.touch(mode=0o600)
        path.chmod(0o600)  # before the database password goes in
        path.write_text(config)

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
            recorded = (self.root / KIT_FINGERPRINT_FILE).read_text()
            return recorded == kit_fingerprint(self.database.kind)
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


def kit_fingerprint(database: str = "sqlite") -> str:
    """Digest of what an instance is provisioned from: our files, RT's release, the database."""
    digest = hashlib.sha256()
    for name in PROVISIONING_FILES:
        digest.update(resource_path("rt", name).read_bytes())
    digest.update(f"\0{rt_version()}\0{database}".encode())
    return digest.hexdigest()


def _recorded_database(root: Path) -> str:
    try:
        return (root / DATABASE_FILE).read_text().strip() or "sqlite"
    except OSError:
        return "sqlite"


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
