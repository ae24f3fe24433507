"""Turning RT's REST2 JSON into connector records, and our values into RT's forms.

RT quirks handled here (see rt-notes): dates are served as UTC ``...Z`` but
must be *sent* as ``YYYY-MM-DD HH:MM:SS`` in the user's time zone; custom
fields come as an unordered list; binary attachment content arrives as
U+00xx characters; an unset date is ``1970-01-01T00:00:00Z``.
"""

from __future__ import annotations

import base64
import html
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from sync.connectors.base import (
    DATE_FIELDS,
    FieldValues,
    NewAttachment,
    RemoteArticle,
    RemoteAsset,
    RemoteAttachment,
    RemoteTicket,
    TicketWatchers,
)
from sync.connectors.rt_zone import RT_DATE_FORMAT, rt_wall_time, rt_zone
from sync.errors import BadReplyError, RejectedError
from sync.fields import ASSET_TEXT_MAX

# Our field names -> RT core field names; the rest are custom fields.
CORE_FIELDS = {
    "subject": "Subject",
    "status": "Status",
    "priority": "Priority",
    "owner": "Owner",
    "due": "Due",
}
CUSTOM_FIELDS = {
    "site": "Site",
    "address": "Address",
    "contact": "Contact",
    "visit_start": "Visit Start",
    "visit_end": "Visit End",
    "parts_used": "Parts Used",
}
UNSET_DATE = "1970-01-01T00:00:00Z"
# A character reference: &amp; &gt; &#39; &#x27;
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);")


def custom_field_values(item: dict[str, Any]) -> dict[str, str | None]:
    """{name: first value} of an RT object's CustomFields list."""
    values: dict[str, str | None] = {}
    for cf in item.get("CustomFields") or []:
        if not isinstance(cf, dict):
            continue
        name = cf.get("name") or cf.get("Name")
        entries = cf.get("values") or []
        # [null]: RT keeps an empty value (a field once set to ""): no value.
        values[str(name)] = str(entries[0]) if entries and entries[0] is not None else None
    return values


def custom_field_all_values(item: dict[str, Any], name: str) -> tuple[str, ...]:
    """Every value of one custom field (a multi-value field such as Visit Type)."""
    for cf in item.get("CustomFields") or []:
        if isinstance(cf, dict) and (cf.get("name") or cf.get("Name")) == name:
            return tuple(str(v) for v in cf.get("values") or [] if v not in (None, ""))
    return ()


def _user_name(value: Any) -> str | None:
    if isinstance(value, dict):
        name = value.get("id")
        return None if name in (None, "", "Nobody") else str(name)
    return None if value in (None, "", "Nobody") else str(value)


def served_date(value: Any) -> str | None:
    """RT's served date, or None when RT says 'not set'."""
    if not value or value == UNSET_DATE:
        return None
    text = str(value)
    if not text.endswith("Z"):
        raise BadReplyError(f"the helpdesk sent a date we cannot read: {text!r}")
    return text


