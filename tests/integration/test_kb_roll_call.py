"""KB articles the technician may no longer see leave the laptop.

An article moved to a class technicians cannot see, or a technician taken out of
*Field Technicians*, changes nothing the KB's change listing shows: the roll call
(the ids the user may see, once an hour like the tickets') removes what is not
listed, keeps a draft written here and an article an unsent change writes to, and
brings back what the rights give back.  A refusal or a failing listing removes
nothing.  Every change to RT here is undone when the test ends (the module's RT is
shared).
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlite_utils

from devrt.instance import RunningRT
from sync import outbox
from sync.changes.article import draft_article
from sync.changes.site_targets import save_and_share
from sync.connectors.base import NewArticleRequest
from sync.connectors.rt import RTConnector
from sync.connectors.rt_http import RTHttp
from sync.engine import SyncEngine, SyncReport
from sync.netcheck import site_targets
from sync.netcheck.targets import parse_target
from sync.pullers.articles import ROLL_CALL_SETTING
from sync.pullers.tickets import ROLL_CALL_EVERY_S
from sync.store import kb
from sync.store import tickets as ticket_store
from sync.store.settings import set_setting
from tests.faults.proxy import FaultProxy
from tests.integration import rt_admin
from tests.integration.helpers import Technician, connector

pytestmark = pytest.mark.rt

HIDDEN_CLASS = "Field Archive"  # a class no technician has a right on


@pytest.fixture
def alice(rt: RunningRT, tmp_path: Path) -> Iterator[Technician]:
    laptop = Technician(rt, "alice", tmp_path)
    assert laptop.sync().ok
    yield laptop
    laptop.db.close()


def kb_ids(db: sqlite_utils.Database) -> set[int]:
    """The helpdesk's articles on the laptop (drafts written here left out)."""
    return {row[0] for row in db.execute("SELECT id FROM articles WHERE draft = 0").fetchall()}


def roll_call_due(laptop: Technician) -> None:
    """An hour went by since the last roll call."""
    set_setting(laptop.db, ROLL_CALL_SETTING, str(time.time() - ROLL_CALL_EVERY_S - 1))


def _article(article_id: int) -> str:
    return (
        f"my $a = RT::Article->new(RT->SystemUser); $a->Load({int(article_id)}) or die;\n"
        "my ($ok, $msg);\n"
    )


@contextmanager
def moved_to_hidden_class(rt: RunningRT, article_id: int) -> Iterator[None]:
    rt_admin.run_perl(
        rt,
        _article(article_id)
        + f"""
my $class = RT::Class->new(RT->SystemUser);
$class->Load('{HIDDEN_CLASS}');
($ok, $msg) = $class->Create(Name => '{HIDDEN_CLASS}') unless $class->Id;
die "$msg\\n" unless $class->Id;
($ok, $msg) = $a->SetClass($class->Id); die "$msg\\n" unless $ok;
""",
    )
    try:
        yield
    finally:
        rt_admin.run_perl(
            rt,
            _article(article_id)
            + "my $kb = RT::Class->new(RT->SystemUser); $kb->Load('Field KB') or die;\n"
            + '($ok, $msg) = $a->SetClass($kb->Id); die "$msg\\n" unless $ok;',
        )


@contextmanager
def retired(rt: RunningRT, article_id: int) -> Iterator[None]:
    rt_admin.run_perl(rt, _article(article_id) + "$a->SetDisabled(1);")
    try:
        yield
    finally:
        rt_admin.run_perl(rt, _article(article_id) + "$a->SetDisabled(0);")


@contextmanager
def out_of_field_technicians(rt: RunningRT, user: str) -> Iterator[None]:
    def change(verb: str) -> None:
        rt_admin.run_perl(
            rt,
            f"""
my $group = RT::Group->new(RT->SystemUser);
$group->LoadUserDefinedGroup('Field Technicians') or die "no group";
my $user = RT::User->new(RT->SystemUser); $user->Load('{user}') or die "no user";
my ($ok, $msg) = $group->{verb}($user->PrincipalId); die "$msg\\n" unless $ok;
""",
        )

    change("DeleteMember")
    try:
        yield
    finally:
        change("AddMember")


