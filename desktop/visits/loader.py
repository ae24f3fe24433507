"""The visit list read off the GUI thread: the newest refresh wins.

Reading 10 000 visits -- ``list_visits``, the work on each, every row's texts,
sorted, scoped, filtered and under day headings -- takes a few hundred
milliseconds.  On the GUI thread that froze the window after every sync and every
saved note.  A worker with its own connection to the replica (``LatestQuery``)
reads and arranges the rows as the list is arranged at the moment of the refresh
(``ViewSpec``); the model swaps them in (``VisitsModel.set_arranged``).  A refresh
asked for while one is under way supersedes it, so the list never shows an older
read after a newer one.  An in-memory replica (tests of other screens) is read
at once, on the caller's thread.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QObject, Signal, Slot

from desktop.common.latest_query import LatestQuery
from desktop.visits.rows import Arranged, RowCache, ViewSpec, arrange, scope_days
from desktop.visits.work import VisitWork, visit_work
from sync.store import tickets as ticket_store
from sync.store.database import database_file
from sync.store.visit_rows import list_visit_rows_starting, visit_ids_and_owners

if TYPE_CHECKING:
    import sqlite_utils

ONE_DAY = timedelta(days=1)


class Loaded(NamedTuple):
    arranged: Arranged
    work: dict[int, VisitWork]
    # The replica's visits that RT knows (id > 0), worked out off the GUI thread, less
    # those opened on this laptop (``made_here`` once numbered): news only if they came.
    ids: frozenset[int]
    complete: bool = True  # False: only the rows of the scope shown (``load_scope``)
    # The visits opened on this laptop that RT has not numbered yet (id < 0): id -> the
    # uuid of the outbox row that creates them, which the ticket keeps once numbered.
    made_here: dict[int, str] | None = None
    # The visit followed by that uuid (``load``'s ``follow``), by its id now: RT's
    # number once a sync has created it; None if it is gone.
    followed: int | None = None


def load(
    db: sqlite_utils.Database, spec: ViewSpec, cache: RowCache, follow: str | None = None
) -> Loaded:
    """Everything the list shows, read and arranged (on the worker).

    Read as plain tuples, not ``Visit`` objects, and unchanged visits' rows reused
    from the last read: see rows.py.  ``follow``: the uuid of a visit made here
    (``Loaded.made_here``) whose id the caller wants now (``Loaded.followed``)."""
    rows = cache.rows_for(ticket_store.list_visit_rows(db))
    arranged = arrange(rows, spec)
    return Loaded(
        arranged,
        visit_work(db),
        frozenset(i for i in arranged.by_id if i > 0) - _numbered_here(db),
        made_here=_made_here(db),
        followed=_id_of(db, follow) if follow else None,
    )


def _made_here(db: sqlite_utils.Database) -> dict[int, str]:
    """The visits opened here, not yet on the helpdesk: id -> their creation's uuid."""
    # Few rows (the technician's unsent new tickets), by the primary key.
    return dict(db.execute("SELECT id, client_uuid FROM tickets WHERE id < 0").fetchall())


def _numbered_here(db: sqlite_utils.Database) -> frozenset[int]:
    """The visits opened here that RT has numbered since: they keep their creation's
    uuid, and are the technician's own work, not visits that arrived."""
    rows = db.execute("SELECT id FROM tickets WHERE client_uuid IS NOT NULL AND id > 0")
    return frozenset(row[0] for row in rows)


def _id_of(db: sqlite_utils.Database, client_uuid: str) -> int | None:
    """The id of the visit created by that outbox row (its uuid stays on the ticket)."""
    row = db.execute("SELECT id FROM tickets WHERE client_uuid = ?", [client_uuid]).fetchone()
    return int(row[0]) if row else None


def load_scope(db: sqlite_utils.Database, spec: ViewSpec, cache: RowCache) -> Loaded:
    """The window's first fill: the rows of the scope on show only (Today: a handful
    of 10 000), so the first paint does not wait for every visit's row; the rest
    follow on the worker (``load``).  The ids and owners are all the replica's, as a
    complete read has them: the new-visit notices and the owner column go by them."""
    days = scope_days(spec.scope, spec.today)
    if days is None:
        return load(db, spec, cache)
    # Rows are cut to the scope by their local day; their timestamps are UTC, a day
    # either way at most.
    first, after = (days[0] - ONE_DAY).isoformat(), (days[1] + ONE_DAY).isoformat()
    rows = cache.rows_for(list_visit_rows_starting(db, first, after))
    ids, owners = visit_ids_and_owners(db)
    arranged = arrange(rows, spec)._replace(owners=owners)
    return Loaded(
        arranged, visit_work(db), ids - _numbered_here(db), complete=False, made_here=_made_here(db)
    )


class VisitLoader(QObject):
    """``reload()`` returns at once; ``loaded`` brings the rows to the GUI thread."""

    loaded = Signal(object)  # Loaded

    def __init__(
        self,
        db: sqlite_utils.Database,
        spec: Callable[[], ViewSpec],
        cache: RowCache,
        parent: QObject,
    ) -> None:
        """``spec``: how the list is arranged now (asked on the GUI thread); ``cache``:
        the rows of the last read (the worker's from now on)."""
        super().__init__(parent)
        self._spec = spec
        self._cache = cache
        # What to read, with the visit to follow (see ``load``): read by the worker;
        # replaced whole, never changed.
        self._asked: tuple[ViewSpec, str | None] = (spec(), None)
        self.query = LatestQuery(database_file(db), db, self._load, "visit-list", self)
        self.query.found.connect(self._found)

    def reload(self, follow: str | None = None) -> None:
        """``follow``: see ``load``."""
        self._asked = (self._spec(), follow)
        self.query.search("")

    def discard(self) -> None:
        """The read under way is not wanted (the list read the replica itself since)."""
        self.query.discard()

    def _load(self, db: sqlite_utils.Database, _text: str) -> Loaded:
        spec, follow = self._asked
        return load(db, spec, self._cache, follow)

    @Slot(str, object, float)
    def _found(self, _text: str, result: object, _seconds: float) -> None:
        if isinstance(result, Loaded):
            self.loaded.emit(result)

    def shutdown(self) -> None:
        self.query.shutdown()
