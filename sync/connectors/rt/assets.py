"""Equipment (RT assets): a ticket's, a site's inventory, their history; creating
assets (changing and linking them: ``asset_writes``).

Listings ask for everything in one collection request per page (``fields=``),
never one request per asset: a site's inventory with its links to tickets,
the history of many assets in one transaction search.
"""

from __future__ import annotations

from typing import Any, NamedTuple, TypeVar

from sync.connectors.base import (
    AssetTicket,
    AssetTransaction,
    NewAssetRequest,
    RemoteAsset,
    SiteAssets,
)
from sync.connectors.rt.common import (
    RTResource,
    any_of,
    cf_name,
    explain_create,
    page_items,
    ref,
    text_or_none,
    ticket_sql_quote,
)
from sync.connectors.rt_convert import (
    ASSET_READ,
    asset_from_json,
    new_asset_body,
    rt_since,
)
from sync.connectors.rt_refusals import CREATE_ASSET, SHOW_ASSET, explain_read, named_refusals
from sync.errors import BadReplyError, RejectedError

FIELD_CATALOG = "Field Equipment"
CLIENT_ASSET_ID = "Client Asset Id"
# Ids per query: keeps the URL well under servers' limits.
IDS_PER_QUERY = 60
SITES_PER_QUERY = 30
T = TypeVar("T")


def _chunks(items: list[T], size: int = IDS_PER_QUERY) -> list[list[T]]:
    """A query's worth at a time (a supervisor follows every site of the queue)."""
    return [items[i : i + size] for i in range(0, len(items), size)]


class SiteSearch(NamedTuple):
    query: str  # a clause naming sites
    keep: frozenset[str] | None  # the sites to keep of its answer (None: all it gives)


def _site_searches(sites: list[str]) -> list[SiteSearch]:
    """Searches naming these sites, each one request's worth.

    RT 5.0.3 reads an asset search holding a ``[`` anywhere as a JSON one and answers
    500 (``QueryByJSON``'s unanchored pattern), so a site such as "Acme [HQ]" is asked
    for by its longest run without brackets (``LIKE``: every site holding it) and the
    answer kept only where the site is that one, as the laptop matches site names.
    """
    plain = [s for s in sites if "[" not in s]
    exact = [f"CF.{{Site}} = {ticket_sql_quote(s)}" for s in plain]
    searches = [SiteSearch(clause, None) for clause in any_of(exact, SITES_PER_QUERY)]
    for site in sites:
        run = max((part.strip() for part in site.split("[")), key=len)
        if site not in plain and run:
            like = f"(CF.{{Site}} LIKE {ticket_sql_quote(run)})"
            searches.append(SiteSearch(like, frozenset({_site_name(site)})))
    return searches


def _site_name(site: str | None) -> str:
    return " ".join((site or "").split()).casefold()


def _kept(search: SiteSearch, assets: list[RemoteAsset]) -> list[RemoteAsset]:
    if search.keep is None:
        return assets
    return [a for a in assets if _site_name(a.site) in search.keep]


