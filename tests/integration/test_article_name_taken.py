"""A KB draft named like an article the class has is refused in words that name the title.

RT allows one article of a name in a class -- whatever the case, retired
(disabled) articles included -- and refuses a second with "Create failed for
unknown reason".  FieldDesk looks for the namesake once refused, and says so.
"""

from __future__ import annotations

import pytest

from devrt.instance import RunningRT
from sync import outbox
from sync.connectors.base import NewArticleRequest
from tests.integration.helpers import Technician, connector

pytestmark = pytest.mark.rt

EXISTING = "DNS troubleshooting on site"  # in the sample knowledge base


@pytest.fixture(scope="module")
def laptop(rt: RunningRT, tmp_path_factory: pytest.TempPathFactory) -> Technician:
    technician = Technician(rt, "bob", tmp_path_factory.mktemp("laptop"))
    assert technician.sync().ok
    return technician


def refused_draft(laptop: Technician, name: str) -> tuple[int, str]:
    outbox.draft_article(laptop.db, name=name, summary="Short version", content="Step 1. ...")
    report = laptop.sync()
    [refusal] = report.rejected
    (row,) = [r for r in outbox.rows(laptop.db) if r.kind == "article" and r.state == "rejected"]
    return row.seq, refusal


def test_a_draft_titled_like_an_article_is_told_to_take_another_title(
    rt: RunningRT, laptop: Technician
) -> None:
    seq, refusal = refused_draft(laptop, EXISTING.upper())

    assert (
        f"an article named {EXISTING!r} already exists in the knowledge base: "
        "give the draft another title in FieldDesk's window (Outbox: select the draft, "
        "Edit…), then Retry"
    ) in refusal
    assert "unknown reason" not in refusal

    new_name = f"{EXISTING}: the laptop's own resolver"
    outbox.edit(laptop.db, seq, {"name": new_name})
    outbox.retry(laptop.db, seq)
    report = laptop.sync()
    assert report.ok and report.rejected == [], report
    assert connector(rt, "supervisor").find_article(new_name) is not None


def test_a_retired_articles_title_is_named_too(rt: RunningRT, laptop: Technician) -> None:
    boss = connector(rt, "supervisor")
    name = "Legacy fax server: restart the modem pool"
    article_id = boss.create_article(NewArticleRequest(name=name, summary="Old", content="Gone."))
    boss.http.put(f"article/{article_id}", {"Disabled": 1})

    _seq, refusal = refused_draft(laptop, name)

    assert f"an article named {name!r} already exists in the knowledge base, retired" in refusal
    assert "give the draft another title in FieldDesk's window (Outbox" in refusal
