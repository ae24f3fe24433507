"""How many conflicts wait for the technician's decision: the window's badge.

Apart from ``sync.conflicts`` and ``sync.asset_conflicts`` (their dataclasses, the
merge rules, the asset store): the window counts at every start and after every
sync, and loads those only when the Conflicts screen opens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sync.store.reader import Reader

# Unresolved ones of both kinds, as the Conflicts screen lists them.
COUNT_SQL = (
    "SELECT (SELECT COUNT(*) FROM conflicts WHERE resolved IS NULL)"
    " + (SELECT COUNT(*) FROM asset_conflicts WHERE resolved IS NULL)"
)


def open_conflict_count(db: Reader) -> int:
    """Open conflicts on visits' fields and on assets' fields together."""
    return int(db.execute(COUNT_SQL).fetchone()[0])
