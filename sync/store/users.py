"""People the technician meets in visits: for pickers and names in the history."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

NO_OWNER = "Nobody"  # RT's user that owns an unowned ticket (a mail not yet assigned)


def remember_users(db: sqlite_utils.Database, names: Iterable[str | None]) -> None:
    """Record user names (RT login names or e-mail addresses). Inside a transaction."""
    for name in {n for n in names if n}:
        db.execute("INSERT OR IGNORE INTO users (name) VALUES (?)", [name])


def set_user_details(db: sqlite_utils.Database, name: str, real_name: str, email: str) -> None:
    db.execute(
        "INSERT INTO users (name, real_name, email) VALUES (?, ?, ?) ON CONFLICT(name)"
        " DO UPDATE SET real_name = excluded.real_name, email = excluded.email",
        [name, real_name, email],
    )


def to_ask(db: sqlite_utils.Database, limit: int, asked_before: str) -> list[str]:
    """Colleagues' logins to ask the helpdesk about: those with no real name that were
    never asked, and those last asked before ``asked_before`` (an ISO time: people
    change their names).  The never-asked first.

    Not customers: RT names one after the address they wrote from, and the address is
    what the technician needs of them (their name is in the visit's contact).
    ``limit`` -1: all of them."""
    rows = db.execute(
        "SELECT name FROM users WHERE instr(name, '@') = 0"
        " AND ((real_name IS NULL AND asked IS NULL) OR asked < ?)"
        " ORDER BY asked IS NOT NULL, name LIMIT ?",
        [asked_before, limit],
    )
    return [str(row[0]) for row in rows]


def mark_asked(db: sqlite_utils.Database, names: Iterable[str], when: str) -> None:
    """The helpdesk was asked about these (found or not): not asked again until their
    names are looked at again (``to_ask``).  In a transaction."""
    db.conn.executemany("UPDATE users SET asked = ? WHERE name = ?", [(when, n) for n in names])


# An owner change in RT's history, which names the owners by user id ("6", "41"); RT 5
# writes each one twice (Set, and SetWatcher of the Owner role), RT 3 wrote Give..Untake.
# Read by their index (history_owner_changes): an idle sync reads a few rows.
OWNER_CHANGES = (
    "field = 'Owner' AND type IN ('Set', 'SetWatcher', 'Give', 'Take', 'Steal', 'Force', 'Untake')"
)


def _is_user_id(column: str) -> str:
    # RT refuses a numeric login ("Name must not be numeric"): a number is an id.
    return f"({column} GLOB '[0-9]*' AND {column} NOT GLOB '*[^0-9]*')"


def owner_ids_to_ask(db: sqlite_utils.Database, limit: int) -> list[int]:
    """RT user ids the history's owner changes hold that RT was never asked about."""
    rows = db.execute(
        "SELECT DISTINCT CAST(v AS INTEGER) AS id FROM ("
        f" SELECT old_value AS v FROM history WHERE {OWNER_CHANGES}"
        f" UNION SELECT new_value FROM history WHERE {OWNER_CHANGES})"
        f" WHERE {_is_user_id('v')} AND CAST(v AS INTEGER) NOT IN (SELECT id FROM user_ids)"
        " ORDER BY id LIMIT ?",
        [limit],
    )
    return [int(row[0]) for row in rows]


def remember_user_id(db: sqlite_utils.Database, user_id: int, name: str | None) -> None:
    """Whom RT numbers ``user_id`` (None: RT would not say; not asked again).  In a
    transaction."""
    db.execute("INSERT OR REPLACE INTO user_ids (id, name) VALUES (?, ?)", [user_id, name])


def name_owner_changes(db: sqlite_utils.Database) -> None:
    """Owner changes that hold RT user ids hold the users' names instead, where RT said
    them: the history reads "Nobody → alice" as everything else in the replica names
    people by login.  In a transaction."""
    for column in ("old_value", "new_value"):
        named = f"(SELECT name FROM user_ids WHERE id = CAST({column} AS INTEGER))"
        db.execute(
            f"UPDATE history SET {column} = {named}"
            f" WHERE {OWNER_CHANGES} AND {_is_user_id(column)} AND {named} IS NOT NULL"
        )


def shown_name_sql(column: str) -> str:
    """SQL for the name a person is shown by: their RT real name if known, else the login.

    One name per person everywhere (conversation, owners, the board, the title bar)."""
    return (
        f"COALESCE((SELECT NULLIF(u.real_name, '') FROM users u WHERE u.name = {column}), {column})"
    )


def display_names(db: sqlite_utils.Database) -> dict[str, str]:
    """login → the name shown for them (see ``shown_name_sql``)."""
    return {name: real or name for name, real in list_users(db)}


def display_name(db: sqlite_utils.Database, login: str) -> str:
    row = db.execute("SELECT real_name FROM users WHERE name = ?", [login]).fetchone()
    return str(row[0]) if row and row[0] else login


def list_users(db: sqlite_utils.Database) -> list[tuple[str, str | None]]:
    """(name, real name) of everyone known here, by name."""
    rows = db.execute("SELECT name, real_name FROM users ORDER BY name COLLATE NOCASE")
    return [(row[0], row[1]) for row in rows]
