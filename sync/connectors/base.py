"""What the sync engine needs from a helpdesk, independent of which one.

Values of synced fields travel as plain strings (``None`` = empty); dates are
ISO 8601 UTC with a ``Z`` (``2026-11-23T09:00:00Z``).  A connector converts
to and from its helpdesk's own forms.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Literal, Protocol

from sync.errors import AuthError, CertificateError, InsecureAddress, OfflineError, SyncError

# The field vocabulary lives in sync.fields (cheap to import: no dataclasses); re-exported
# here, as part of the interface a connector implements.
from sync.fields import ASSET_FIELDS as ASSET_FIELDS  # noqa: PLC0414 - explicit re-export
from sync.fields import DATE_FIELDS as DATE_FIELDS  # noqa: PLC0414
from sync.fields import STATUSES as STATUSES  # noqa: PLC0414
from sync.fields import SYNCED_FIELDS as SYNCED_FIELDS  # noqa: PLC0414
from sync.fields import FieldValues as FieldValues  # noqa: PLC0414

# A Retry-After (or a backoff) longer than this ends the run instead of holding it;
# the next run tries again.
LONGEST_WAIT_IN_RUN_S = 30.0


def never_reached(error: SyncError) -> bool:
    """Whether a request that failed so provably did nothing on the helpdesk.

    Its connection was never made (refused, a name not found, no answer to the
    connect: a *definite* OfflineError), a TLS handshake refused the helpdesk's
    certificate, a plain http:// address was refused before sending, or the
    helpdesk refused the credentials (401, a sign-in refused) before doing
    anything.  Not a reply lost, a timeout, a 5xx or a TLS session broken
    mid-way: the request may have been received and done.
    """
    if isinstance(error, AuthError | CertificateError | InsecureAddress):
        return True
    return isinstance(error, OfflineError) and error.definite


@dataclass(frozen=True)
class RemoteUser:
    id: int
    name: str
    real_name: str
    email: str
    timezone: str = "UTC"


@dataclass(frozen=True)
class TicketStamp:
    """A ticket as a cheap listing shows it: enough to tell what changed."""

    id: int
    last_updated: str


@dataclass(frozen=True)
class ChangedTickets:
    """Tickets changed after a cursor, and the server's clock when it answered.

    Timestamps have one-second resolution: a ticket stamped in the second the
    server is still in may change again within that second, unseen.
    """

    stamps: list[TicketStamp]
    server_time: str | None  # ISO UTC, from the server's Date header
    # How many tickets the scope held when listed (None: the helpdesk did not
    # say).  Equal to what the replica holds means nobody left it.
    in_scope: int | None = None


@dataclass(frozen=True)
class TicketWatchers:
    """Who besides the requestors a reply goes to (RT's stock scrips): the ticket's Ccs,
    copied in as the customer's people, and its AdminCcs, the helpdesk's own watchers.
    Users by RT name (an address, for people who write in), groups as "group #id"."""

    ccs: tuple[str, ...] = ()
    admin_ccs: tuple[str, ...] = ()


@dataclass(frozen=True)
class RemoteTicket:
    id: int
    etag: str
    last_updated: str
    created: str
    queue: str
    fields: FieldValues
    requestors: list[dict[str, str]]
    time_worked: int  # minutes
    client_ticket_id: str | None = None
    visit_types: tuple[str, ...] = ()  # which checklists the visit calls for
    # Fields the helpdesk sent nothing for, not even empty (a custom field renamed,
    # disabled or hidden from the user): not known to be empty, so kept as they were.
    unknown_fields: frozenset[str] = frozenset()
    # None: not read (a connector that does not ask for them): the replica keeps its own.
    watchers: TicketWatchers | None = None


@dataclass(frozen=True)
class RemoteAttachment:
    id: int
    transaction_id: int
    filename: str
    content_type: str
    size: int
    content: bytes | None = None


@dataclass(frozen=True)
class RemoteTransaction:
    id: int
    ticket_id: int
    type: str
    created: str
    creator: str
    field: str | None = None
    old_value: str | None = None
    new_value: str | None = None
    time_taken: int = 0
    body: str | None = None
    body_type: str | None = None
    attachments: list[RemoteAttachment] = dataclasses.field(default_factory=list)


@dataclass(frozen=True)
class PulledTicket:
    """One ticket as a batch brought it: fields, new history, linked equipment."""

    ticket: RemoteTicket
    history: list[RemoteTransaction]
    assets: list[RemoteAsset]


@dataclass(frozen=True)
class TicketBatch:
    """Many tickets read together; ``unread`` are those the batch could not settle
    (gone from the listing: reassigned, deleted, merged; or changing as it was
    read) and that need a ticket-by-ticket look."""

    pulled: list[PulledTicket]
    unread: list[int]


# What a ``fetch_tickets`` call is reading: the tickets' fields, their history, the
# messages' bodies and files, their equipment.  Also the word the technician reads.
FetchStep = Literal["details", "history", "attachments", "equipment"]


@dataclass(frozen=True)
class BatchProgress:
    """How far a ``fetch_tickets`` call has come, for the technician to see it move.

    ``done``: about how many of the tickets asked for are read -- an estimate from
    the requests made so far that never goes back, and stays below the number
    asked for until the call returns; ``step``: what is being read now.
    """

    done: int
    step: FetchStep


@dataclass(frozen=True)
class FieldWrite:
    """One change of a synced field as the helpdesk recorded it, in our names and forms."""

    txn_id: int
    field: str
    new_value: str | None
    by_me: bool  # made by the signed-in user


@dataclass(frozen=True)
class RemoteAsset:
    id: int
    name: str
    catalog: str
    status: str
    model: str | None
    serial: str | None
    warranty: str | None  # last day of the warranty (a licence: of the subscription)
    last_updated: str
    site: str | None = None
    purchase_date: str | None = None
    owner: str | None = None
    held_by: str | None = None  # RT's HeldBy role, names joined with ", "
    description: str | None = None
    licence_key: str | None = dataclasses.field(default=None, repr=False)  # never logged
    client_id: str | None = None  # Client Asset Id: set on assets created offline
    ticket_ids: tuple[int, ...] = ()  # tickets referring to it (when the listing says)
    etag: str | None = None  # RT's version of it (one asset read, not a listing)


@dataclass(frozen=True)
class SiteAssets:
    """Assets at some sites changed since a watermark, and the server's clock then."""

    assets: list[RemoteAsset]
    server_time: str | None


@dataclass(frozen=True)
class AssetTransaction:
    id: int
    asset_id: int
    type: str
    created: str
    creator: str | None
    field: str | None
    old_value: str | None
    new_value: str | None


@dataclass(frozen=True)
class AssetTicket:
    id: int
    subject: str
    status: str
    owner: str | None
    created: str


@dataclass(frozen=True)
class NewAssetRequest:
    client_asset_id: str
    name: str
    fields: dict[str, str | None]  # ASSET_FIELDS values (status, serial, site...)


@dataclass(frozen=True)
class RemoteArticle:
    id: int
    name: str
    summary: str
    content: str
    last_updated: str
    disabled: bool
    etag: str = ""  # the version read (a single article's read; "" from listings)


@dataclass(frozen=True)
class KnowledgePage:
    """One page of the listing of KB articles and checklist templates changed since
    their cursors (one listing for both classes, in id order)."""

    articles: list[RemoteArticle]
    templates: list[RemoteArticle]
    checklist_class: int | None  # None: the helpdesk has no checklist class
    last_id: int  # the listing goes on after this id if it is interrupted


@dataclass(frozen=True)
class RelatedTicket:
    """Another ticket at a site (or on equipment) the technician visits: read-only context."""

    id: int
    subject: str
    status: str
    owner: str | None
    site: str | None
    created: str
    last_updated: str
    visit_start: str | None


@dataclass(frozen=True)
class RelatedTickets:
    tickets: list[RelatedTicket]
    server_time: str | None  # ISO UTC, from the server's Date header


@dataclass(frozen=True)
class FieldQueueChanges:
    """Field-queue tickets changed since a keyset cursor, oldest change first."""

    tickets: list[RelatedTicket]
    cursor: tuple[str, int]  # (served UTC, id): where the next listing starts
    complete: bool  # False: the page budget ran out; the rest starts at ``cursor``


@dataclass(frozen=True)
class NewAttachment:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class NoteRequest:
    """A note (internal comment or reply to the customer) to add to a ticket."""

    ticket_id: int
    client_request_id: str
    content: str
    public: bool = False
    time_taken: int = 0  # minutes, added to the ticket's time worked
    attachments: tuple[NewAttachment, ...] = ()
    # Set with the note: ticket custom fields (a checklist's state) and custom
    # fields of the note's transaction (what kind of time it records).
    ticket_fields: dict[str, str] = dataclasses.field(default_factory=dict)
    txn_fields: dict[str, str] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class NewTicketRequest:
    client_ticket_id: str
    subject: str
    content: str
    owner: str
    requestor: str | None
    fields: FieldValues
    refers_to: int | None = None  # an existing ticket this one continues (RT's RefersTo)
    time_worked: int = 0  # minutes already spent on it
    attachments: tuple[NewAttachment, ...] = ()


@dataclass(frozen=True)
class NewArticleRequest:
    name: str
    summary: str
    content: str


class Connector(Protocol):
    """One helpdesk, seen through what FieldDesk needs of it."""

    @property
    def request_count(self) -> int: ...

    def current_user(self) -> RemoteUser: ...

    def users(self, names: list[str]) -> list[RemoteUser]:
        """The named people's details; those unknown or hidden from the user are left out."""
        ...

    def user_by_id(self, user_id: int) -> RemoteUser | None:
        """The user the helpdesk numbers so (its history may name people by number);
        None if there is none."""
        ...

    def require_admin_kit(self) -> None: ...

    def supports_client_ids(self) -> bool: ...

    def changed_tickets(self, since: str | None, after_id: int) -> ChangedTickets: ...

    def owned_ticket_ids(self) -> set[int]: ...

    def fetch_ticket(self, ticket_id: int) -> RemoteTicket: ...

    def fetch_history(self, ticket_id: int, after_txn: int) -> list[RemoteTransaction]: ...

    def fetch_assets(self, ticket_id: int) -> list[RemoteAsset]: ...

    def fetch_tickets(
        self,
        after_txns: dict[int, int],
        progress: Callable[[BatchProgress], None] | None = None,
    ) -> TicketBatch:
        """Tickets by id with their history after ``after_txns[id]`` and their equipment.

        ``progress`` hears how far a long call has come while it runs (on the calling
        thread; a few seconds apart at most on a slow helpdesk), each report at least
        as far as the one before.
        """
        ...

    def field_writes(self, ticket_id: int, after_txn: int) -> list[FieldWrite]: ...

    def fetch_attachment(self, attachment_id: int, max_bytes: int) -> bytes: ...

    def set_run_limits(self, deadline: float | None, cancel: threading.Event) -> None:
        """Nothing the connector does may outlast ``deadline`` (time.monotonic()); its
        waits between retries end when ``cancel`` is set."""
        ...

    def update_ticket(self, ticket_id: int, etag: str, changes: FieldValues) -> None: ...

    def add_note(self, note: NoteRequest) -> int: ...

    def find_note(
        self,
        ticket_id: int,
        client_request_id: str,
        content: str,
        *,
        after_txn: int | None = None,
    ) -> int | None:
        """The transaction of a note sent before, if the helpdesk has it.

        ``after_txn``: the ticket's newest transaction known before the note was first
        sent (None: not known); only a transaction after it can be this note.
        """
        ...

    def create_ticket(self, request: NewTicketRequest) -> int: ...

    def find_ticket(
        self,
        client_ticket_id: str,
        *,
        subject: str | None = None,
        made_after: str | None = None,
        skip: frozenset[int] = frozenset(),
    ) -> int | None:
        """The ticket a create with this Client Ticket Id made, if any.  ``subject`` and
        ``made_after`` (UTC ISO): also the user's own ticket of that subject made since
        and carrying no Client Ticket Id -- one RT made without keeping it -- but not one
        of ``skip`` (other creates' tickets); RejectedError if several could be."""
        ...

    def knowledge_pages(
        self,
        kb_since: str | None,
        checklists_since: str | None,
        checklist_class: int | None,
        after_id: int = 0,
    ) -> Generator[KnowledgePage, None, None]:
        """Closed by the caller when it stops early: the listing may be fetching ahead."""
        ...

    def create_article(self, request: NewArticleRequest) -> int: ...

    def find_article(self, name: str) -> int | None: ...

    def fetch_article(self, article_id: int) -> RemoteArticle: ...

    def link_article_to_ticket(self, article_id: int, ticket_id: int) -> None: ...

    def update_article_content(
        self, article_id: int, content: str, *, version: str | None = None
    ) -> None:
        """Replace the article's text; with ``version`` only onto that version of it
        (else ConflictError), as ``fetch_article`` read it."""
        ...

    def site_assets(self, sites: list[str], updated_after: str | None) -> SiteAssets: ...

    def site_asset_ids(self, sites: list[str]) -> set[int]: ...

    def assets_by_id(self, asset_ids: list[int]) -> list[RemoteAsset]: ...

    def asset_history(self, asset_ids: list[int], after_txn: int) -> list[AssetTransaction]: ...

    def tickets_by_id(self, ticket_ids: list[int], created_after: str) -> list[AssetTicket]: ...

    def fetch_asset(self, asset_id: int) -> RemoteAsset: ...

    def create_asset(self, request: NewAssetRequest) -> int: ...

    def find_asset(self, client_asset_id: str) -> int | None: ...

    def update_asset(
        self, asset_id: int, fields: dict[str, str | None], *, version: str | None = None
    ) -> None:
        """Set fields; with ``version`` (``RemoteAsset.etag``) only if RT's copy is
        still that version, else ConflictError and nothing is written."""
        ...

    def link_asset(self, ticket_id: int, asset_id: int) -> None: ...

    def related_tickets(
        self,
        sites: list[str],
        asset_ids: list[int],
        created_after: str,
        updated_after: str | None,
    ) -> RelatedTickets: ...

    def field_queue_changes(
        self, created_after: str, cursor: tuple[str, int], max_pages: int
    ) -> FieldQueueChanges: ...
