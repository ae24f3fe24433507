"""Who wrote each message of a visit's history, in the words the technician reads.

RT records the customer's mail and our replies alike (*Correspond*), and names a
customer who wrote by the address they wrote from.  The window's conversation and
``fielddesk show`` read the history the same way: the customer's mail is "From
customer", ours "Reply to customer"; the visit's contact by name.  Anyone else who
mails the queue (a stranger in Cc) is named by an address too, and their mail is
"Mail from outside": never in the words of our own replies.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sync.contact import parse_contact
from sync.store.tickets import HistoryEntry, Visit
from sync.store.users import NO_OWNER

MESSAGE_WORDS = {"Create": "Request", "Correspond": "Reply to customer", "Comment": "Internal note"}
FROM_CUSTOMER = "From customer"  # a Correspond the customer wrote (mail to the queue)
FROM_OUTSIDE = "Mail from outside"  # a Correspond by someone else RT knows by an address
OWNER_CHANGE_TYPES = frozenset({"Set", "Give", "Take", "Steal", "Force", "Untake"})


def customer_addresses(visit: Visit) -> frozenset[str]:
    """The addresses the customer writes from (casefolded): the requestors' and the
    contact's."""
    contact = parse_contact(visit.contact)
    return frozenset(a.casefold() for a in (*visit.requestors, *contact.emails))


def message_kind(entry: HistoryEntry, customers: frozenset[str]) -> tuple[str, str]:
    """(RT's type it reads as, its words): the customer's own reply reads as a request's
    kind, "From customer", and so does mail from anyone else outside, "Mail from
    outside"; ("", "") for an entry that is not a message."""
    if entry.type == "Correspond":
        author = (entry.creator or "").casefold()
        if author in customers:
            return "Create", FROM_CUSTOMER
        if entry.id is not None and not is_colleague(author):
            return "Create", FROM_OUTSIDE
    word = MESSAGE_WORDS.get(entry.type, "")
    return (entry.type, word) if word else ("", "")


def is_colleague(author: str) -> bool:
    """A helpdesk user: RT names someone it made from their mail by that address, a
    user the helpdesk made by a login (as ``sync.store.users.to_ask`` reads them)."""
    return bool(author) and "@" not in author


def is_owner_change(entry: HistoryEntry) -> bool:
    return entry.field == "Owner" and entry.type in OWNER_CHANGE_TYPES


def owner_change(entry: HistoryEntry, names: Mapping[str, str]) -> tuple[str, str]:
    """The owners before and after an owner change, as the technician reads people:
    ("Nobody", "Alice Moreau").  The history holds logins (``names``: login → name);
    an RT user id until the people puller has asked RT whom it numbers."""
    return _owner(entry.old_value, names), _owner(entry.new_value, names)


def _owner(login: str | None, names: Mapping[str, str]) -> str:
    if not login or login == NO_OWNER:
        return NO_OWNER
    return f"user #{login}" if login.isdigit() else names.get(login, login)


def contact_names(visit: Visit, history: Iterable[HistoryEntry]) -> dict[str, str]:
    """The customer's address, as RT names a customer who wrote, by the visit's contact's
    name: "Julie Marsh (reception@acme-dental.example)".  Only that address: another
    person at the customer's is still their address."""
    contact = parse_contact(visit.contact)
    if not contact.name:
        return {}
    addresses = {email.casefold() for email in contact.emails}
    return {
        entry.creator: f"{contact.name} ({entry.creator})"
        for entry in history
        if entry.creator and entry.creator.casefold() in addresses
    }
