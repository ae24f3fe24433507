"""Where a private RT keeps its data: the part of an instance that depends on the database.

An instance provisions its database once, keeps a pristine copy of it, and brings the
live database back to that copy between test modules.  SQLite needs files only;
PostgreSQL (``devrt.postgres``) needs a server of its own as well.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

DATABASES = ("sqlite", "postgresql")

Log = Callable[[str], None]


class DatabaseError(RuntimeError):
    """The instance's database could not be created, started or used."""


class Database(Protocol):
    """One instance's RT database, its pristine copy and any server they need."""

    kind: str

    def start(self) -> None:
        """Make sure the database can be used (start its server); idempotent."""

    def stop(self) -> bool:
        """Stop what start() started. Returns whether something ran."""

    def is_up(self) -> bool:
        """True when RT can use the database now."""

    def config_values(self) -> dict[str, str]:
        """Markers of ``database-<kind>.pm.in`` (RT's config) and their values."""

    def create_empty(self) -> None:
        """An empty live database for ``rt-setup-database --skip-create``, no pristine copy."""

    def has_pristine(self) -> bool: ...

    def has_live(self) -> bool: ...

    def save_pristine(self) -> None:
        """Copy the live database (nothing connected to it) as the pristine one."""

    def restore_pristine(self) -> None:
        """Replace the live database with a copy of the pristine one (RT stopped)."""

    def destroy(self) -> None:
        """Stop and delete whatever the database keeps outside the instance directory."""


class SQLiteDatabase:
    """``db/rt.db`` and its pristine copy ``db/pristine.db``: files only, no server."""

    kind = "sqlite"

    def __init__(self, root: Path, log: Log) -> None:
        self.path = root / "db" / "rt.db"
        self.pristine = root / "db" / "pristine.db"

    def start(self) -> None:
        pass

    def stop(self) -> bool:
        return False

    def is_up(self) -> bool:
        return True

    def config_values(self) -> dict[str, str]:
        return {"@DBPATH@": str(self.path)}

    def create_empty(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for stale in (self.path, self.pristine):
            stale.unlink(missing_ok=True)

    def has_pristine(self) -> bool:
        return self.pristine.exists()

    def has_live(self) -> bool:
        return self.path.exists()

    def save_pristine(self) -> None:
        shutil.copyfile(self.path, self.pristine)

    def restore_pristine(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(self.pristine, self.path)

    def destroy(self) -> None:
        pass


def open_database(kind: str, root: Path, log: Log) -> Database:
    """The database of the instance in root."""
    if kind == "sqlite":
        return SQLiteDatabase(root, log)
    if kind == "postgresql":
        from devrt.pg_database import PostgresDatabase  # noqa: PLC0415 - only when asked for

        return PostgresDatabase(root, log)
    raise ValueError(f"unknown database {kind!r}: choose one of {', '.join(DATABASES)}")
