"""The part of a database connection a query needs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # the standard module is not the replica's driver (sync.store.driver)
    import sqlite3


class Reader(Protocol):
    """A plain ``sqlite3.Connection`` or a ``sqlite_utils.Database``: both run SQL alike.

    Code on the path of a read-only command takes a Reader, so that the command can
    run on the plain connection without importing sqlite-utils (``sync.store.database``).
    """

    def execute(self, sql: str, parameters: Any = ..., /) -> sqlite3.Cursor: ...
