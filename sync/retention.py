"""Resolved visits leave the laptop after IT's number of days (``[retention]``), files too.

A visit counts from its last change on the helpdesk (``last_updated``): resolved,
rejected or closed and untouched for ``resolved_days`` days, it is removed with
its history, its files on disk (downloads, photos, signatures, reports) and its
checklists, unless it still holds work of the technician's that the helpdesk
has not got: a change in the outbox not yet done (refused, waiting, in
conflict), an open conflict, time on a visit timer, or checklist work no revision
carries (changed after its last revision was queued -- a required item left undone
without a reason -- or worked on and never sent).  The knowledge base is not touched.

Two halves keep it so: the sync asks the helpdesk only for active visits and
those resolved within the period (``TicketsPart.scope_query``), so a pull never
brings an old one back and the tickets puller's roll call removes the rest;
``purge_resolved`` removes them here without the network, at start and after
each sync, so a laptop that stays offline forgets them too.

What was sent leaves too: a visit's delivered changes (their notes' text, its
checklists' tables) go with the visit, in the same transaction; delivered changes of
no visit on the laptop (a KB article, a site's network-check targets) go once done
for as long as a visit is kept.  A change not delivered is never removed here.  And
a file made here (``attachments/outgoing``) that no row names any more -- a
discarded note's photos, a retaken checklist photo -- goes a day after it was
written (a file being added is named by its row a moment later).

A replica set aside (``damaged-*``, ``locked-*``: kept for support to recover unsent
work from) goes 30 days after it was set aside, with the visits it holds; while one is
more recent, no file in ``attachments/outgoing`` goes (it may name them).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sync.file_vault import MADE_HERE_DIR, PARTIAL_SUFFIX
from sync.store import checklists as checklist_store
from sync.store import tickets as ticket_store
from sync.store import transaction
from sync.words import plural

if TYPE_CHECKING:
    import sqlite_utils

log = logging.getLogger(__name__)

CLOSED_STATUSES = ("resolved", "rejected", "closed")
UNNAMED_FILE_KEPT = timedelta(days=1)  # a file just stored is named by its row a moment later
# A replica set aside (damaged, or its key lost) names files the new one may not: they
# are what support recovers the unsent work with.  None goes while one is this recent,
# and the replica itself goes once this old (one period: the files never outlive it).
SET_ASIDE_KEPT = timedelta(days=30)
SET_ASIDE_PREFIXES = ("damaged-", "locked-")

# The technician's work on visit t that the helpdesk has not got: changes not done
# (refused, waiting, in conflict), and the rest by what it is called.
_OPEN_CHANGES = "(SELECT COUNT(*) FROM outbox o WHERE o.ticket_ref = t.id AND o.state != 'done')"
_OTHER_UNSENT_WORK = {
    "an open conflict": "EXISTS (SELECT 1 FROM conflicts c WHERE c.ticket_id = t.id"
    " AND c.resolved IS NULL)",
    "time on its timer": "EXISTS (SELECT 1 FROM visit_timers v WHERE v.ticket_id = t.id"
    " AND (v.running_since IS NOT NULL OR v.elapsed_s > 0))",
}
_HOLDS_UNSENT_WORK = " OR ".join([f"{_OPEN_CHANGES} > 0", *_OTHER_UNSENT_WORK.values()])


def unsent_work(db: sqlite_utils.Database, ticket_id: int) -> list[str]:
    """The visit's work the helpdesk has not got, in words ("2 unsent changes", "time on
    its timer"); [] when there is none and the visit may leave the laptop."""
    row = db.execute(
        f"SELECT {_OPEN_CHANGES}, {', '.join(_OTHER_UNSENT_WORK.values())}"
        " FROM tickets t WHERE t.id = ?",
        [ticket_id],
    ).fetchone()
    if row is None:
        return []
    changes, *others = row
    said = [plural(int(changes), "unsent change", "unsent changes")] if changes else []
    return said + _work_besides_changes(db, ticket_id, others)


def work_besides_the_outbox(db: sqlite_utils.Database) -> list[str]:
    """Unsent work that no outbox change holds, one line per visit ("Visit #12: time on
    its timer"): what a wipe would lose besides the Outbox's changes."""
    columns = ", ".join(_OTHER_UNSENT_WORK.values())
    lines = []
    for ticket_id, *held in db.execute(f"SELECT t.id, {columns} FROM tickets t ORDER BY t.id"):
        said = _work_besides_changes(db, int(ticket_id), held)
        if said:
            lines.append(f"Visit #{ticket_id}: {', '.join(said)}")
    return lines


