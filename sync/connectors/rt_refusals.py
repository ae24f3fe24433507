"""Why RT refused a change, in words a technician can act on.

RT answers most refusals with a bare "Permission Denied" — a 400 on a
comment, a 403 on a create, a message inside a PUT's 200 reply — whether the
ticket went to someone else, was deleted, or the account lacks a right.  One
GET of the ticket tells which, and is made only when something was refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sync.connectors.rt_http import RTHttp
from sync.errors import Cause, RejectedError
from sync.ticket_fate import Fate, TicketFate, TicketSeen, fate_of

ADMIN = "ask the RT administrator"


@dataclass(frozen=True)
class Action:
    """A kind of change, the RT right it needs and how to say it."""

    right: str
    verb: str  # "add internal notes to ticket #12"


COMMENT = Action("CommentOnTicket", "add internal notes to")
REPLY = Action("ReplyToTicket", "reply to the customer on")
MODIFY = Action("ModifyTicket", "change")
CREATE_TICKET = Action("CreateTicket", "create tickets in the field queue")
CREATE_ARTICLE = Action("CreateArticle", "publish articles in the knowledge base")
MODIFY_ARTICLE = Action("ModifyArticle", "change articles in the knowledge base")
MODIFY_ASSET = Action("ModifyAsset", "change equipment records")
SHOW_ASSET = Action("ShowAsset", "see equipment records")
CREATE_ASSET = Action("CreateAsset", "add equipment records")


# RT's "Permission Denied" in every language RT 5 ships (its po/*.po): RT words its
# refusals in the user's language.  Only to tell a missing right from a bad value;
# whether a change was taken is read back (sync.connectors.rt.taken), never worded.
PERMISSION_DENIED = frozenset(
    {
        "accès refusé",
        "adgang afvist",
        "atļauja liegta",
        "baimena ukatuta",
        "heimild ekki veitt",
        "hozzáférés visszautasítva",
        "izin ditolak",
        "nekta tilgang",
        "nektet tilgang",
        "neturite teisės",
        "ni pravic",
        "nije dozvoljeno",
        "odmowa dostępu",
        "operazione non consentita",
        "permiso denegado",
        "permission denied",
        "permissão negada",
        "povolenie odmietnuté",
        "pääsy kielletty",
        "přístup nepovolen",
        "s'ha denegat el permís",
        "tillgång nekas",
        "toestemming geweigerd",
        "zugriff verweigert",
        "õigused puuduvad",
        "δεν επιτρέπεται η πρόσβαση",
        "дозвола је одбијена",
        "доступ запрещён",
        "достъпът отказан",
        "رُفض التّصريح",
        "مشکل مجوز",
        "権限がありません",
        "權限不足",
        "没有权限",
    }
)


def is_permission_refusal(error: RejectedError) -> bool:
    """A refusal that may mean "not yours any more" or "no right", not a bad value."""
    said = str(error).lower()
    return error.status in (403, 404) or any(words in said for words in PERMISSION_DENIED)


def no_right(action: Action, detail: str = "") -> RejectedError:
    where = f" ({detail})" if detail else ""
    return RejectedError(
        f"your helpdesk account may not {action.verb}{where}: {ADMIN} to grant you the "
        f"RT right {action.right}, then retry this change",
        cause=Cause.NO_RIGHT,
    )


def home_missing(kind: str, name: str) -> RejectedError:
    """A create refused because the queue, catalog or class it goes into (``kind``, as
    RT names it: "queue") is gone: renamed, disabled, or deleted by an administrator.
    No right of the technician's helps; retrying helps once it is back."""
    return RejectedError(
        f"the {kind} '{name}' is missing or disabled on the helpdesk: {ADMIN}, "
        "then retry this change",
        status=403,
        cause=Cause.NO_RIGHT,
    )


def explain_read(action: Action, detail: str = "") -> Callable[[RejectedError], RejectedError]:
    """A read a change needs before it writes (an asset's current values): RT's 403
    there is a right the account lacks (``action``); a 404 is what it says."""

    def explain(error: RejectedError) -> RejectedError:
        return no_right(action, detail) if error.status == 403 else error

    return explain


