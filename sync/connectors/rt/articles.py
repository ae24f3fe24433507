"""Knowledge-base articles of the field class: changed ones, the roll call of those the
user sees, publishing a draft."""

from __future__ import annotations

import json
from collections.abc import Callable, Generator, Iterator
from contextlib import closing
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from sync.connectors.base import NewArticleRequest, RemoteArticle
from sync.connectors.rt.common import (
    KB_CLASS,
    PAGE_SIZE,
    explain_create,
    page_items,
    ref,
)
from sync.connectors.rt.later_writes import LaterWritesPart, custom_field_ids
from sync.connectors.rt.pages_ahead import IN_FLIGHT, pages_ahead
from sync.connectors.rt.taken import refused
from sync.connectors.rt_convert import article_from_json, rt_date
from sync.connectors.rt_refusals import (
    CREATE_ARTICLE,
    MODIFY_ARTICLE,
    article_name_taken,
    home_missing,
    is_permission_refusal,
    named_refusals,
)
from sync.errors import (
    AdminKitMissing,
    BadReplyError,
    NotFoundError,
    RejectedError,
    RetryableError,
)

# What a listing reads of each article: enough to show and search it offline.
ARTICLE_FIELDS = "Name,Summary,LastUpdated,CustomFields,Disabled,Class"

# What a sync says when the KB class cannot be found by its name.
KB_CLASS_MISSING = (
    f"the helpdesk has no article class '{KB_CLASS}' (renamed or disabled?): the knowledge "
    "base was not updated; ask the RT administrator"
)


@dataclass(frozen=True)
class ArticlePage:
    """One page of an article listing: the changed articles of each class, and the
    last id the page reached (where an interrupted listing goes on from)."""

    by_class: dict[int, list[RemoteArticle]]
    last_id: int


def _by_class(items: list[dict[str, Any]], since_by_class: dict[int, str | None]) -> ArticlePage:
    found: dict[int, list[RemoteArticle]] = {class_id: [] for class_id in since_by_class}
    last_id = 0
    for item in items:
        try:
            class_id = int(ref(item.get("Class")))
        except (TypeError, ValueError):
            raise BadReplyError("the helpdesk sent an article without its class") from None
        article = article_from_json(item)
        last_id = max(last_id, article.id)
        since = since_by_class.get(class_id)
        if class_id in found and (since is None or article.last_updated > since):
            found[class_id].append(article)
    return ArticlePage(found, last_id)


