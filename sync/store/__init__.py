"""The local SQLite replica: schema, migrations and the queries over it."""

from sync.store.database import StoreError, open_database, transaction

__all__ = ["StoreError", "open_database", "transaction"]
