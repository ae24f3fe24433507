"""The SQLite the replica runs on: SQLCipher 4 (``sqlcipher3``), a drop-in ``sqlite3`` module.

Code that opens the replica or catches its errors imports ``sqlite3`` from here:
SQLCipher's connections raise their own exception classes, which the standard
``sqlite3.DatabaseError`` would not catch.  The type checker sees the standard
module (the same API; sqlcipher3 ships no type information).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite3
else:
    from sqlcipher3 import dbapi2 as sqlite3

__all__ = ["sqlite3"]