def test_an_article_moved_to_a_hidden_class_or_retired_leaves_at_the_roll_call(
    rt: RunningRT, alice: Technician
) -> None:
    before = kb_ids(alice.db)
    moved, gone = sorted(before)[:2]
    moved_article = kb.get_article(alice.db, moved)
    assert moved_article is not None
    with moved_to_hidden_class(rt, moved), retired(rt, gone):
        idle = alice.sync()  # within the hour: the idle cost stays two requests
        assert idle.ok and idle.requests <= 2
        assert gone not in kb_ids(alice.db)  # a retired article is in the change listing

        roll_call_due(alice)
        due = alice.sync()
        assert due.ok
        assert kb_ids(alice.db) == before - {moved, gone}
        assert moved not in {hit.id for hit in kb.search(alice.db, moved_article.name)}
        assert due.requests == idle.requests + 1  # ids only: one page for the sample KB
        assert alice.sync().requests <= 2  # the roll call is an hour away again

    assert alice.sync().ok  # moved back and restored: changed, so listed again
    assert kb_ids(alice.db) == before


def test_a_technician_out_of_the_group_keeps_only_drafts_and_articles_with_unsent_changes(
    rt: RunningRT, alice: Technician
) -> None:
    visit = next(v for v in ticket_store.list_visits(alice.db) if v.site)
    assert visit.site is not None
    connector(rt, "supervisor").create_article(
        NewArticleRequest(
            site_targets.article_name(visit.site), "Targets", "<p>127.0.0.1:9100 # printer</p>"
        )
    )
    assert alice.sync().ok
    site_article = site_targets.helpdesk_article_id(alice.db, visit.site)
    assert site_article is not None
    before = kb_ids(alice.db)
    assert len(before) > 40

    with out_of_field_technicians(rt, "alice"):
        # Written on the laptop after the rights went: RT refuses both, they wait.
        draft = draft_article(alice.db, name="Fuser jam", summary="", content="Open tray 2.")
        save_and_share(alice.db, visit.site, [parse_target("127.0.0.1:8443 # NAS")])
        roll_call_due(alice)
        alice.sync()
        assert kb_ids(alice.db) == {site_article}  # kept while its change is unsent
        assert kb.get_article(alice.db, draft) is not None
        assert {row.kind for row in outbox.rows(alice.db)} == {"article", "site_targets"}

    roll_call_due(alice)
    assert alice.sync().ok  # given back unchanged: no change listing would bring them
    assert kb_ids(alice.db) == before


def test_a_refused_class_or_a_failing_roll_call_removes_nothing(
    rt: RunningRT, alice: Technician
) -> None:
    before = kb_ids(alice.db)
    with out_of_field_technicians(rt, "alice"):
        roll_call_due(alice)
        # Signed in again: the class's id not known, and RT refuses the class.
        refused = alice.sync(rt.url)
        assert not refused.ok and "article class 'Field KB'" in (refused.error or "")
        assert kb_ids(alice.db) == before

        # The class's id known, but the roll call's listing fails.
        with FaultProxy(rt.url) as proxy:
            listings = itertools.count()
            proxy.replace_status(
                lambda method, path: (
                    method == "GET"
                    and path.rstrip("/").endswith("/articles")
                    and next(listings) >= 1  # the change listing passes, the roll call fails
                ),
                503,
            )
            failed = sync_knowing_the_class(alice, proxy.url)
        assert not failed.ok
        assert kb_ids(alice.db) == before

        assert alice.sync().ok  # still due: a complete listing of none
        assert kb_ids(alice.db) == set()

    roll_call_due(alice)
    assert alice.sync().ok
    assert kb_ids(alice.db) == before


def sync_knowing_the_class(laptop: Technician, url: str) -> SyncReport:
    """A run through ``url`` by a session that remembers the KB class's id (as the app's)."""
    known = laptop.connector
    through = RTConnector(
        RTHttp(url, known.http.credentials), timezone=known.timezone, kb_class_id=known.class_id()
    )
    return SyncEngine(laptop.db, through).run()