def ticket_from_json(body: Any, etag: str | None) -> RemoteTicket:
    if not isinstance(body, dict):
        raise BadReplyError("the helpdesk sent a ticket we cannot read")
    try:
        cfs = custom_field_values(body)
        fields: FieldValues = {
            "subject": str(body.get("Subject") or ""),
            "status": str(body["Status"]),
            "priority": str(body.get("Priority") or "0"),
            "owner": _user_name(body.get("Owner")),
            "due": served_date(body.get("Due")),
        }
        for ours, theirs in CUSTOM_FIELDS.items():
            value = cfs.get(theirs)
            fields[ours] = served_date(value) if ours in DATE_FIELDS else value
        # RT lists every custom field that applies, the empty ones as []: of a visit's
        # fields, one not listed while others are was renamed, disabled or hidden from the
        # user -- not emptied.  (A ticket of another queue has none of them: none unknown.)
        present = [t for t in CUSTOM_FIELDS.values() if t in cfs]
        unknown = frozenset(o for o, t in CUSTOM_FIELDS.items() if present and t not in cfs)
        queue = body.get("Queue")
        return RemoteTicket(
            id=int(body["id"]),
            etag=(etag or "").strip('"'),
            last_updated=str(body["LastUpdated"]),
            created=str(body["Created"]),
            queue=str(queue.get("id") if isinstance(queue, dict) else queue),
            fields=fields,
            requestors=[
                {"email": str(r.get("id"))}
                for r in body.get("Requestor") or []
                if isinstance(r, dict)
            ],
            time_worked=int(body.get("TimeWorked") or 0),
            client_ticket_id=cfs.get("Client Ticket Id"),
            visit_types=custom_field_all_values(body, "Visit Type"),
            unknown_fields=unknown,
            watchers=_watchers(body),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise BadReplyError(f"the helpdesk sent a ticket we cannot read ({error})") from None


def _watchers(body: dict[str, Any]) -> TicketWatchers | None:
    """The ticket's Cc and AdminCc members (None: RT was not asked for them)."""
    if "Cc" not in body or "AdminCc" not in body:
        return None
    return TicketWatchers(_members(body["Cc"]), _members(body["AdminCc"]))


def _members(value: Any) -> tuple[str, ...]:
    """A role's members as RT serializes them: {"type": "user", "id": name} or, for a
    group (RT mails each of its members), {"type": "group", "id": number}."""
    members = value if isinstance(value, list) else []
    return tuple(
        f"group #{member.get('id')}" if member.get("type") == "group" else str(member.get("id"))
        for member in members
        if isinstance(member, dict) and member.get("id") not in (None, "")
    )


def rt_date(value: str, timezone: str) -> str:
    """Our ISO UTC date as RT reads it when written: wall-clock time in RT's zone for
    the user (``sync.connectors.rt_zone``)."""
    return rt_wall_time(_utc(value), rt_zone(timezone))


def rt_since(value: str, timezone: str) -> str:
    """The same, as a search's lower bound: never later than ``value``, so a search
    "changed since" misses nothing even in the hour a year RT cannot be sent."""
    return rt_wall_time(_utc(value), rt_zone(timezone), at_most=True)


def _utc(value: str) -> datetime:
    try:
        return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        raise RejectedError(f"not a date: {value!r}") from None


def next_second(value: str) -> str:
    moment = datetime.strptime(value, RT_DATE_FORMAT) + timedelta(seconds=1)
    return moment.strftime(RT_DATE_FORMAT)


def clears_a_custom_field(changes: FieldValues) -> bool:
    return any(not value and name in CUSTOM_FIELDS for name, value in changes.items())


def update_body(
    changes: FieldValues, timezone: str, holding: set[str] | frozenset[str] = frozenset()
) -> dict[str, Any]:
    """The PUT /ticket body for a set of our field changes.

    ``holding``: the ticket's custom fields that hold a value now (``custom_fields_holding``).
    An emptied custom field goes as ``null`` if it holds one and is left out if not: sent
    as "" RT stores it, and a date as 1970-01-01 (an unassigned visit's window read so in
    RT's own pages and searches)."""
    body: dict[str, Any] = {}
    custom: dict[str, str | None] = {}
    for name, value in changes.items():
        sent = value or ""
        if value and name in DATE_FIELDS:
            sent = rt_date(value, timezone)
        if name in CORE_FIELDS:
            body[CORE_FIELDS[name]] = sent or ("Nobody" if name == "owner" else "")
        elif name in CUSTOM_FIELDS:
            if sent:
                custom[CUSTOM_FIELDS[name]] = sent
            elif CUSTOM_FIELDS[name] in holding:
                custom[CUSTOM_FIELDS[name]] = None
        else:
            raise RejectedError(f"FieldDesk cannot change the field {name!r}")
    if custom:
        body["CustomFields"] = custom
    return body


def attachment_from_json(item: dict[str, Any]) -> RemoteAttachment:
    content_type = str(item.get("ContentType") or "application/octet-stream")
    raw = item.get("Content")
    content: bytes | None = None
    if isinstance(raw, str):
        content = _content_bytes(raw, content_type)
    return RemoteAttachment(
        id=int(item["id"]),
        transaction_id=int(_ref_id(item.get("TransactionId"))),
        filename=str(item.get("Filename") or ""),
        content_type=content_type,
        size=int(item.get("ContentLength") or 0),
        content=content,
    )


def _content_bytes(raw: str, content_type: str) -> bytes | None:
    if content_type.startswith("text/"):
        return raw.encode("utf-8")
    try:
        return raw.encode("latin-1")  # RT serves binary bytes as U+0000..U+00FF
    except UnicodeEncodeError:
        return None  # fetch it later through /attachment/:id (base64)


def _ref_id(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("id"))
    return str(value)


# RT's custom field for each asset field FieldDesk keeps (the admin kit's names).
ASSET_CUSTOM_FIELDS = {
    "model": "Model",
    "serial": "Serial Number",
    "warranty": "Warranty Expires",
    "site": "Site",
    "purchase_date": "Purchase Date",
}
ASSET_CORE_FIELDS = {"name": "Name", "status": "Status", "description": "Description"}


def asset_value_as_kept(name: str, value: str | None) -> str | None:
    """A field's value as RT stores it (to tell a write RT took from one it refused):
    RT cuts a name or description past ASSET_TEXT_MAX without a word, keeps "\n"."""
    text = (value or "").replace("\r\n", "\n")
    if name in ("name", "description"):
        text = text[:ASSET_TEXT_MAX]
    return text or None


# What every request that reads assets asks for, whichever path (a visit's
# equipment, batched or by itself; a site's inventory; assets by id; one asset):
# each field asset_from_json reads, so no path stores an asset with fewer fields
# than another (a missing one would blank the replica's copy at the next pull).
# Expanded: the catalog's name (not RT's id "2"), role members' names.
ASSET_READ = {
    "fields": "Name,Catalog,Status,Description,Owner,HeldBy,CustomFields,LastUpdated,_hyperlinks",
    "fields[Catalog]": "Name",
    "fields[Owner]": "Name",
    "fields[HeldBy]": "Name",
}
# RT's date for "not set": what an empty date custom field became before
# FieldDesk stopped sending empty dates; it never means a real date.
_UNSET_DAY = "1970-01-01"


def _role_names(value: Any) -> str | None:
    """A role's members as names: RT gives one {id: name} or a list of them."""
    members = value if isinstance(value, list) else [value]
    names = [
        str(m.get("Name") or m.get("id"))
        for m in members
        if isinstance(m, dict) and (m.get("Name") or m.get("id")) not in (None, "Nobody")
    ]
    return ", ".join(names) or None


def _referring_tickets(item: dict[str, Any]) -> tuple[int, ...]:
    links = item.get("_hyperlinks") or []
    return tuple(
        int(link["id"])
        for link in links
        if isinstance(link, dict)
        and link.get("ref") == "referred-to-by"
        and link.get("type") == "ticket"
        and str(link.get("id", "")).isdigit()
    )


def asset_from_json(item: dict[str, Any], etag: str | None = None) -> RemoteAsset:
    cfs = custom_field_values(item)
    catalog = item.get("Catalog")
    catalog_name = catalog.get("Name") or catalog.get("id") if isinstance(catalog, dict) else None
    return RemoteAsset(
        id=int(item["id"]),
        name=str(item.get("Name") or ""),
        catalog=str(catalog_name if catalog_name is not None else catalog),
        status=str(item.get("Status") or ""),
        model=cfs.get("Model"),
        serial=cfs.get("Serial Number"),
        warranty=_asset_date(cfs.get("Warranty Expires")),
        last_updated=str(item.get("LastUpdated") or ""),
        site=cfs.get("Site"),
        purchase_date=_asset_date(cfs.get("Purchase Date")),
        owner=_role_names(item.get("Owner")),
        held_by=_role_names(item.get("HeldBy")),
        description=str(item.get("Description") or "") or None,
        licence_key=cfs.get("Licence Key"),
        client_id=cfs.get("Client Asset Id"),
        ticket_ids=_referring_tickets(item),
        etag=(etag or "").strip('"') or None,
    )


def _asset_date(value: str | None) -> str | None:
    return None if not value or value.startswith(_UNSET_DAY) else value


# How RT 5's REST2 takes an asset's custom fields (checked against RT 5.0.3):
# "" (or []) is stored as a value -- 1970-01-01 for a date field, an empty value
# for a text field -- on create and on change alike; ``null`` on create leaves the
# field empty, and on a change deletes the value the field holds, but on a field
# that holds none it too is stored (1970-01-01).  Core fields clear with "" (``null``
# is ignored on a change and fails a create).


def custom_fields_holding(item: dict[str, Any]) -> set[str]:
    """The custom fields of an RT record (as served) that hold a value: the ones a
    change may clear with ``null`` (see above; tickets take custom fields the same way)."""
    return {
        str(cf.get("name") or cf.get("Name"))
        for cf in item.get("CustomFields") or []
        if isinstance(cf, dict) and any(v not in (None, "") for v in cf.get("values") or [])
    }


def new_asset_body(fields: dict[str, str | None]) -> dict[str, Any]:
    """A new asset's fields as RT's JSON: empty fields are not sent (they stay empty)."""
    return _asset_json({name: value for name, value in fields.items() if value})


def asset_change_body(fields: dict[str, str | None], current: dict[str, Any]) -> dict[str, Any]:
    """Changes to an asset as RT's JSON; ``current``: the asset as RT serves it now.

    A custom field emptied is sent as ``null`` when it holds a value and left out
    when it holds none, so that it ends empty (never 1970-01-01), sent twice too.
    """
    holding = custom_fields_holding(current)
    return _asset_json(
        {
            name: value
            for name, value in fields.items()
            if value or name in ASSET_CORE_FIELDS or ASSET_CUSTOM_FIELDS.get(name) in holding
        }
    )


def _asset_json(fields: dict[str, str | None]) -> dict[str, Any]:
    body: dict[str, Any] = {}
    custom: dict[str, str | None] = {}
    for name, value in fields.items():
        if name in ASSET_CORE_FIELDS:
            body[ASSET_CORE_FIELDS[name]] = value or ""
        elif name in ASSET_CUSTOM_FIELDS:
            custom[ASSET_CUSTOM_FIELDS[name]] = value or None
    if custom:
        body["CustomFields"] = custom
    return body


def article_from_json(item: dict[str, Any], etag: str | None = None) -> RemoteArticle:
    cfs = custom_field_values(item)
    return RemoteArticle(
        id=int(item["id"]),
        name=str(item.get("Name") or ""),
        summary=str(item.get("Summary") or ""),
        content=article_content(cfs.get("Content") or ""),
        last_updated=str(item.get("LastUpdated") or ""),
        disabled=str(item.get("Disabled") or "0") not in ("0", ""),
        etag=(etag or "").strip('"'),
    )


def article_content(value: str) -> str:
    """An article's Content as its author wrote it.

    A fresh RT 5.0.7 (Debian 13) makes the Content field HTML: a plain-text body is kept
    escaped, lines and all ("Settings &gt; Bluetooth &amp; devices"), where 5.0.3 serves
    it as written.  A value without a tag or a ">" in which each "&" starts a character
    reference is read back to that text, as 5.0.3 gives it.  HTML (RT's editor, a draft
    published from here) and text with a bare "&" are kept as they are.

    Here a body that starts with a tag is HTML (the reader, a write-back to RT): a text
    that would start with "<" ("&lt;img ...&gt;") stays HTML, its lines kept, so that
    no text of it is ever taken for a tag.
    """
    if "<" in value or ">" in value or "&" not in value or "&" in _ENTITY.sub("", value):
        return value
    text = html.unescape(value)
    if text.lstrip().startswith("<"):
        return "<div>" + "<br>".join(value.splitlines()) + "</div>"
    return text


def attachments_json(files: tuple[NewAttachment, ...]) -> list[dict[str, str]]:
    """Files as REST2's ``Attachments`` of a comment, a reply or a new ticket."""
    return [
        {
            "FileName": mime_file_name(a.filename),
            "FileType": a.content_type,
            "FileContent": base64.b64encode(a.data).decode("ascii"),
        }
        for a in files
    ]


def mime_file_name(name: str) -> str:
    """A file's name as RT reads it: its UTF-8 bytes, one character (U+0000..U+00FF) each.

    RT takes the name from the MIME part it builds and decodes it as UTF-8 bytes.  Sent
    as characters, a letter above U+00FF (Cyrillic, Greek, CJK...) made RT 5.0.3 fail the
    whole comment, reply or new ticket (HTTP 500, "Wide character") and a Latin one was
    kept broken ("caf\ufffd.jpg").  As bytes RT keeps and lists the name as written, on
    all three (an RFC 2047 word RT decodes on comments and replies, not on new tickets).
    """
    return name.encode("utf-8").decode("latin-1")
