"""The Request Tracker 5 connector: FieldDesk's view of RT's REST2 API.

One class, assembled from one part per kind of resource (users, tickets,
history, articles, assets, related tickets) over one HTTP session (``sync.connectors.rt_http``).
A new resource (checklist templates, site assets) is a new part here.
"""

from __future__ import annotations

from sync.connectors.rt.articles import ArticlesPart
from sync.connectors.rt.asset_writes import AssetWritesPart
from sync.connectors.rt.assets import AssetsPart
from sync.connectors.rt.batch import TicketBatchPart
from sync.connectors.rt.checklists import ChecklistsPart
from sync.connectors.rt.common import (
    FIELD_QUEUE,
    KB_CLASS,
    TECHNICIANS_GROUP,
    WIPE_FIELD,
    RTResource,
    Scope,
    http_date,
    ticket_sql_quote,
)
from sync.connectors.rt.field_writes import FieldWritesPart
from sync.connectors.rt.history import HistoryPart
from sync.connectors.rt.related import RelatedPart
from sync.connectors.rt.tickets import TicketsPart
from sync.connectors.rt.users import UsersPart
from sync.connectors.rt.watchers import WatchersPart
from sync.connectors.rt.zone_probe import ZoneProbePart


class RTConnector(
    UsersPart,
    TicketsPart,
    TicketBatchPart,
    HistoryPart,
    FieldWritesPart,
    ChecklistsPart,
    ArticlesPart,
    AssetWritesPart,
    AssetsPart,
    RelatedPart,
    WatchersPart,
    ZoneProbePart,
    RTResource,
):
    """Implements ``sync.connectors.base.Connector`` (and dispatch's TeamConnector)."""


__all__ = [
    "FIELD_QUEUE",
    "KB_CLASS",
    "TECHNICIANS_GROUP",
    "WIPE_FIELD",
    "RTConnector",
    "Scope",
    "http_date",
    "ticket_sql_quote",
]
