"""The real names of the colleagues in the technician's visits.

A technician's replica learns logins from the visits (who wrote each message,
who owns a related ticket) but only its own user's real name at sign-in, so
the conversation read "supervisor" where the reply was signed "Dana Whitfield".
Each login is asked about once, fifty to a request: an idle sync asks nothing,
and a login the helpdesk does not know or will not show stays a login.  Names
are looked at again a month later (``NAMES_KEPT``): someone renamed in RT is
shown by their new name within a month, at one request per fifty colleagues.
Customers are not asked about (``users.to_ask``): a first sync costs the size
of the team, not of the customer base.

RT's history names the owners of an owner change by user id ("6 → 41"), and
its user search cannot ask by id: each id is asked about by itself, once for
good (``users.owner_ids_to_ask``), and the history names the owners by login
("Nobody → alice"), as it names everyone else.  A replica's owners are a
handful of people: Nobody, the technician, a colleague or two.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from sync.errors import RejectedError
from sync.pullers.base import PullContext
from sync.stamps import STAMP_FORMAT
from sync.store.database import transaction
from sync.store.outbox import now_iso
from sync.store.users import (
    NO_OWNER,
    mark_asked,
    name_owner_changes,
    owner_ids_to_ask,
    remember_user_id,
    set_user_details,
    to_ask,
)

log = logging.getLogger(__name__)

NAMES_PER_REQUEST = 50  # the query travels in the URL: 50 logins keep it short
MOST_REQUESTS_PER_RUN = 10  # a very large team's first names spread over a few runs
NAMES_KEPT = timedelta(days=30)  # then a colleague's name is asked for again
OWNER_IDS_PER_RUN = 20  # one request each; a replica meets a handful, once


class PeoplePuller:
    name = "people"

    def pull(self, ctx: PullContext) -> None:
        self._ask_names(ctx)
        self._name_owners(ctx)

    def _ask_names(self, ctx: PullContext) -> None:
        asked_before = (datetime.now(UTC) - NAMES_KEPT).strftime(STAMP_FORMAT)
        for _ in range(MOST_REQUESTS_PER_RUN):
            ctx.check_cancel()
            names = to_ask(ctx.db, NAMES_PER_REQUEST, asked_before)
            if not names:
                return
            try:
                people = ctx.connector.users(names)
            except RejectedError as error:
                # Not allowed to look people up: everyone waiting stays a login, not asked
                # again.  (Offline, signed out, an untrusted server: raised as in any puller.)
                log.warning("people's names not available: %s", error)
                with transaction(ctx.db):
                    mark_asked(ctx.db, to_ask(ctx.db, -1, asked_before), now_iso())
                return
            asked = {name.casefold(): name for name in names}
            with transaction(ctx.db):
                for person in people:
                    login = asked.get(person.name.casefold())
                    if login is not None and person.real_name:
                        set_user_details(ctx.db, login, person.real_name, person.email)
                mark_asked(ctx.db, names, now_iso())

    def _name_owners(self, ctx: PullContext) -> None:
        """Ask RT whom the ids in owner changes number, and name them in the history."""
        for user_id in owner_ids_to_ask(ctx.db, OWNER_IDS_PER_RUN):
            ctx.check_cancel()
            try:
                person = ctx.connector.user_by_id(user_id)
            except RejectedError as error:  # not allowed to see them: stays a number
                log.warning("the user numbered %d not available: %s", user_id, error)
                person = None
            with transaction(ctx.db):
                remember_user_id(ctx.db, user_id, person.name if person else None)
                if person is not None and person.name != NO_OWNER:
                    set_user_details(ctx.db, person.name, person.real_name, person.email)
                    mark_asked(ctx.db, [person.name], now_iso())
        with transaction(ctx.db):
            name_owner_changes(ctx.db)
