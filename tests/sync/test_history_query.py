"""The batch's history search: each ticket from its own mark, within a URL's length."""

from __future__ import annotations

from urllib.parse import quote_plus

from sync.connectors.rt.batch import QUERY_BUDGET, history_queries, history_query


def test_a_first_sync_asks_the_plain_list() -> None:
    assert history_query({5: 0, 3: 0}) == (
        "ObjectType='RT::Ticket' AND (ObjectId=3 OR ObjectId=5) AND id>0"
    )


def test_each_ticket_read_from_later_on_brings_its_own_mark() -> None:
    assert history_query({3: 9120, 5: 40}) == (
        "ObjectType='RT::Ticket' AND (ObjectId=3 OR ObjectId=5) AND id>40"
        " AND ((ObjectId=3 AND id>9120) OR ObjectId=5)"
    )


def test_a_hundred_tickets_are_one_search_up_to_long_ids() -> None:
    marks = {1_000_000 + 7 * i: 10_000_000 + 1_717 * i for i in range(100)}
    assert len(history_queries(marks)) == 1


def test_a_query_too_long_for_a_url_is_split_by_marks() -> None:
    marks = {100_000_000 + 7 * i: 1_000_000_000 + 1_717 * i for i in range(100)}
    queries = history_queries(marks)
    assert len(queries) == 2
    assert all(len(quote_plus(q)) <= QUERY_BUDGET for q in queries)
    # Every ticket in exactly one search, with its own mark.
    for ticket, mark in marks.items():
        found = [q for q in queries if f"ObjectId={ticket} " in q or f"ObjectId={ticket})" in q]
        assert len(found) == 1
        assert f"id>{mark}" in found[0]
