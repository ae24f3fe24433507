"""How long customer data may stay on a laptop, as IT sets it in ``fielddesk.ini``::

    [retention]
    resolved_visit_days = 14      ; resolved/closed visits leave the laptop after this

    [security]
    lock_after_offline_days = 7   ; no successful sync for this long: visits locked
    wipe_after_offline_days = 30  ; ...and for this long: FieldDesk's data erased

Days are whole numbers; 0 days of retention removes a visit at the first sync
after it was resolved.  The offline limits are off unless set, and the wipe
comes after the lock.  Read with the rest of the deployed settings
(``sync.deployment``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # the parser is sync.deployment's: opening the replica never needs it
    import configparser

DEFAULT_RESOLVED_DAYS = 14
LONGEST_DAYS = 3650


class BadPolicy(ValueError):
    """A retention or offline setting IT wrote that FieldDesk cannot use."""


class DataPolicy(NamedTuple):
    resolved_days: int = DEFAULT_RESOLVED_DAYS
    lock_after_days: int | None = None  # None: never locked for being offline
    wipe_after_days: int | None = None  # None: never wiped for being offline


def read_policy(parser: configparser.ConfigParser) -> DataPolicy:
    """The policy of a deployed settings file; BadPolicy names the setting that is wrong."""
    resolved = _days(parser, "retention", "resolved_visit_days")
    lock = _days(parser, "security", "lock_after_offline_days")
    wipe = _days(parser, "security", "wipe_after_offline_days")
    if lock is not None and lock < 1:
        raise BadPolicy("[security] lock_after_offline_days must be at least 1")
    if wipe is not None and wipe < 1:
        raise BadPolicy("[security] wipe_after_offline_days must be at least 1")
    if lock is not None and wipe is not None and wipe <= lock:
        raise BadPolicy(
            "[security] wipe_after_offline_days must be more than lock_after_offline_days "
            "(the laptop locks first, so the technician can still sync)"
        )
    return DataPolicy(
        resolved_days=DEFAULT_RESOLVED_DAYS if resolved is None else resolved,
        lock_after_days=lock,
        wipe_after_days=wipe,
    )


def _days(parser: configparser.ConfigParser, section: str, key: str) -> int | None:
    text = parser.get(section, key, fallback="").strip()
    if not text:
        return None
    if not text.isdigit() or int(text) > LONGEST_DAYS:
        raise BadPolicy(
            f"[{section}] {key} = {text!r} is not a number of days (0 to {LONGEST_DAYS})"
        )
    return int(text)
