"""Whether the signed-in user is a supervisor, as sign-in (or a sync) found out.

Apart from ``sync.dispatch`` (the board's rules and dataclasses): the window asks
at every start and after every sync, and a technician never needs the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sync.store.settings import get_setting

if TYPE_CHECKING:
    import sqlite_utils

SUPERVISOR_SETTING = "dispatch.is_supervisor"


def is_supervisor(db: sqlite_utils.Database) -> bool:
    """Whether this profile may dispatch (shows the board); decided at sign-in."""
    return get_setting(db, SUPERVISOR_SETTING) == "1"


def role_known(db: sqlite_utils.Database) -> bool:
    """Whether sign-in (or a sync) has asked the helpdesk who this user is."""
    return get_setting(db, SUPERVISOR_SETTING) is not None