class AssetsPart(RTResource):
    def fetch_assets(self, ticket_id: int) -> list[RemoteAsset]:
        items = self.all_pages(
            "assets",
            {"query": f"ReferredToBy = {int(ticket_id)}", **ASSET_READ},
        )
        return [asset_from_json(item) for item in items]

    def site_assets(self, sites: list[str], updated_after: str | None) -> SiteAssets:
        """Every asset the user may see at these sites (changed since ``updated_after``,
        inclusive), whatever its catalog: RT's rights decide which catalogs come."""
        since = (
            f" AND LastUpdated >= '{rt_since(updated_after, self.timezone)}'"
            if updated_after is not None
            else ""
        )
        assets: list[RemoteAsset] = []
        server_time: str | None = None
        for search in _site_searches(sites):
            params = {"query": search.query + since, **ASSET_READ, "orderby": "id"}
            items, answered = self.all_pages_dated("assets", params)
            server_time = server_time or answered  # the oldest answer: the safe watermark
            assets += _kept(search, self._listed_assets(items))
        return SiteAssets(assets, server_time)

    def assets_by_id(self, asset_ids: list[int]) -> list[RemoteAsset]:
        found: list[RemoteAsset] = []
        for chunk in _chunks(sorted(asset_ids)):
            query = " OR ".join(f"id = {int(i)}" for i in chunk)
            items = self.all_pages("assets", {"query": query, **ASSET_READ})
            found += self._listed_assets(items)
        return found

    def _listed_assets(self, items: list[dict[str, Any]]) -> list[RemoteAsset]:
        """Assets as listed, their custom fields' names kept by RT's id: their history
        names a changed field by its id only ("14", for "Serial Number")."""
        names: dict[str, str] = getattr(self, "_asset_field_names", {})
        for item in items:
            for cf in item.get("CustomFields") or []:
                if isinstance(cf, dict) and cf.get("id") is not None and cf_name(cf):
                    names[str(cf["id"])] = cf_name(cf)
        self._asset_field_names = names
        return [asset_from_json(item) for item in items]

    def site_asset_ids(self, sites: list[str]) -> set[int]:
        """The ids at these sites now (cheap: for the roll call of moved assets)."""
        found: set[int] = set()
        for search in _site_searches(sites):
            if search.keep is None:
                items = self.all_pages("assets", {"query": search.query, "fields": "id"})
                found |= {int(item["id"]) for item in items}
            else:  # whose site it is must be read to keep it
                items = self.all_pages("assets", {"query": search.query, **ASSET_READ})
                found |= {a.id for a in _kept(search, [asset_from_json(i) for i in items])}
        return found

    def asset_history(self, asset_ids: list[int], after_txn: int) -> list[AssetTransaction]:
        found: list[AssetTransaction] = []
        for chunk in _chunks(sorted(asset_ids)):
            ids = " OR ".join(f"ObjectId = {int(i)}" for i in chunk)
            items = self.all_pages(
                "transactions",
                {
                    "query": f"ObjectType = 'RT::Asset' AND ({ids}) AND id > {int(after_txn)}",
                    "fields": "ObjectId,Type,Created,Creator,Field,OldValue,NewValue",
                    "orderby": "id",
                },
            )
            found += [_transaction(item, getattr(self, "_asset_field_names", {})) for item in items]
        return found

    def tickets_by_id(self, ticket_ids: list[int], created_after: str) -> list[AssetTicket]:
        found: list[AssetTicket] = []
        for chunk in _chunks(sorted(ticket_ids)):
            ids = " OR ".join(f"id = {int(i)}" for i in chunk)
            query = f"({ids}) AND Created > '{rt_since(created_after, self.timezone)}'"
            for item in self.search_tickets(query, "Subject,Status,Owner,Created"):
                found.append(
                    AssetTicket(
                        id=int(item["id"]),
                        subject=str(item.get("Subject") or ""),
                        status=str(item.get("Status") or ""),
                        owner=text_or_none(ref(item.get("Owner"))),
                        created=str(item.get("Created") or ""),
                    )
                )
        return found

    def fetch_asset(self, asset_id: int) -> RemoteAsset:
        # One asset's reply has every field whatever "fields" says; the expansions
        # count (the catalog's name, as the listings give it).
        # Read before each write (a merge, a link): RT's 403 is a right the account lacks.
        with named_refusals(explain_read(SHOW_ASSET, f"asset {int(asset_id)}")):
            reply = self.http.get(f"asset/{int(asset_id)}", ASSET_READ)
        return asset_from_json(reply.body, reply.headers.get("ETag"))

    def supports_asset_client_ids(self) -> bool:
        """Whether the catalog has the admin kit's "Client Asset Id" field (asked once).

        RT answers a search on a field that does not exist with nothing, so without
        it a lost reply could not be recognised: an asset's JSON lists every field
        that applies to it, empty ones too.
        """
        known: bool | None = getattr(self, "_asset_client_ids", None)
        if known is None:
            batch = page_items(
                self.http.get(
                    "assets",
                    {"query": f"Catalog = {ticket_sql_quote(FIELD_CATALOG)}",
                     "fields": "CustomFields", "per_page": 1},
                ).body
            )  # fmt: skip
            custom = batch[0].get("CustomFields") or [] if batch else []
            known = not batch or any(cf_name(cf) == CLIENT_ASSET_ID for cf in custom)
            self._asset_client_ids = known
        return known

    def create_asset(self, request: NewAssetRequest) -> int:
        if not self.supports_asset_client_ids():
            raise RejectedError(
                f"the helpdesk lacks the asset field '{CLIENT_ASSET_ID}' (load the FieldDesk"
                " admin kit): without it a new asset could be created twice, so it is not sent"
            )
        body = new_asset_body({"name": request.name, **request.fields})
        body["Catalog"] = FIELD_CATALOG
        body.setdefault("CustomFields", {})[CLIENT_ASSET_ID] = request.client_asset_id
        in_catalog = (self.http, "catalog", FIELD_CATALOG)
        explain = explain_create(CREATE_ASSET, f"in the catalog '{FIELD_CATALOG}'", home=in_catalog)
        with named_refusals(explain):
            reply = self.http.post("asset", body)
        try:
            return int(reply.body["id"])
        except (KeyError, TypeError, ValueError):
            raise BadReplyError("the helpdesk did not say which asset it created") from None

    def find_asset(self, client_asset_id: str) -> int | None:
        items = self.all_pages(
            "assets",
            {
                "query": f"CF.{{{CLIENT_ASSET_ID}}} = {ticket_sql_quote(client_asset_id)}",
                "fields": "id",
            },
        )
        return min(int(item["id"]) for item in items) if items else None


def _transaction(item: dict[str, Any], field_names: dict[str, str]) -> AssetTransaction:
    """``field_names``: the assets' custom fields by RT id (``AssetsPart._listed_assets``)."""
    field = text_or_none(item.get("Field"))
    if item.get("Type") == "CustomField" and field is not None:
        field = field_names.get(field, field)
    return AssetTransaction(
        id=int(item["id"]),
        asset_id=int(item.get("ObjectId") or 0),
        type=str(item.get("Type") or ""),
        created=str(item.get("Created") or ""),
        creator=text_or_none(ref(item.get("Creator"))),
        field=field,
        old_value=text_or_none(item.get("OldValue")),
        new_value=text_or_none(item.get("NewValue")),
    )
