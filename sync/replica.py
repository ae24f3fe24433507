"""A profile's replica: opened with its checks, and salvaged when it is damaged.

``open_replica`` is how the window, the CLI and a sync open a profile's
database.  Besides the file's own checks (``sync.store.health``) it knows the
profile: one that was signed in and kept a replica (a mark in ``account.json``,
outside the database) and now has none, or an empty file, is damaged, not new --
its unsent changes must not vanish without a word.

``repair`` salvages (``sync.store.salvage``) under the profile's sync lock: the
damaged files go to ``<profile>/damaged-<time>/`` for support, the unsent
changes into a new replica, and the next sync fetches the rest.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, cast

from sync.lock import ProfileLock, SyncBusy
from sync.locked_replica import key_gone_message
from sync.logging_later import logger, profile_log_when_written
from sync.private_files import make_private_file
from sync.profile import Profile
from sync.profile_key import KeyMissing
from sync.replica_mark import remember_replica, signed_in
from sync.store.database import (
    ReplicaDamaged,
    StoreError,
    UpdateDue,
    as_database,
    open_connection,
    store_error,
)
from sync.store.deferred_database import DeferredDatabase
from sync.store.driver import sqlite3
from sync.store.health import clear_suspect, is_suspect, kind_of, mark_suspect

if TYPE_CHECKING:
    from collections.abc import Callable

    import sqlite_utils

    from sync.store.salvage import Salvaged

CLI_SIGN_IN = "Sign in again ('fielddesk login')"
WINDOW_SIGN_IN = "Reopen FieldDesk and choose Sign in again"
REOPEN_TO_REPAIR = (
    "Nothing you saved is lost: reopen the profile (or restart FieldDesk) and FieldDesk "
    "checks the database and offers to repair it, your unsent changes first"
)


def open_replica(
    profile: Profile, *, defer_sqlite_utils: bool = False, update: bool = True
) -> sqlite_utils.Database:
    """The profile's replica; ReplicaDamaged when it must be salvaged first.

    defer_sqlite_utils: the window's, which paints its lists before it writes, loads
    sqlite-utils at its first write (``sync.store.deferred_database``).
    update=False: UpdateDue when an earlier FieldDesk left it, for ``update_replica``.
    """
    connection = _replica_connection(profile, update=update)
    if defer_sqlite_utils:
        return cast("sqlite_utils.Database", DeferredDatabase(connection))
    return as_database(connection)


def update_replica(profile: Profile) -> None:
    """The profile's replica updated for this FieldDesk (its schema, its encryption), and
    closed: what the window runs on a worker thread behind a progress window."""
    _replica_connection(profile, update=True).close()


def _replica_connection(profile: Profile, *, update: bool) -> sqlite3.Connection:
    path = profile.database_path
    user, kept = signed_in(profile)
    empty = path.exists() and path.stat().st_size == 0
    if user and (empty or (kept and not path.exists())):
        state = "is empty (0 bytes)" if empty else "is missing"
        raise ReplicaDamaged(
            path,
            f"it {state} although {user} was signed in on this profile "
            "(it was emptied or removed outside FieldDesk)",
        )
    connection = open_connection(path, update=update)
    # Before the first write: SQLite gives its -wal and -shm the database file's mode.
    for part in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if part.exists():
            make_private_file(part)
    remember_replica(profile)
    return connection


def open_profile_replica(
    profile: Profile, *, updating: Callable[[], None] | None = None
) -> sqlite_utils.Database:
    """The replica as a session opens it: the profile's log set up first (window and CLI)."""
    return as_database(read_profile_replica(profile, updating=updating))


def read_profile_replica(
    profile: Profile, *, updating: Callable[[], None] | None = None
) -> sqlite3.Connection:
    """The replica opened as a session opens it (log, checks, migrations), as a plain
    connection: all a command needs that only reads it.  The log is set up when a line
    is written (``sync.logging_later``): a listing that goes well writes none.

    updating: called before an earlier FieldDesk's replica is updated (the command
    line says so: with a large KB the update takes seconds)."""
    profile_log_when_written(profile.log_dir)
    if updating is None:
        return _replica_connection(profile, update=True)
    try:
        return _replica_connection(profile, update=False)
    except UpdateDue:
        updating()
        return _replica_connection(profile, update=True)