def explain_ticket_refusal(
    http: RTHttp, ticket_id: int, action: Action, refusal: RejectedError
) -> RejectedError:
    """The real cause of a refused change to a ticket (one GET of the ticket)."""
    if not is_permission_refusal(refusal):
        return invalid_value(refusal)
    fate = fate_of(ticket_id, lambda: _seen(ticket_id, http.get(f"ticket/{int(ticket_id)}").body))
    if fate is None:
        return refusal
    if fate.fate is Fate.DELETED:
        return _deleted(ticket_id)
    if fate.fate is Fate.HIDDEN:
        return RejectedError(
            f"ticket {fate.sentence(ticket_id)}. "
            + (
                _OTHER_WAYS
                if action in (COMMENT, REPLY)
                else "Discard this change, or copy its text into a note on a visit you still have"
            ),
            status=403,
            cause=Cause.REASSIGNED,
        )
    owner = fate.owner or ""
    if owner == http.user:
        return no_right(action, f"ticket #{ticket_id}")
    now = "unassigned" if owner in ("Nobody", "") else f"assigned to {owner}"
    return RejectedError(
        f"ticket #{ticket_id} is no longer yours: it is {now} on the helpdesk, and you may "
        f"no longer {action.verb} it. "
        + (
            _OTHER_WAYS
            if action in (COMMENT, REPLY)
            else "Discard this change, or ask your supervisor to give the visit back to you "
            "and retry"
        ),
        status=refusal.status,
        cause=Cause.REASSIGNED,
    )


# A note has more ways out (sync.changes.refused_note) than another change.
_OTHER_WAYS = (
    "Send the note another way (as a comment anyway, to a new ticket, or to a file), "
    "discard it, or ask your supervisor to give the visit back to you and retry"
)


def invalid_value(refusal: RejectedError) -> RejectedError:
    if refusal.status == 413:  # said by the connection (files too large together): no edit helps
        return refusal
    return RejectedError(
        f"the helpdesk did not accept this change: {refusal}. Edit it and retry",
        status=refusal.status,
        cause=Cause.INVALID,
    )


def article_name_taken(name: str, *, retired: bool) -> RejectedError:
    """RT's refusal of a second article of one name in a class (its words: "Create failed
    for unknown reason"), said as what it is.  RT compares names whatever their case and
    keeps the names of retired (disabled) articles."""
    where = (
        "in the knowledge base, retired (RT keeps the names of retired articles)"
        if retired
        else "in the knowledge base"
    )
    return RejectedError(
        # Read in the window, the CLI or a sync report: only the window's Outbox edits.
        f"an article named {name!r} already exists {where}: give the draft another title "
        "in FieldDesk's window (Outbox: select the draft, Edit…), then Retry",
        status=400,
        cause=Cause.INVALID,
    )


def _deleted(ticket_id: int) -> RejectedError:
    return RejectedError(
        f"ticket {TicketFate(Fate.DELETED).sentence(ticket_id)}. Discard this change, or "
        "open a new ticket for the work",
        status=404,
        cause=Cause.DELETED,
    )


def _seen(ticket_id: int, body: Any) -> TicketSeen | None:
    """What RT's ticket answer says (None: one we cannot read); it answers for the
    survivor of a merge."""
    if not isinstance(body, dict):
        return None
    survivor = str(body.get("id", ticket_id))
    return TicketSeen(
        int(survivor) if survivor.isdigit() else ticket_id,
        str(body.get("Status") or ""),
        _name(body.get("Owner")),
    )


def _name(value: Any) -> str:
    name = value.get("id") if isinstance(value, dict) else value
    return str(name or "")


@contextmanager
def named_refusals(explain: Callable[[RejectedError], RejectedError]) -> Iterator[None]:
    """Turn a bare refusal raised inside the block into one that names its cause."""
    try:
        yield
    except RejectedError as error:
        if error.cause is not Cause.INVALID:
            raise  # already explained
        raise explain(error) from None