class ArticlesPart(LaterWritesPart):
    @property
    def known_class_id(self) -> int | None:
        return self._class_id

    def class_id(self) -> int:
        """The KB class's id (asked by name once; the session remembers it).  A name RT
        does not know (the class renamed) is AdminKitMissing, worded for the KB's pull:
        the engine tells it and runs the other pullers."""
        if self._class_id is None:
            try:
                body = self.http.get(f"class/{quote(KB_CLASS, safe='')}").body
                self._class_id = int(body["id"])
            except NotFoundError:
                raise AdminKitMissing(KB_CLASS_MISSING) from None
            except (KeyError, TypeError, ValueError):
                raise BadReplyError("the helpdesk sent a class we cannot read") from None
        return self._class_id

    def _class_for_change(self) -> int:
        """``class_id`` for a change sent to the class: without it, the change is refused
        (it waits in the outbox, retried once the administrator restores the class)."""
        try:
            return self.class_id()
        except AdminKitMissing:
            raise home_missing("class", KB_CLASS) from None

    def article_pages(
        self, since_by_class: dict[int, str | None], after_id: int = 0
    ) -> Generator[ArticlePage, None, None]:
        """Articles of each class changed after its own cursor (every one without),
        disabled included, in one listing whatever the number of classes, page by
        page in id order from after ``after_id`` (a listing that was interrupted goes
        on where it stopped: ids do not move between pages while it runs)."""
        query: list[dict[str, Any]] = [
            {"field": "Class", "value": class_id, "entry_aggregator": "OR"}
            for class_id in since_by_class
        ]
        cursors = list(since_by_class.values())
        since_cursors = bool(cursors) and None not in cursors
        if since_cursors:
            # Article dates compare as raw UTC text.  Strictly after: the
            # engine only ever sets a cursor to a second that is over.
            oldest = min(c for c in cursors if c is not None)
            query.append({"field": "LastUpdated", "operator": ">", "value": rt_date(oldest, "UTC")})
        if after_id:
            query.append({"field": "id", "operator": ">", "value": after_id})
        params = {
            "query": json.dumps(query),
            "fields": ARTICLE_FIELDS,
            "find_disabled_rows": 1,
            "orderby": "id",
            "order": "ASC",
            "per_page": PAGE_SIZE,
        }

        def fetch(page: int) -> tuple[ArticlePage, int]:
            items = page_items(self.http.get("articles", {**params, "page": page}).body)
            return _by_class(items, since_by_class), len(items)

        # Page numbers: the next pages are asked for while the caller writes this one
        # (pages_ahead).  A listing of every article (a first sync) only grows at its
        # end while it runs (new articles have higher ids), so its pages may be served
        # in any order: two at a time.  A listing since a cursor grows wherever an
        # article is edited: a page served before the one below it could then miss
        # the article pushed across their boundary, so its pages come one after the
        # other (a page can only repeat an article then, written twice the same).
        in_flight = 1 if since_cursors else IN_FLIGHT
        with closing(pages_ahead(fetch, lambda page: page[1] >= PAGE_SIZE, in_flight)) as pages:
            for page, _size in pages:
                yield page

    def kb_article_ids(self) -> set[int]:
        """Ids of the KB class's articles the user may see now, retired ones left out:
        the roll call of articles that left (moved to another class, retired, or the
        class's rights taken: RT then lists none).  Ids only, a full page at a time,
        by id keyset, so an article leaving while it runs moves no other past a page.
        A short page is the last: RT grants article rights per class, so it hides
        either none of the class's rows from a page or all of them."""
        found: set[int] = set()
        last_id = 0
        while True:
            query = [
                {"field": "Class", "value": self.class_id()},
                {"field": "id", "operator": ">", "value": last_id},
            ]
            params = {
                "query": json.dumps(query),
                "fields": "id",
                "orderby": "id",
                "order": "ASC",
                "per_page": PAGE_SIZE,
            }
            items = page_items(self.http.get("articles", params).body)
            try:
                ids = [int(item["id"]) for item in items]
            except (KeyError, TypeError, ValueError):
                raise BadReplyError("the helpdesk sent an article without its id") from None
            if ids and max(ids) <= last_id:  # the keyset ignored: paging on would never end
                raise BadReplyError("the helpdesk sent a list we cannot read")
            found.update(ids)
            if len(ids) < PAGE_SIZE:
                return found
            last_id = max(ids)

    def kb_articles_by_id(self, article_ids: list[int]) -> Iterator[list[RemoteArticle]]:
        """The KB class's articles of these ids, a page of them per request (those the
        roll call lists and the laptop lacks: e.g. the class's rights given back, which
        changes no article, so no change listing brings them)."""
        for start in range(0, len(article_ids), PAGE_SIZE):
            chunk = [int(i) for i in article_ids[start : start + PAGE_SIZE]]
            query = [
                {"field": "Class", "value": self.class_id()},
                {"field": "id", "operator": "IN", "value": chunk},
            ]
            params = {"query": json.dumps(query), "fields": ARTICLE_FIELDS, "per_page": PAGE_SIZE}
            yield [article_from_json(i) for i in page_items(self.http.get("articles", params).body)]

    def create_article(self, request: NewArticleRequest) -> int:
        class_id = self._class_for_change()
        with named_refusals(self._explain_refused_article(request.name)):
            reply = self.http.post(
                "article",
                {
                    "Class": class_id,
                    "Name": request.name,
                    "Summary": request.summary,
                    "CustomFields": {"Content": request.content},
                },
            )
        try:
            return int(reply.body["id"])
        except (KeyError, TypeError, ValueError):
            raise BadReplyError("the helpdesk did not say which article it created") from None

    def _explain_refused_article(self, name: str) -> Callable[[RejectedError], RejectedError]:
        """Why RT refused a new article.  It names no reason when the class has an
        article of that name already: one search, made only after a refusal, tells."""
        otherwise = explain_create(CREATE_ARTICLE, home=(self.http, "class", KB_CLASS))

        def explain(error: RejectedError) -> RejectedError:
            if not is_permission_refusal(error):
                taken = self._named(name)
                if taken is not None:
                    existing, retired = taken
                    return article_name_taken(existing, retired=retired)
            return otherwise(error)

        return explain

    def _named(self, name: str) -> tuple[str, bool] | None:
        """The class's article RT takes for one of this name (its name, and whether it is
        retired), if any: RT matches names whatever their case, retired articles
        included.  None also when the helpdesk cannot say now: RT's words stand."""
        query = [
            {"field": "Class", "value": self.class_id()},
            {"field": "Name", "value": name},
        ]
        params = {"query": json.dumps(query), "fields": "Name,Disabled", "find_disabled_rows": 1}
        try:
            found = page_items(self.http.get("articles", params).body)
        except (RetryableError, RejectedError):
            return None
        if not found:
            return None
        return str(found[0].get("Name") or name), str(found[0].get("Disabled")) == "1"

    def link_article_to_ticket(self, article_id: int, ticket_id: int) -> None:
        """The article refers to the ticket: RT's article page lists the ticket under
        "Refers to", the ticket's Links "Referred to by" the article, and its history
        says it.  RT keeps one link however often it is sent; a link there already is
        not sent again (a resend after a lost answer)."""
        before = self._tickets_referred_to(article_id)
        if ticket_id in before:
            return
        reply = self.http.put(f"article/{int(article_id)}", {"AddRefersTo": f"t:{int(ticket_id)}"})
        # RT answers 200 to a link it refused, its reason among the reply's messages.  A
        # merged ticket's number links the ticket it was merged into: a new link is ours.
        if not self._tickets_referred_to(article_id) - before:
            raise refused([f"link to ticket #{int(ticket_id)}"], reply.body)

    def _tickets_referred_to(self, article_id: int) -> set[int]:
        links = self.http.get(f"article/{int(article_id)}").body.get("_hyperlinks") or []
        return {
            int(link["id"])
            for link in links
            if isinstance(link, dict)
            and link.get("ref") == "refers-to"
            and link.get("type") == "ticket"
            and str(link.get("id", "")).isdigit()
        }

    def fetch_article(self, article_id: int) -> RemoteArticle:
        reply = self.http.get(f"article/{int(article_id)}")
        return article_from_json(reply.body, reply.headers.get("ETag"))

    def update_article_content(
        self, article_id: int, content: str, *, version: str | None = None
    ) -> None:
        with named_refusals(explain_create(MODIFY_ARTICLE, f"article {article_id}")):
            # The version written onto: a save in RT just after ours is told by history.
            if_match = f'"{version}"' if version else None
            if not version:
                version = self.fetch_article(article_id).etag
            reply = self.http.put(
                f"article/{int(article_id)}",
                {"CustomFields": {"Content": content}},
                if_match=if_match,
            )
            if not self._content_taken(article_id, content, version):
                raise refused(["content"], reply.body)

    def _content_taken(self, article_id: int, content: str, version: str) -> bool:
        """The article holds ``content``, or someone saved it again after our write."""
        held = self.http.get(f"article/{int(article_id)}").body
        if _plain_text(article_from_json(held).content) == _plain_text(content):
            return True
        key = custom_field_ids(held).get("Content", "")
        return bool(key) and key in self.written_over("Article", article_id, version, {key})

    def find_article(self, name: str) -> int | None:
        query = [
            {"field": "Class", "value": self._class_for_change()},
            {"field": "Name", "value": name},
        ]
        found = page_items(self.http.get("articles", {"query": json.dumps(query)}).body)
        return int(found[0]["id"]) if found else None


def _plain_text(text: str) -> str:
    """Text as RT keeps it in a field: its own line endings, no trailing blank space."""
    return text.replace("\r\n", "\n").strip()
