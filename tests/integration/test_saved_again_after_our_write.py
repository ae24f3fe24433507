"""A record someone saves in RT in the instant between our write and our read-back,
against the real RT: RT took our change (an asset's fields, a link, an article, a
note's ticket field), so it is not called refused; and a link made on a visit RT
merged into another lands on the surviving ticket, taken.

"Someone saves in between": the laptop's own HTTP session runs the supervisor's
save right after RT answered our write, before FieldDesk reads the record back."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest

from devrt.instance import RunningRT
from sync import assets, outbox, site_assets
from sync.changes.site_targets import save_and_share
from sync.connectors.base import NewArticleRequest
from sync.connectors.rt import RTConnector
from sync.connectors.rt_replies import Json, Reply
from sync.errors import RejectedError
from sync.netcheck import site_targets
from sync.netcheck.targets import parse_targets
from sync.store import assets as asset_store
from tests.integration import acme_assets, rt_admin
from tests.integration.acme_assets import SITE, by_name, printer_visit
from tests.integration.helpers import Technician

pytestmark = pytest.mark.rt

alice = acme_assets.alice  # this module's own laptop and supervisor
boss = acme_assets.boss


def someone_saves_after_our_write(
    monkeypatch: pytest.MonkeyPatch, laptop: Technician, path: str, save: Callable[[], object]
) -> list[Callable[[], object]]:
    """``save`` runs once, as soon as RT has answered the laptop's PUT or POST to ``path``."""
    http = laptop.connector.http
    put, post = http.put, http.post
    pending = [save]

    def then_someone_saves(to: str, reply: Reply) -> Reply:
        if to == path and pending:
            pending.pop()()
        return reply

    def put_then(to: str, body: Json, *, if_match: str | None = None) -> Reply:
        return then_someone_saves(to, put(to, body, if_match=if_match))

    def post_then(to: str, body: Json) -> Reply:
        return then_someone_saves(to, post(to, body))

    monkeypatch.setattr(http, "put", put_then)
    monkeypatch.setattr(http, "post", post_then)
    return pending


def unsettled(laptop: Technician) -> list[tuple[str, str, str | None]]:
    return [(r.kind, r.state, r.last_error) for r in outbox.rows(laptop.db) if r.state != "done"]


def test_an_asset_field_saved_in_rt_just_after_ours_is_taken_not_refused(
    alice: Technician, boss: RTConnector, monkeypatch: pytest.MonkeyPatch
) -> None:
    nas = by_name(alice, "ACME-NAS-01")
    assets.edit_asset(alice.db, nas.id, {"model": "Synology DS220+ (checked on site)"})
    saved = someone_saves_after_our_write(
        monkeypatch,
        alice,
        f"asset/{nas.id}",
        lambda: boss.update_asset(nas.id, {"model": "Synology DS220+ (office)"}),
    )

    report = alice.sync()

    assert not saved, "the supervisor saved between the write and the read-back"
    assert report.ok and not report.rejected, (report, unsettled(alice))
    assert report.conflicts == 0 and not unsettled(alice)
    assert boss.fetch_asset(nas.id).model == "Synology DS220+ (office)"
    site_assets.refresh(alice.db, alice.connector, refresh_after=0)  # the inventory's next pull
    shown = assets.get_asset(alice.db, nas.id)
    assert shown is not None and shown.asset.model == "Synology DS220+ (office)", "RT's latest"
    assert not assets.open_asset_conflicts(alice.db, nas.id)


def test_a_value_rt_does_not_keep_is_refused_though_someone_saved_after_us(
    alice: Technician, boss: RTConnector, monkeypatch: pytest.MonkeyPatch
) -> None:
    nas = by_name(alice, "ACME-NAS-01")
    version = alice.connector.fetch_asset(nas.id).etag
    someone_saves_after_our_write(
        monkeypatch,
        alice,
        f"asset/{nas.id}",
        lambda: boss.update_asset(nas.id, {"model": "DS220+ (office, again)", "status": "rma"}),
    )

    with pytest.raises(RejectedError) as refused:
        alice.connector.update_asset(
            nas.id, {"status": "melted", "model": "DS220+ (mine)"}, version=version
        )

    said = str(refused.value)
    assert "(not taken: status)" in said, said  # the model was taken, then saved over


