"""Who is signing in, what the helpdesk offers them, and the team (users and groups)."""

from __future__ import annotations

import contextlib
import dataclasses
import json
from typing import Any
from urllib.parse import quote, urlsplit

from sync.connectors.addresses import NoHelpdeskHere, no_helpdesk_here
from sync.connectors.base import RemoteUser
from sync.connectors.rt.common import TECHNICIANS_GROUP, WIPE_FIELD, RTResource, page_items
from sync.connectors.rt.zone_probe import ZoneProbePart, zone_candidates
from sync.errors import AuthError, BadReplyError, Cause, NotFoundError, RejectedError

# RT's own user: the author of what RT does by itself (a scrip re-opening a ticket on a
# customer's reply, an escalation job).  RT names it "The RT System itself".
RT_SYSTEM_LOGIN = "RT_System"
RT_SYSTEM_SHOWN_AS = "Helpdesk (automatic)"


class UsersPart(ZoneProbePart, RTResource):
    def current_user(self) -> RemoteUser:
        """Check the credentials and return who they belong to, named as RT spells the
        name (RT finds "Alice" for its user "alice").

        A wrong address answers 404 too (a web server's page, not RT's): that is
        NoHelpdeskHere, not "no such user".
        """
        user = self.http.credentials.user
        try:
            body = self.http.get(f"user/{quote(user, safe='')}").body
        except NotFoundError:
            if self.http.rest2_answers() is False:
                raise no_helpdesk_here(self.http.base_url) from None
            raise AuthError(
                f"the helpdesk has no user named '{user}'", cause=Cause.WRONG_USER
            ) from None
        except BadReplyError as error:  # a login page missing, a reply that is not JSON
            if isinstance(error, NoHelpdeskHere) or self.http.rest2_answers() is not False:
                raise
            raise no_helpdesk_here(self.http.base_url) from None
        # RT shows the full record (with Memberships) only to the user
        # themselves: a token of someone else gives the summary.
        if not isinstance(body, dict) or "Memberships" not in body:
            raise AuthError(
                f"these credentials do not belong to the user '{user}': give the user name "
                "the token or password belongs to",
                cause=Cause.WRONG_USER,
            )
        try:
            return RemoteUser(
                id=int(body["id"]),
                name=str(body["Name"]),
                real_name=str(body.get("RealName") or body["Name"]),
                email=str(body.get("EmailAddress") or ""),
                timezone=str(body.get("Timezone") or "") or self._server_zone(),
            )
        except (KeyError, TypeError, ValueError):
            raise BadReplyError("the helpdesk sent a user record we cannot read") from None

    def _server_zone(self) -> str:
        """The zone RT reads dates in for a user who chose none: its server's (the one
        known so far when it cannot be told now)."""
        return self.helpdesk_zone(zone_candidates(self.timezone)) or self.timezone

    def user_zone(self) -> str | None:
        """The zone RT reads this user's dates in: their own, or the server's; None when
        it cannot be told now (no ticket to ask about yet).  The zone this connection
        writes in (the one learned before) is tried first: the laptop may have moved."""
        body = self.http.get(f"user/{quote(self.http.credentials.user, safe='')}").body
        own = str(body.get("Timezone") or "") if isinstance(body, dict) else ""
        return own or self.helpdesk_zone(zone_candidates(self.timezone))

    def wipe_requested(self) -> bool:
        """Whether an RT admin set the admin kit's *FieldDesk Wipe* on this user.

        Read from the user's own record (one request); an RT without the field, or
        one that hides it, asks for nothing.
        """
        body = self.http.get(f"user/{quote(self.http.credentials.user, safe='')}").body
        fields = body.get("CustomFields") if isinstance(body, dict) else None
        return any(
            isinstance(f, dict) and f.get("name") == WIPE_FIELD and any(f.get("values") or [])
            for f in fields or []
        )

    def write_path_warning(self) -> str | None:
        """Make a change that changes nothing, so that refused changes show at sign-in.

        Only a password sign-in can be refused as a forgery (see RTHttp); a
        refusal the password cannot get past raises CsrfRefused.  Returns what
        the user should know when changes will work, but at a cost.
        """
        if self.http.credentials.password is None:
            return None
        # A refusal here is past the forgery check: the account may not edit itself.
        with contextlib.suppress(RejectedError):
            self.http.put(f"user/{quote(self.http.user, safe='')}", {})
        if not self.http.writes_need_password:
            return None
        host = urlsplit(self.http.base_url).netloc
        return (
            f"the helpdesk knows itself by another address than {host}, so each change "
            "you send carries your password and costs the server a password check. Ask "
            f"the RT administrator to add '{host}' to @ReferrerWhitelist, or sign in "
            "with a token"
        )

    def technicians_group_id(self) -> int | None:
        """The technicians group, if this user may see it (the admin kit lets supervisors)."""
        found = page_items(
            self.http.get(
                "groups",
                {"query": json.dumps([{"field": "Name", "value": TECHNICIANS_GROUP}])},
            ).body
        )
        return int(found[0]["id"]) if found else None

    def group_member_names(self, group_id: int) -> list[str] | None:
        """User names in the group (one request); None if it is gone or hidden from us."""
        try:
            body = self.http.get(f"group/{int(group_id)}").body
        except NotFoundError:
            return None
        members = body.get("Members") if isinstance(body, dict) else None
        return [
            str(m.get("id"))
            for m in members or []
            if isinstance(m, dict) and m.get("type") == "user"
        ]

    def users(self, names: list[str]) -> list[RemoteUser]:
        """Details of the named enabled users (one request per 100)."""
        if not names:
            return []
        query = [{"field": "Name", "value": n, "entry_aggregator": "OR"} for n in names]
        params = {"query": json.dumps(query), "fields": "Name,RealName,EmailAddress,Timezone"}
        wanted = {n.casefold() for n in names}
        items = self.all_pages("users", params, asked_for=lambda i: _login(i).casefold() in wanted)
        return [_listed_user(item) for item in items]

    def user_by_id(self, user_id: int) -> RemoteUser | None:
        """The user RT numbers ``user_id``, as its history names the owners of an owner
        change (one request); None if RT knows no such user.  (A listing cannot ask by
        number: RT's user search ignores a condition on ``id`` and lists everyone.)"""
        try:
            body = self.http.get(f"user/{int(user_id)}").body
        except NotFoundError:
            return None
        if not isinstance(body, dict) or not body.get("Name"):
            raise BadReplyError("the helpdesk sent a user record we cannot read")
        return dataclasses.replace(_listed_user(body), id=int(user_id))


def _login(item: dict[str, Any]) -> str:
    return str(item.get("Name") or item.get("id"))


def _listed_user(item: dict[str, Any]) -> RemoteUser:
    name = _login(item)
    real_name = str(item.get("RealName") or name)
    return RemoteUser(
        id=0,  # the listing gives names, not numbers; FieldDesk needs only names
        name=name,
        real_name=RT_SYSTEM_SHOWN_AS if name == RT_SYSTEM_LOGIN else real_name,
        email=str(item.get("EmailAddress") or ""),
        timezone=str(item.get("Timezone") or "UTC"),
    )
