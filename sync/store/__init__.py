"""The local SQLite replica: schema, migrations and the queries over it."""

from sync.store.database import (
    DiskFull,
    ReplicaDamaged,
    StoreError,
    UpdateDue,
    open_database,
    transaction,
)

__all__ = ["DiskFull", "ReplicaDamaged", "StoreError", "UpdateDue", "open_database", "transaction"]