def repair(profile: Profile) -> Salvaged:
    """Salvage the profile's replica now (SyncBusy while another FieldDesk syncs it)."""
    from sync.store.salvage import salvage  # noqa: PLC0415 - a damaged replica only

    path = profile.database_path
    with ProfileLock(profile.sync_lock_path):
        aside = profile.root / f"damaged-{datetime.now().strftime('%Y%m%d-%H%M%S')}"
        result = salvage(path, aside)
        clear_suspect(path)
    (aside / "README.txt").write_text(
        f"FieldDesk found this replica damaged on {datetime.now().isoformat(timespec='seconds')}"
        f" and salvaged it: {result.summary()}.\nKept for support; FieldDesk does not read it.\n",
        encoding="utf-8",
    )
    logger("sync.replica").warning("replica salvaged: %s", result.summary())
    return result


def repaired_message(damage: ReplicaDamaged, result: Salvaged) -> str:
    sends = "sends the unsent changes recovered and " if result.unsent else ""
    return (
        f"{damage}. FieldDesk repaired it: {result.summary()}. "
        f"The next sync {sends}fetches your visits and the knowledge base again"
    )


def explain_failure(profile: Profile, error: BaseException) -> str:
    """One line for an error that stopped a command; a damaged replica is salvaged first.

    A statement that failed mid-query (``sqlite3.DatabaseError``) marks the
    replica suspect; opening it again then runs the full check, and if that
    finds damage the replica is salvaged at once (the damaged file is kept).
    """
    if isinstance(error, KeyMissing):
        return key_gone_message(how_to_sign_in=CLI_SIGN_IN)
    if isinstance(error, sqlite3.DatabaseError):
        if kind_of(error) == "other":
            return f"the local database refused this ({error}); nothing was changed"
        error = store_error(profile.database_path, error)
        if isinstance(error, ReplicaDamaged):
            mark_suspect(profile.database_path, error.problem)
    if isinstance(error, ReplicaDamaged) and is_suspect(profile.database_path):
        # Seen by a failed statement, not yet by a check: check every page first.
        found = _checked_again(profile)
        if found is None:
            return (
                f"a read of the local database failed ({error.problem}), but a full check "
                "found it sound; nothing was changed: try again"
            )
        error = found
    if isinstance(error, ReplicaDamaged):
        try:
            repaired = repaired_message(error, repair(profile))
            return f"{repaired}. This command was not carried out: run it again"
        except (StoreError, OSError) as failure:
            return f"{error}; it could not be repaired: {failure}"
        except SyncBusy as busy:
            return f"{error}; it will be repaired once this is done: {busy}"
    return str(error)


def failure_message(profile: Profile, error: BaseException) -> str | None:
    """What a failed read or write of the open replica means (the window's words); None: a bug.

    Damage marks the replica suspect: the next open checks it fully and
    offers the salvage.
    """
    if isinstance(error, KeyMissing):
        return key_gone_message(how_to_sign_in=WINDOW_SIGN_IN)
    if isinstance(error, sqlite3.DatabaseError):
        if kind_of(error) == "other":
            return None
        error = store_error(profile.database_path, error)
    if not isinstance(error, StoreError):
        return None
    if isinstance(error, ReplicaDamaged):
        mark_suspect(error.path, error.problem)
        return f"{error}. {REOPEN_TO_REPAIR}"
    return str(error)


def _checked_again(profile: Profile) -> ReplicaDamaged | None:
    """Open with the full check: the damage it finds, or None when the file is sound."""
    try:
        open_replica(profile).close()
    except ReplicaDamaged as damage:
        return damage
    except StoreError:
        return None
    return None
