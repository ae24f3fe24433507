"""The RT administrator changed FieldDesk's setup on the helpdesk: what the technician is told.

A KB class renamed, a queue, catalog or class disabled, equipment rights taken away:
each is said as what it is, with who can fix it, and the rest of the sync goes on.
Every change to RT's setup here is undone when the test ends (the module's RT is shared).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from devrt.instance import RunningRT
from sync import assets, outbox
from sync.changes.article import draft_article
from sync.changes.new_ticket import create_ticket
from sync.errors import Cause
from sync.last_sync import last_sync_time
from sync.profile import Profile
from sync.replica import open_replica
from sync.store import tickets as ticket_store
from tests.cli.runner import log_in, run
from tests.integration import rt_admin
from tests.integration.helpers import Technician, comments_with

pytestmark = pytest.mark.rt

KB_CLASS = "Field KB"
KB_SAID = (
    "the helpdesk has no article class 'Field KB' (renamed or disabled?): the knowledge base "
    "was not updated; ask the RT administrator"
)
RIGHT_WORDS = "grant you the RT right"

# RT's Perl class for each thing the admin kit made that a create goes into.
RT_CLASS = {"queue": "RT::Queue", "catalog": "RT::Catalog", "class": "RT::Class"}


def _load(kind: str, name: str) -> str:
    return (
        f"my $o = {RT_CLASS[kind]}->new(RT->SystemUser);\n"
        f"$o->Load('{name}') or die \"no {kind} {name}\";\n"
    )


@contextmanager
def renamed(rt: RunningRT, kind: str, name: str, new_name: str) -> Iterator[None]:
    set_name = "my ($ok, $msg) = $o->SetName('{}'); die \"$msg\\n\" unless $ok;"
    rt_admin.run_perl(rt, _load(kind, name) + set_name.format(new_name))
    try:
        yield
    finally:
        rt_admin.run_perl(rt, _load(kind, new_name) + set_name.format(name))


@contextmanager
def disabled(rt: RunningRT, kind: str, name: str) -> Iterator[None]:
    rt_admin.run_perl(rt, _load(kind, name) + "$o->SetDisabled(1);")
    try:
        yield
    finally:
        rt_admin.run_perl(rt, _load(kind, name) + "$o->SetDisabled(0);")


@contextmanager
def catalog_rights_taken(rt: RunningRT, *rights: str) -> Iterator[None]:
    """Rights on the field catalog taken from the Field Technicians group (the admin kit's)."""

    def change(verb: str, right: str) -> None:
        rt_admin.run_perl(
            rt,
            _load("catalog", "Field Equipment")
            + f"""
my $group = RT::Group->new(RT->SystemUser);
$group->LoadUserDefinedGroup('Field Technicians') or die "no group";
my ($ok, $msg) = $group->PrincipalObj->{verb}(Right => '{right}', Object => $o);
die "$msg\\n" unless $ok;
""",
        )

    for right in rights:
        change("RevokeRight", right)
    try:
        yield
    finally:
        for right in rights:
            change("GrantRight", right)


@pytest.fixture
def alice(rt: RunningRT, tmp_path: Path) -> Iterator[Technician]:
    laptop = Technician(rt, "alice", tmp_path)
    assert laptop.sync().ok
    yield laptop
    laptop.db.close()


def refused(laptop: Technician, seq: int) -> outbox.OutboxRow:
    row = outbox.get_row(laptop.db, seq)
    assert row is not None and row.state == "rejected", row
    return row


def last_seq(laptop: Technician) -> int:
    return outbox.rows(laptop.db)[-1].seq


def an_open_visit(laptop: Technician) -> ticket_store.Visit:
    return next(v for v in ticket_store.list_visits(laptop.db) if v.status in ("new", "open"))


def visit_with_equipment(laptop: Technician) -> tuple[int, assets.Asset, assets.Asset]:
    """An open visit, one of its assets, and an asset at its site not linked to it."""
    for visit in ticket_store.list_visits(laptop.db):
        if visit.status not in ("new", "open") or not visit.site:
            continue
        linked = assets.assets_of(laptop.db, visit.id)
        others = [a for a in assets.assets_at_site(laptop.db, visit.site) if a not in linked]
        if linked and others:
            return visit.id, linked[0], others[0]
    raise AssertionError("no open visit with equipment and more at its site")


# -- A: the KB class renamed: the rest of the sync still runs ------------------------


def test_a_renamed_kb_class_is_told_and_the_rest_of_the_sync_runs(
    rt: RunningRT, tmp_path: Path
) -> None:
    laptop = Technician(rt, "alice", tmp_path)  # newly signed in: the class's id not known yet
    files = tmp_path / "files"
    with renamed(rt, "class", KB_CLASS, "Field Knowledge"):
        first = laptop.sync(files=files)
        assert not first.ok
        assert first.error == KB_SAID
        assert first.tickets_pulled > 0 and first.articles_pulled == 0
        # The pullers after the KB's ran, up to the last one: the colleagues' names.
        asked = laptop.db.execute("SELECT COUNT(*) FROM users WHERE asked IS NOT NULL")
        assert asked.fetchone()[0] > 0

        visit = an_open_visit(laptop).id
        text = "Reseated the toner drum; prints clean."
        outbox.add_note(laptop.db, visit, text, author="alice", minutes=5)
        second = laptop.sync(files=files)
        assert second.pushed == 1 and not second.rejected
        assert second.error == KB_SAID
        assert len(comments_with(rt, visit, text)) == 1
        assert outbox.rows(laptop.db) == [] or all(
            r.state not in outbox.OPEN_STATES for r in outbox.rows(laptop.db)
        )

    after = laptop.sync(files=files)  # the administrator named it back
    assert after.ok and after.error is None
    assert after.articles_pulled > 0


def test_fielddesk_sync_says_it_is_incomplete_and_why(
    rt: RunningRT,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    profile = tmp_path / "profile"
    log_in(capsys, monkeypatch, profile, rt, "alice")
    with renamed(rt, "class", KB_CLASS, "Field Knowledge"):
        code, _, err = run(capsys, profile, "sync")
        assert code == 1 and f"sync incomplete: {KB_SAID}" in err, err
        visits = json.loads(run(capsys, profile, "visits", "--json")[1])
        assert visits  # the visits came down all the same
        # ...and the laptop was in touch: the offline limit does not count towards a lock.
        db = open_replica(Profile(profile))
        try:
            synced = last_sync_time(db)
        finally:
            db.close()
        assert synced is not None and datetime.now(UTC) - synced < timedelta(minutes=5)
        note = ("note", str(visits[0]["id"]), "Checked the toner.")
        assert run(capsys, profile, *note)[0] == 0
        code, _, err = run(capsys, profile, "sync")
        assert code == 1 and "Sent 1 change; the rest are kept" in err, err
    code, _, err = run(capsys, profile, "sync")
    assert code == 0, err


def test_a_draft_article_for_a_kb_class_not_found_waits_refused_not_crashing(
    rt: RunningRT, tmp_path: Path
) -> None:
    laptop = Technician(rt, "alice", tmp_path)
    draft_article(
        laptop.db, name="Resetting the badge reader", summary="s", content="Hold reset 10 s."
    )
    seq = last_seq(laptop)
    with renamed(rt, "class", KB_CLASS, "Field Knowledge"):
        report = laptop.sync()
    assert report.error == KB_SAID and report.tickets_pulled > 0
    row = refused(laptop, seq)
    assert row.error_cause == Cause.NO_RIGHT
    assert "the class 'Field KB' is missing or disabled on the helpdesk" in (row.last_error or "")
    assert RIGHT_WORDS not in (row.last_error or "")


# -- B: equipment rights taken: the right is named, not "Forbidden" -----------------


def test_equipment_changes_without_show_asset_name_the_right(
    rt: RunningRT, alice: Technician
) -> None:
    visit, asset, other = visit_with_equipment(alice)
    assets.edit_asset(alice.db, asset.id, {"model": "LaserJet M507"}, ticket_id=visit)
    edit = last_seq(alice)
    assets.link_asset(alice.db, visit, other.id)
    link = last_seq(alice)
    with catalog_rights_taken(rt, "ShowAsset", "ModifyAsset"):
        report = alice.sync()

    for seq in (edit, link):
        row = refused(alice, seq)
        said = row.last_error or ""
        assert row.error_cause == Cause.NO_RIGHT, said
        assert "ShowAsset" in said and "RT administrator" in said, said
        assert said != "Forbidden"
    assert len(report.rejected) == 2

    for seq in (edit, link):  # granted back: the same changes go
        outbox.retry(alice.db, seq)
    assert alice.sync().pushed == 2


# -- C: a create into a queue, catalog or class that is gone -------------------------


def queue_new_ticket(laptop: Technician) -> int:
    visit = an_open_visit(laptop)
    create_ticket(
        laptop.db,
        subject="Second printer jams too",
        content="The upstairs printer jams as well.",
        owner="alice",
        fields={"site": visit.site} if visit.site else None,
    )
    return last_seq(laptop)


def queue_new_asset(laptop: Technician) -> int:
    visit, _, _ = visit_with_equipment(laptop)
    site = an_open_visit(laptop).site or "Acme Dental Clinic"
    assets.add_asset(
        laptop.db, {"name": "ACME-PRN-02", "serial": "SETUPCHG01", "site": site}, ticket_id=visit
    )
    return last_seq(laptop)


def queue_new_article(laptop: Technician) -> int:
    draft_article(laptop.db, name="Clearing a jam in tray 2", summary="s", content="Open tray 2.")
    return last_seq(laptop)


CREATES = {
    "queue": ("Field Service", queue_new_ticket, "CreateTicket"),
    "catalog": ("Field Equipment", queue_new_asset, "CreateAsset"),
    "class": (KB_CLASS, queue_new_article, "CreateArticle"),
}


@pytest.mark.parametrize("kind", ["queue", "catalog", "class"])
def test_a_create_into_a_disabled_home_says_so_not_a_right(
    rt: RunningRT, alice: Technician, kind: str
) -> None:
    name, queue_change, right = CREATES[kind]
    seq = queue_change(alice)
    with disabled(rt, kind, name):
        alice.sync()
        row = refused(alice, seq)
        said = row.last_error or ""
        assert f"the {kind} '{name}' is missing or disabled on the helpdesk" in said, said
        assert "RT administrator" in said
        assert right not in said and RIGHT_WORDS not in said, said
        assert row.error_cause == Cause.NO_RIGHT  # the administrator fixes it; editing does not

        outbox.retry(alice.db, seq)  # retried while it is still disabled: the same words
        alice.sync()
        assert f"the {kind} '{name}'" in (refused(alice, seq).last_error or "")

    outbox.retry(alice.db, seq)  # enabled again: the change goes
    alice.sync()
    sent = outbox.get_row(alice.db, seq)
    assert sent is None or sent.state not in ("rejected", *outbox.OPEN_STATES), sent


def test_a_create_into_a_renamed_queue_says_so(rt: RunningRT, alice: Technician) -> None:
    seq = queue_new_ticket(alice)
    with renamed(rt, "queue", "Field Service", "Field Services"):
        alice.sync()
    said = refused(alice, seq).last_error or ""
    assert "the queue 'Field Service' is missing or disabled on the helpdesk" in said, said
    assert RIGHT_WORDS not in said


def test_a_create_without_the_right_still_names_the_right(rt: RunningRT, alice: Technician) -> None:
    seq = queue_new_ticket(alice)
    rt_admin.revoke_technicians(rt, "CreateTicket")
    try:
        alice.sync()
    finally:
        rt_admin.grant_technicians(rt, "CreateTicket")
    row = refused(alice, seq)
    assert row.error_cause == Cause.NO_RIGHT
    assert "CreateTicket" in (row.last_error or "")
    assert "missing or disabled" not in (row.last_error or "")
