"""RT's database in a private PostgreSQL cluster (``RTInstance(database="postgresql")``).

The live database ``rt`` and its pristine copy ``rt_pristine`` sit in a cluster of the
instance's own (``devrt.postgres``); a reset drops ``rt`` and copies it again from
``rt_pristine`` (CREATE DATABASE ... TEMPLATE), like the SQLite instance copies a file.

As root the cluster runs as the ``postgres`` user, in a directory that user can reach: a
fresh one under ``/var/tmp`` (instance directories are often private, like pytest's 0700
temp dirs), linked from the instance as ``pg``; clusters whose instance directory has gone
are deleted when a new one is made.  As any other user it is ``pg/`` inside the instance.
The password of RT's database user is in ``db-password``.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import secrets
import shutil
import tempfile
from pathlib import Path

from devrt.database import Log
from devrt.postgres import HOME_PREFIX, SERVICE_USER, SHARED_PARENT, Cluster, PostgresError

LIVE, PRISTINE, ROLE = "rt", "rt_pristine", "rt_user"


class PostgresDatabase:
    """RT's database ``rt`` and its pristine copy ``rt_pristine``, in the instance's cluster."""

    kind = "postgresql"

    def __init__(self, root: Path, log: Log) -> None:
        self.root = root
        self.log = log
        self.link = root / "pg"
        self.password_path = root / "db-password"
        self.log_path = root / "log" / "postgres.log"
        self._cluster: Cluster | None = None

    def start(self) -> None:
        cluster = self._found() or self._create()
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        cluster.start(self.log_path)

    def stop(self) -> bool:
        cluster = self._found()
        return cluster.stop() if cluster is not None else False

    def is_up(self) -> bool:
        cluster = self._found()
        return cluster is not None and cluster.is_up()

    def config_values(self) -> dict[str, str]:
        port = self._running().port()
        return {
            "@DBPORT@": str(port),
            "@DBNAME@": LIVE,
            "@DBUSER@": ROLE,
            "@DBPASSWORD@": self.password_path.read_text().strip(),
        }

    def create_empty(self) -> None:
        password = secrets.token_urlsafe(
            18
        )  # letters, digits, - and _: safe in SQL and Perl quotes
        self._running().sql(
            f"DROP DATABASE IF EXISTS {LIVE} WITH (FORCE)",
            f"DROP DATABASE IF EXISTS {PRISTINE} WITH (FORCE)",
            f"DROP ROLE IF EXISTS {ROLE}",
            f"CREATE ROLE {ROLE} LOGIN PASSWORD '{password}'",
            f"CREATE DATABASE {LIVE} OWNER {ROLE} TEMPLATE template0 ENCODING 'UTF8'",
        )
        self.password_path.write_text(password)
        self.password_path.chmod(0o600)

    def has_pristine(self) -> bool:
        return self._exists(PRISTINE)

    def has_live(self) -> bool:
        return self._exists(LIVE)

    def save_pristine(self) -> None:
        self._running().sql(
            f"DROP DATABASE IF EXISTS {PRISTINE}",
            f"CREATE DATABASE {PRISTINE} TEMPLATE {LIVE} STRATEGY FILE_COPY",
        )

    def restore_pristine(self) -> None:
        self._running().sql(
            f"DROP DATABASE IF EXISTS {LIVE} WITH (FORCE)",
            f"CREATE DATABASE {LIVE} TEMPLATE {PRISTINE} OWNER {ROLE} STRATEGY FILE_COPY",
        )

    def destroy(self) -> None:
        cluster = self._found()
        if cluster is not None:
            cluster.stop()
            shutil.rmtree(cluster.home, ignore_errors=True)
        if self.link.is_symlink():
            self.link.unlink()
        self._cluster = None

    # -- the cluster -------------------------------------------------------
    def _exists(self, database: str) -> bool:
        cluster = self._found()
        if cluster is None or not cluster.is_up():
            return False
        found = cluster.sql(f"SELECT 1 FROM pg_database WHERE datname = '{database}'")
        return found.strip() == "1"

    def _running(self) -> Cluster:
        cluster = self._found()
        if cluster is None or not cluster.is_up():
            raise PostgresError("the instance's PostgreSQL is not running")
        return cluster

    def _found(self) -> Cluster | None:
        """The instance's cluster directory, if it has one (and it is still there)."""
        if not self.link.exists() and not self.link.is_symlink():
            return None
        owner = _owner()
        if owner is None:
            home = self.link if self.link.is_dir() and not self.link.is_symlink() else None
        else:
            home = _shared_home(self.link, owner)
        if home is None:
            self._cluster = None
        elif self._cluster is None or self._cluster.home != home:
            self._cluster = Cluster(home, self.log, owner)
        return self._cluster

    def _create(self) -> Cluster:
        owner = _owner()
        if owner is None:
            self.link.mkdir(mode=0o700, parents=True, exist_ok=True)
            home = self.link
        else:
            _delete_orphans(self.log)
            home = Path(tempfile.mkdtemp(prefix=HOME_PREFIX, dir=SHARED_PARENT))
            self.root.mkdir(parents=True, exist_ok=True)
            self.link.unlink(missing_ok=True)
            self.link.symlink_to(home)  # before the back-reference: never taken for an orphan
            (home / "instance").write_text(str(self.root))
            os.chown(home, owner.pw_uid, owner.pw_gid)
        self._cluster = Cluster(home, self.log, owner)
        return self._cluster


def _owner() -> pwd.struct_passwd | None:
    """Who runs the cluster: ``postgres`` when we are root (PostgreSQL refuses root)."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam(SERVICE_USER)
    except KeyError:
        raise PostgresError(f"no '{SERVICE_USER}' user: install the 'postgresql' package") from None


def _shared_home(link: Path, owner: pwd.struct_passwd) -> Path | None:
    """The cluster directory link points to, if it is a real directory of the cluster's owner."""
    try:
        home = Path(os.readlink(link))
        info = home.lstat()
    except OSError:
        return None
    mine = home.parent == SHARED_PARENT and home.name.startswith(HOME_PREFIX)
    return home if mine and info.st_uid == owner.pw_uid and home.is_dir() else None


def _delete_orphans(log: Log) -> None:
    """Delete stopped clusters whose instance is gone (e.g. pytest's older temp dirs)."""
    for home in SHARED_PARENT.glob(f"{HOME_PREFIX}*"):
        try:
            instance = Path((home / "instance").read_text())
        except OSError:
            continue  # being made right now, or not ours
        with contextlib.suppress(OSError):
            if Path(os.readlink(instance / "pg")) == home:
                continue
        if Cluster(home, log, None).processes():
            continue
        log(f"Deleting {home}: the PostgreSQL cluster of a deleted instance")
        shutil.rmtree(home, ignore_errors=True)
