"""A private PostgreSQL cluster: the server of one RT instance on PostgreSQL.

The cluster is Debian's PostgreSQL server run straight from ``/usr/lib/postgresql/<ver>/bin``
with a data directory of its own: it never touches the system's cluster.  It listens on
127.0.0.1 only, on a free port, with its unix socket in its own directory; its postmaster
runs in a process group of its own (PostgreSQL puts each backend in a session of its own,
so ``stop`` asks the postmaster to shut down and then checks that no process working in
the data directory is left).  PostgreSQL refuses to run as root: root runs it as another
user (``owner``, the ``postgres`` system user; see ``devrt.pg_database``).

Layout of the cluster directory::

    data/       the cluster (initdb)
    run/        its unix socket
    instance    path of the instance directory it belongs to
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import subprocess
import time
from pathlib import Path

from devrt.database import DatabaseError, Log
from devrt.probes import free_port

PG_LIB = Path("/usr/lib/postgresql")
SERVICE_USER = "postgres"
SHARED_PARENT = Path("/var/tmp")  # noqa: S108 - a fresh 0700 directory made with mkdtemp
HOME_PREFIX = "fielddesk-devrt-pg-"
READY_TIMEOUT_S = 30.0
# A disposable helpdesk: no fsync (provisioning and resets are several times faster).
SETTINGS = ["fsync=off", "synchronous_commit=off", "full_page_writes=off"]


class PostgresError(DatabaseError):
    """The private PostgreSQL cluster could not be created, started or used."""


def bin_dir() -> Path:
    """Binaries of the newest PostgreSQL installed (``/usr/lib/postgresql/<ver>/bin``)."""
    versions = sorted(
        (p for p in PG_LIB.glob("*/bin") if (p / "initdb").exists() and p.parent.name.isdigit()),
        key=lambda p: int(p.parent.name),
    )
    if not versions:
        raise PostgresError(f"no PostgreSQL server under {PG_LIB} (install 'postgresql')")
    return versions[-1]


class Cluster:
    """A PostgreSQL cluster in ``home``, run as ``owner`` (None: as this process's user)."""

    def __init__(self, home: Path, log: Log, owner: pwd.struct_passwd | None) -> None:
        self.home = home
        self.log = log
        self.owner = owner
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def data(self) -> Path:
        return self.home / "data"

    @property
    def socket_dir(self) -> Path:
        return self.home / "run"

    def initialized(self) -> bool:
        return (self.data / "PG_VERSION").exists()

    def init(self) -> None:
        shutil.rmtree(self.data, ignore_errors=True)
        self.socket_dir.mkdir(parents=True, exist_ok=True)
        self._chown(self.socket_dir)
        self.log("Creating a private PostgreSQL cluster...")
        initdb = [str(bin_dir() / "initdb"), "--pgdata", str(self.data), "--no-sync"]
        options = ["--encoding=UTF8", "--locale=C.UTF-8", "--auth-local=peer"]
        self._run(
            [*initdb, *options, "--auth-host=scram-sha-256"],
            "initdb",
        )

    # -- the server --------------------------------------------------------
    def port(self) -> int | None:
        """Port of this cluster's running postmaster."""
        lines = self._pid_file()
        return int(lines[3]) if len(lines) > 3 and lines[3].isdigit() else None

    def is_up(self) -> bool:
        port = self.port()
        if port is None or self._postmaster() is None:
            return False
        ready = subprocess.run(
            [str(bin_dir() / "pg_isready"), "-q", "-h", str(self.socket_dir), "-p", str(port)],
            capture_output=True,
            check=False,
        )
        return ready.returncode == 0

    def start(self, log_path: Path) -> None:
        if self.is_up():
            return
        self.stop()
        if self._process is not None:  # a postmaster of ours that died: reap it
            self._process.wait(timeout=5)
            self._process = None
        # Nothing of the cluster runs: a pid file left by a crash is stale.
        (self.data / "postmaster.pid").unlink(missing_ok=True)
        if not self.initialized():
            self.init()
        for attempt in range(1, 4):  # a port found free can be taken before postgres binds it
            port = free_port()
            self.log(f"Starting PostgreSQL on 127.0.0.1:{port}...")
            command = [str(bin_dir() / "postgres"), "-D", str(self.data), "-p", str(port)]
            options = ["listen_addresses=127.0.0.1", f"unix_socket_directories={self.socket_dir}"]
            options += SETTINGS
            with log_path.open("ab") as server_log:
                self._process = subprocess.Popen(
                    [*command, *(f"-c{option}" for option in options)],
                    stdin=subprocess.DEVNULL,
                    stdout=server_log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,  # its own process group, like rt-server
                    cwd=self.home,
                    env=self._env(),
                    user=self._uid,
                    group=self._gid,
                    extra_groups=self._groups,
                )
            if self._wait_ready(self._process):
                return
            self.stop()
            self.log(f"PostgreSQL did not come up on port {port} (attempt {attempt})")
        tail = log_path.read_text(errors="replace").splitlines()[-10:]
        raise PostgresError("PostgreSQL did not start:\n" + "\n".join(tail))

    def _wait_ready(self, process: subprocess.Popen[bytes]) -> bool:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if process.poll() is not None:
                return False
            if self.is_up():
                return True
            time.sleep(0.05)
        return False

    def stop(self) -> bool:
        """Fast shutdown; then make sure no process of the cluster is left. Whether one ran."""
        postmaster = self._postmaster()
        if postmaster is None and not self.processes():
            self._reap()
            return False
        self.log("Stopping PostgreSQL...")
        for sig, grace in ((signal.SIGINT, 20.0), (signal.SIGQUIT, 5.0), (signal.SIGKILL, 5.0)):
            targets = [postmaster] if postmaster and sig != signal.SIGKILL else self.processes()
            for pid in targets:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, sig)
            if self._wait_gone(grace):
                return True
        raise PostgresError(f"PostgreSQL in {self.data} would not stop")

    def _wait_gone(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.processes():
                self._reap()
                return True
            time.sleep(0.05)
        return False

    def _reap(self) -> None:
        """Collect our postmaster's exit status, so no zombie (or Popen warning) is left.

        A postmaster that has exited but is not reaped has no command line, so
        ``processes()`` no longer lists it: gone from there is not yet reaped."""
        if self._process is not None:
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=5)
            self._process = None

    def processes(self) -> list[int]:
        """The postgres processes working in the data directory (postmaster and backends)."""
        data = str(self.data)
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError):
                    program = (entry / "cmdline").read_bytes().split(b"\0")[0]
                    postgres = program.startswith(b"postgres") or program.endswith(b"/postgres")
                    if postgres and os.readlink(entry / "cwd") == data:
                        found.append(int(entry.name))
        return found

    def _postmaster(self) -> int | None:
        """The pid of postmaster.pid when it is this cluster's postmaster (never a stranger)."""
        lines = self._pid_file()
        if not lines or not lines[0].isdigit():
            return None
        pid = int(lines[0])
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            return None
        return pid if str(self.data).encode() in cmdline else None

    def _pid_file(self) -> list[str]:
        try:
            return (self.data / "postmaster.pid").read_text().splitlines()
        except OSError:
            return []

    # -- SQL ---------------------------------------------------------------
    def sql(self, *statements: str) -> str:
        """Run statements as the superuser, one by one (CREATE DATABASE needs its own).

        They go to psql's stdin, never its command line (where others could read a password).
        """
        port = self.port()
        if port is None:
            raise PostgresError("PostgreSQL is not running")
        args = [str(bin_dir() / "psql"), "-XAtq", "-v", "ON_ERROR_STOP=1", "-d", "postgres"]
        args += ["-h", str(self.socket_dir), "-p", str(port)]
        script = "".join(f"{statement};\n" for statement in statements)
        return self._run(args, " ".join(statements[0].split()[:2]), script)

    def _run(self, args: list[str], what: str, script: str = "") -> str:
        result = subprocess.run(
            args,
            input=script,
            capture_output=True,
            text=True,
            check=False,
            cwd=self.home,
            env=self._env(),
            user=self._uid,
            group=self._gid,
            extra_groups=self._groups,
        )
        if result.returncode != 0:
            detail = "\n".join(result.stderr.strip().splitlines()[-8:])
            raise PostgresError(f"PostgreSQL step '{what}' failed:\n{detail}")
        return result.stdout

    # -- as the cluster's owner ----------------------------------------------
    def _env(self) -> dict[str, str]:
        return {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(self.home)}

    @property
    def _uid(self) -> int | None:
        return None if self.owner is None else self.owner.pw_uid

    @property
    def _gid(self) -> int | None:
        return None if self.owner is None else self.owner.pw_gid

    @property
    def _groups(self) -> list[int] | None:
        return None if self.owner is None else []  # none of root's groups

    def _chown(self, path: Path) -> None:
        if self.owner is not None:
            os.chown(path, self.owner.pw_uid, self.owner.pw_gid)
        path.chmod(0o700)