def test_an_article_saved_in_rt_just_after_our_targets_is_taken_not_refused(
    alice: Technician, boss: RTConnector, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = site_targets.article_name(SITE)
    article_id = boss.create_article(
        NewArticleRequest(name, "Kit at this site", "<p>10.1.0.5:9100 # reception printer</p>")
    )
    assert alice.sync().ok
    assert save_and_share(alice.db, SITE, parse_targets(["10.1.0.8:445 # NAS"])) == 1

    def supervisor_adds_a_line() -> None:
        now = boss.fetch_article(article_id).content
        boss.update_article_content(article_id, now + "<p>10.1.0.1 # router</p>")

    saved = someone_saves_after_our_write(
        monkeypatch, alice, f"article/{article_id}", supervisor_adds_a_line
    )

    report = alice.sync()

    assert not saved, "the supervisor saved between the write and the read-back"
    assert report.ok and not report.rejected, (report, unsettled(alice))
    assert not unsettled(alice)
    assert [t.text for t in site_targets.helpdesk_targets(alice.db, SITE)][:2] == [
        "10.1.0.5:9100",
        "10.1.0.8:445",
    ]
    assert "10.1.0.1 # router" in boss.fetch_article(article_id).content


def test_an_article_saved_in_rt_between_our_read_and_our_write_keeps_both(
    alice: Technician, boss: RTConnector, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The targets were added to the article as read, written without If-Match: a
    colleague's save in between was overwritten without a word."""
    name = site_targets.article_name(SITE)
    article_id = boss.find_article(name) or boss.create_article(
        NewArticleRequest(name, "Kit at this site", "<p>10.1.0.5:9100 # reception printer</p>")
    )
    assert alice.sync().ok
    assert save_and_share(alice.db, SITE, parse_targets(["10.1.0.9:22 # firewall"])) == 1
    read = alice.connector.fetch_article
    pending = [article_id]

    def read_then_someone_saves(wanted: int) -> object:
        article = read(wanted)
        if pending and wanted == pending.pop():
            now = boss.fetch_article(article_id).content
            boss.update_article_content(article_id, now + "<p>10.1.0.2 # switch</p>")
        return article

    monkeypatch.setattr(alice.connector, "fetch_article", read_then_someone_saves)

    report = alice.sync()

    assert not pending and report.ok and not report.rejected, report
    held = site_targets.lines_of(boss.fetch_article(article_id).content)
    assert "10.1.0.2 # switch" in held  # the colleague's line stays
    assert "10.1.0.9:22  # firewall" in held  # and ours is added to it


def test_a_link_taken_away_in_rt_just_after_ours_is_taken_not_refused(
    alice: Technician, boss: RTConnector, monkeypatch: pytest.MonkeyPatch
) -> None:
    visit = printer_visit(alice)
    linked = {a.id for a in asset_store.assets_of(alice.db, visit.id)}
    nas = by_name(alice, "ACME-NAS-01")
    assert nas.id not in linked
    assets.link_asset(alice.db, visit.id, nas.id)
    saved = someone_saves_after_our_write(
        monkeypatch,
        alice,
        f"ticket/{visit.id}",
        lambda: boss.http.put(f"ticket/{visit.id}", {"DeleteRefersTo": f"asset:{nas.id}"}),
    )

    report = alice.sync()

    assert not saved, "the supervisor unlinked between the write and the read-back"
    assert report.ok and not report.rejected, (report, unsettled(alice))
    assert not unsettled(alice)
    assert visit.id not in boss.fetch_asset(nas.id).ticket_ids, "the supervisor's unlink stands"


def test_a_link_on_a_visit_rt_merged_meanwhile_is_on_the_surviving_ticket(
    rt: RunningRT, alice: Technician, boss: RTConnector
) -> None:
    merged, survivor = rt_admin.create_tickets(rt, "alice", 2)
    assert alice.sync().ok
    access_point = by_name(alice, "ACME-AP-01")
    assets.link_asset(alice.db, merged, access_point.id)
    rt_admin.run_perl(
        rt,
        f"my $t = RT::Ticket->new(RT->SystemUser); $t->Load({merged}) or die;"
        f" my ($ok, $m) = $t->MergeInto({survivor}); die $m unless $ok;",
    )

    report = alice.sync()

    assert report.ok and not report.rejected, (report, unsettled(alice))
    assert not unsettled(alice)
    assert survivor in boss.fetch_asset(access_point.id).ticket_ids


def test_a_notes_ticket_field_saved_in_rt_just_after_ours_is_not_told_as_refused(
    alice: Technician, boss: RTConnector, monkeypatch: pytest.MonkeyPatch
) -> None:
    visit = printer_visit(alice)
    text = f"Checklist: Printer PM\nProgress: 11/11 done {uuid.uuid4().hex[:8]}"
    outbox.add_note(
        alice.db, visit.id, text, author="alice", kind="checklist",
        extra={"checklist_id": 1, "revision": 1, "ticket_fields": {"Checklist State": "complete"}},
    )  # fmt: skip
    saved = someone_saves_after_our_write(
        monkeypatch,
        alice,
        f"ticket/{visit.id}/comment",
        lambda: boss.http.put(
            f"ticket/{visit.id}", {"CustomFields": {"Checklist State": "incomplete"}}
        ),
    )

    report = alice.sync()

    assert not saved, "the supervisor saved between the note and the read-back"
    assert report.ok and not report.rejected, (report, unsettled(alice))
    assert not any("Checklist State" in notice for notice in report.notices), report.notices