def _work_besides_changes(db: sqlite_utils.Database, ticket_id: int, held: list[int]) -> list[str]:
    """``held``: the visit's answers to _OTHER_UNSENT_WORK, in its order."""
    said = [name for name, is_held in zip(_OTHER_UNSENT_WORK, held, strict=True) if is_held]
    if checklist_store.holds_work_not_queued(db, ticket_id):
        said.append("checklist work not sent")
    return said


def expired_visits(db: sqlite_utils.Database, days: int, now: datetime) -> list[int]:
    """Closed visits untouched for ``days`` that hold no unsent work, oldest first."""
    cutoff = (now - timedelta(days=days)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    marks = ", ".join("?" for _ in CLOSED_STATUSES)
    rows = db.execute(
        f"SELECT t.id FROM tickets t WHERE t.status IN ({marks})"
        " AND t.last_updated IS NOT NULL AND t.last_updated <= ?"
        f" AND NOT ({_HOLDS_UNSENT_WORK}) ORDER BY t.last_updated, t.id",
        [*CLOSED_STATUSES, cutoff],
    ).fetchall()
    return [int(r[0]) for r in rows if not checklist_store.holds_work_not_queued(db, int(r[0]))]


def purge_resolved(
    db: sqlite_utils.Database, attachments_dir: Path, days: int, now: datetime | None = None
) -> int:
    """Remove the expired visits and their files; how many left the laptop."""
    now = now or datetime.now(UTC)
    expired = expired_visits(db, days, now)
    for ticket_id in expired:
        remove_visit(db, attachments_dir, ticket_id)
    forget_done_changes_of_no_visit(db, days, now)
    remove_old_set_asides(attachments_dir.parent, now)
    remove_unnamed_files(db, attachments_dir, now)
    return len(expired)


def remove_visit(db: sqlite_utils.Database, attachments_dir: Path, ticket_id: int) -> None:
    """A visit and everything of it: its rows in one transaction, then its files."""
    with transaction(db):
        paths = remove_visit_rows(db, ticket_id)
        # Its delivered changes hold the notes' text and the checklists' tables: customer
        # data past IT's period that leaves with it.  (A visit given away keeps them until
        # they are that old: ``forget_done_changes_of_no_visit``.)
        db.execute("DELETE FROM outbox WHERE ticket_ref = ? AND state = 'done'", [ticket_id])
    remove_visit_files(attachments_dir, ticket_id, paths)


def remove_visit_rows(db: sqlite_utils.Database, ticket_id: int) -> list[Path]:
    """Drop the visit's rows (call inside a transaction); the files they named."""
    paths = [
        Path(row[0])
        for row in db.execute(
            "SELECT path FROM attachments WHERE ticket_id = ? AND path IS NOT NULL", [ticket_id]
        ).fetchall()
    ]
    ticket_store.remove_ticket(db, ticket_id)
    return paths


def remove_visit_files(attachments_dir: Path | None, ticket_id: int, paths: list[Path]) -> None:
    """After the commit: a crash in between leaves files no row names (the folder goes
    next time), never a row naming a file that is gone."""
    for path in paths:
        path.unlink(missing_ok=True)
    if attachments_dir is not None:
        shutil.rmtree(attachments_dir / str(ticket_id), ignore_errors=True)
    from sync.open_copies import process_copies  # noqa: PLC0415 - only when files go

    process_copies().sweep()  # the plaintext copies opened from them go too


def forget_done_changes_of_no_visit(db: sqlite_utils.Database, days: int, now: datetime) -> int:
    """Delivered changes that belong to no visit here (a KB article, a site's targets, or
    a visit that left before its changes went with it) once done ``days`` ago; how many.
    Nothing reads a delivered change but its visit's checklists, which left with it."""
    cutoff = (now - timedelta(days=days)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    old_enough = (
        "state = 'done' AND updated <= ? AND (ticket_ref IS NULL"
        " OR NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = outbox.ticket_ref))"
    )
    if db.execute(f"SELECT 1 FROM outbox WHERE {old_enough} LIMIT 1", [cutoff]).fetchone() is None:
        return 0  # read first: no write lock taken (a sync may hold it) for nothing
    with transaction(db):
        removed: int = db.execute(f"DELETE FROM outbox WHERE {old_enough}", [cutoff]).rowcount
    return removed


# A file made here is stored as "<uuid hex>" (an older FieldDesk's "<uuid hex>-<name>",
# ``sync.attachments``): the hex is its identity, whatever folder the profile is in and
# however JSON spells the name.
_MADE_HERE_ID = re.compile(r"(?<![0-9a-f])([0-9a-f]{32})(?![0-9a-f])")
_MADE_HERE_NAME = re.compile(r"([0-9a-f]{32})(?:-|\Z)")  # a stored file's own name
# Every place a row names a file made here: a note's, a new ticket's or a checklist
# revision's files (their attachments rows, and the outbox payloads that send them, in
# any state), and a checklist item's photo.  Payloads are read whole: a file named
# anywhere in one is kept.
_NAMING_TEXTS = (
    "SELECT path FROM attachments WHERE path IS NOT NULL"
    " UNION ALL SELECT photo_path FROM checklist_items WHERE photo_path IS NOT NULL"
    " UNION ALL SELECT payload FROM outbox"
)


def named_files(db: sqlite_utils.Database) -> set[str]:
    """The identities of the files made here that some row names (one read: a snapshot)."""
    return {found for (text,) in db.execute(_NAMING_TEXTS) for found in _MADE_HERE_ID.findall(text)}


def _made_here_id(name: str) -> str | None:
    """A stored file's identity; None for a name FieldDesk does not give (not ours)."""
    found = _MADE_HERE_NAME.match(name)
    return found.group(1) if found and not name.endswith(PARTIAL_SUFFIX) else None


def remove_if_unnamed(db: sqlite_utils.Database, path: str | Path) -> None:
    """Remove a file made here once no row names it (call after the commit that let go
    of it): a checklist photo retaken, or taken away."""
    file_id = _made_here_id(Path(path).name)
    if file_id is not None and file_id not in named_files(db):
        _remove(Path(path))


def remove_unnamed_files(db: sqlite_utils.Database, attachments_dir: Path, now: datetime) -> int:
    """Remove the files made here that no row names, written over a day before ``now``:
    a discarded note's photos, a retaken checklist photo.  How many went.  Unfinished
    writes are ``file_vault``'s; nothing is reached through a link."""
    if _replica_set_aside_since(attachments_dir.parent, now - SET_ASIDE_KEPT):
        return 0
    written_before = (now - UNNAMED_FILE_KEPT).timestamp()
    old = [
        (file_id, path)
        for file_id, path, written in _files_made_here(attachments_dir / MADE_HERE_DIR)
        if written <= written_before  # a newer one may be being added: its row comes next
    ]
    if not old:
        return 0
    named = named_files(db)  # read after the listing: what a row names by now stays
    return sum(_remove(path) for file_id, path in old if file_id not in named)


def remove_old_set_asides(profile_root: Path, now: datetime) -> int:
    """Remove the replicas set aside over ``SET_ASIDE_KEPT`` before ``now``: support has
    had its time, and they hold visits long past IT's period.  How many went."""
    try:
        set_asides = _set_asides(profile_root)
    except OSError:
        return 0  # cannot tell which: the next pass tries again
    old = [path for path, when in set_asides if when < (now - SET_ASIDE_KEPT).timestamp()]
    for path in old:
        shutil.rmtree(path, ignore_errors=True)
    if old:
        log.info("removed %s", plural(len(old), "replica set aside", "replicas set aside"))
    return len(old)


def _replica_set_aside_since(profile_root: Path, since: datetime) -> bool:
    """Whether a replica was set aside in the profile after ``since``."""
    try:
        return any(when >= since.timestamp() for _path, when in _set_asides(profile_root))
    except OSError:
        return True  # cannot tell: keep the files


def _set_asides(profile_root: Path) -> list[tuple[Path, float]]:
    """(folder, when set aside) of each replica set aside in the profile (``sync.replica``,
    ``sync.locked_replica``); none through a link."""
    with os.scandir(profile_root) as listing:
        return [
            (Path(entry.path), entry.stat(follow_symlinks=False).st_mtime)
            for entry in listing
            if entry.name.startswith(SET_ASIDE_PREFIXES) and entry.is_dir(follow_symlinks=False)
        ]


def _files_made_here(folder: Path) -> list[tuple[str, Path, float]]:
    """(identity, path, when written) of each file FieldDesk stored in ``folder``;
    none through a link."""
    if folder.is_symlink() or folder.parent.is_symlink():
        return []
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError:  # no file made here yet
        return []
    found = []
    for entry in entries:
        file_id = _made_here_id(entry.name)
        if file_id is None or not entry.is_file(follow_symlinks=False):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue  # gone meanwhile
        found.append((file_id, Path(entry.path), max(info.st_mtime, info.st_ctime)))
    return found


def _remove(path: Path) -> int:
    try:
        path.unlink(missing_ok=True)
    except OSError as error:  # in use (Windows): the next pass tries again
        log.warning("a file no change names any more could not be removed: %s", error.strerror)
        return 0
    return 1
