"""A replica handle that runs SQL on its connection and loads sqlite-utils only when needed.

Why: importing sqlite-utils costs the window 60-120 ms before its first paint
(its table API, dateutil, click and pluggy), while painting the lists needs only
``execute`` and the connection.  ``DeferredDatabase`` answers those itself and
makes the ``sqlite_utils.Database`` at the first use of anything else (a write's
``db["table"]``, ``db.query``...), to which it then hands every call: after that
it behaves as the Database it wraps, which is made exactly as ``as_database``
makes it.  Until then it does what that Database would have done: its
constructor's pragma runs here at once, and ``execute`` runs the statement on the
connection.  (sqlite-utils' ``execute`` also commits a transaction a statement opened
implicitly; the replica's connection is in autocommit mode -- ``isolation_level=None``,
``sync.store.database`` -- so no statement opens one, and there is nothing to commit.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # as in sync.store.reader: the types of the standard module
    import sqlite3

    import sqlite_utils


class DeferredDatabase:
    """Stands in for ``sqlite_utils.Database(connection, execute_plugins=False)``."""

    __slots__ = ("_database", "conn")
    conn: sqlite3.Connection
    _database: sqlite_utils.Database | None

    def __init__(self, connection: sqlite3.Connection) -> None:
        object.__setattr__(self, "conn", connection)
        object.__setattr__(self, "_database", None)
        connection.execute("PRAGMA recursive_triggers=on;")  # as sqlite_utils.Database does

    def database(self) -> sqlite_utils.Database:
        """The sqlite-utils Database over the same connection, made on first use."""
        database = self._database
        if database is None:
            from sync.store.database import as_database  # noqa: PLC0415 - sqlite-utils, now

            database = as_database(self.conn)
            object.__setattr__(self, "_database", database)
        return database

    def execute(self, sql: str, parameters: Any = None) -> sqlite3.Cursor:
        if self._database is not None:  # e.g. a tracer set on it since
            cursor: sqlite3.Cursor = self._database.execute(sql, parameters)
            return cursor
        if parameters is not None:
            return self.conn.execute(sql, parameters)
        return self.conn.execute(sql)

    def close(self) -> None:
        self.conn.close()  # all sqlite_utils.Database.close does

    def __getattr__(self, name: str) -> Any:
        return getattr(self.database(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self.database(), name, value)

    def __getitem__(self, table_name: str) -> Any:
        return self.database()[table_name]

    def __repr__(self) -> str:
        return f"<DeferredDatabase {self.conn!r}>"
