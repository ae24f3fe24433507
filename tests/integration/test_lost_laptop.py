"""A lost laptop, against the real RT: IT wipes it from RT, old resolved visits leave it."""

from __future__ import annotations

import io
import json
import subprocess
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from devrt.instance import RunningRT
from devrt.packages import RT_SETUP_DATABASE
from sync import secrets
from sync.data_policy import DataPolicy
from sync.last_sync import last_sync_time
from sync.offline_limit import replica_standing
from sync.open_copies import LOCK_NAME, copies_home, process_copies
from sync.profile import Profile
from sync.profile_key import load_key
from sync.resources import resource_path
from sync.store import open_database
from tests.cli.runner import run
from tests.integration.helpers import comments_with, connector
from tests.integration.rt_admin import rt_env, run_perl, set_user_disabled, set_wipe_flag

pytestmark = pytest.mark.rt

CUSTOMER_NOTE = "Spare PSU left with Hannah Briggs; she will call +44 23 9200 3390"


def login(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    profile: Path,
    url: str,
    token: str,
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(token + "\n"))
    return run(capsys, profile, "login", "--url", url, "--user", "bob", "--token-stdin")


@pytest.fixture
def bob(
    rt: RunningRT,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Iterator[Path]:
    """Bob's laptop, signed in and synced, with its key in the keyring."""
    profile = tmp_path / "bob"
    code, _, err = login(capsys, monkeypatch, profile, rt.url, rt.token("bob"))
    assert code == 0, err
    assert load_key(profile) is not None  # made with the encrypted replica at sign-in
    assert run(capsys, profile, "sync")[0] == 0
    yield profile
    set_wipe_flag(rt, "bob", wipe=False)


def open_visit(capsys: pytest.CaptureFixture[str], profile: Path) -> int:
    visits = json.loads(run(capsys, profile, "visits", "--json")[1])
    return int(next(v["id"] for v in visits if v["status"] in ("open", "new")))


def test_it_wipes_a_laptop_from_rt_after_sending_what_it_still_held(
    rt: RunningRT, bob: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ticket = open_visit(capsys, bob)
    assert run(capsys, bob, "note", str(ticket), CUSTOMER_NOTE)[0] == 0  # not sent yet
    set_wipe_flag(rt, "bob", wipe=True)  # the laptop is reported lost

    code, _, err = run(capsys, bob, "sync")

    assert code == 1
    assert "IT wiped FieldDesk's data on this laptop" in err
    assert "IT asked for it from the helpdesk" in err
    assert len(comments_with(rt, ticket, CUSTOMER_NOTE)) == 1  # sent once, before the wipe
    assert load_key(bob) is None
    assert secrets.load_secret(rt.url, "bob") is None
    left = [p for p in bob.rglob("*") if p.is_file()]
    assert [p.name for p in left if p.name != "sync.lock"] == ["wiped.json"]
    assert b"Hannah" not in b"".join(p.read_bytes() for p in left)

    code, _, err = run(capsys, bob, "visits")  # the profile says why it is empty
    assert code == 1 and "IT wiped FieldDesk's data on this laptop" in err
    code, _, err = login(capsys, monkeypatch, bob, rt.url, rt.token("bob"))
    assert code == 1 and "clear 'FieldDesk Wipe'" in err  # no sign-in while the flag stands

    set_wipe_flag(rt, "bob", wipe=False)  # IT hands the laptop (or a new one) back
    assert login(capsys, monkeypatch, bob, rt.url, rt.token("bob"))[0] == 0
    assert run(capsys, bob, "sync")[0] == 0
    assert len(comments_with(rt, ticket, CUSTOMER_NOTE)) == 1  # nothing sent twice
    assert open_visit(capsys, bob) > 0


def deploy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    ini = tmp_path / "fielddesk.ini"
    ini.write_text(text, encoding="utf-8")
    monkeypatch.setenv("FIELDDESK_DEPLOYMENT", str(ini))


def test_resolved_visits_leave_after_the_days_it_set_and_do_not_come_back(
    rt: RunningRT,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    profile = tmp_path / "alice"
    monkeypatch.setattr("sys.stdin", io.StringIO(rt.token("alice") + "\n"))
    assert (
        run(capsys, profile, "login", "--url", rt.url, "--user", "alice", "--token-stdin")[0] == 0
    )
    deploy(tmp_path, monkeypatch, "[retention]\nresolved_visit_days = 14\n")
    assert run(capsys, profile, "sync")[0] == 0
    visits = json.loads(run(capsys, profile, "visits", "--json")[1])
    resolved = [v["id"] for v in visits if v["status"] == "resolved"]
    assert resolved, "the sample data gives alice a visit resolved yesterday"
    articles = json.loads(run(capsys, profile, "kb", "search", "printer", "--json")[1])
    # A note on one of them is sent before it may leave.
    assert run(capsys, profile, "note", str(resolved[0]), "Receipt filed")[0] == 0

    deploy(tmp_path, monkeypatch, "[retention]\nresolved_visit_days = 0\n")
    code, _, err = run(capsys, profile, "sync")

    assert code == 0, err
    assert len(comments_with(rt, resolved[0], "Receipt filed")) == 1
    left = {v["id"] for v in json.loads(run(capsys, profile, "visits", "--json")[1])}
    assert not left & set(resolved)
    assert not any((profile / "attachments" / str(t)).exists() for t in resolved)
    assert run(capsys, profile, "sync")[0] == 0  # the next pull does not bring them back
    left = {v["id"] for v in json.loads(run(capsys, profile, "visits", "--json")[1])}
    assert not left & set(resolved) and left
    assert json.loads(run(capsys, profile, "kb", "search", "printer", "--json")[1]) == articles


def test_the_admin_kit_loads_on_an_rt_with_an_older_kit_and_adds_the_wipe_field(
    rt: RunningRT,
) -> None:
    run_perl(rt, DROP_WIPE_FIELD)  # an RT set up with the kit of before the remote wipe
    assert not connector(rt, "bob").wipe_requested()

    loaded = subprocess.run(
        [str(RT_SETUP_DATABASE), "--action", "insert", "--skip-create", "--datafile",
         str(resource_path("rt", "fielddesk-admin-kit.pl"))],
        env=rt_env(rt), capture_output=True, text=True, check=False,
    )  # fmt: skip

    errors = [line for line in loaded.stderr.splitlines() if "[error]" in line.lower()]
    assert loaded.returncode == 0 and errors == [], loaded.stderr
    set_wipe_flag(rt, "bob", wipe=True)
    try:
        assert connector(rt, "bob").wipe_requested()  # the technician reads it on their record
    finally:
        set_wipe_flag(rt, "bob", wipe=False)


DROP_WIPE_FIELD = """
my $cf = RT::CustomField->new(RT->SystemUser);
$cf->LoadByName(Name => 'FieldDesk Wipe', LookupType => 'RT::User') or die "no wipe field";
my $id = $cf->Id;
my $dbh = $RT::Handle->dbh;
$dbh->do("DELETE FROM $_ WHERE CustomField = $id")
    for qw(ObjectCustomFields CustomFieldValues ObjectCustomFieldValues);
$dbh->do("DELETE FROM ACL WHERE ObjectType = 'RT::CustomField' AND ObjectId = $id");
$dbh->do("DELETE FROM CustomFields WHERE id = $id");
"""


def test_a_disabled_technician_cannot_sync_so_the_offline_limit_runs_on(
    rt: RunningRT, bob: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = open_database(Profile(bob).database_path)
    try:
        synced = last_sync_time(db)
    finally:
        db.close()
    set_user_disabled(rt, "bob", disabled=True)  # what IT does first when a laptop is stolen
    try:
        code, _, err = run(capsys, bob, "sync")
    finally:
        set_user_disabled(rt, "bob", disabled=False)

    assert code == 1 and "disabled" in err
    db = open_database(Profile(bob).database_path)
    try:
        assert synced is not None and last_sync_time(db) == synced  # a 401 is no sync
        policy = DataPolicy(lock_after_days=7, wipe_after_days=30)
        assert replica_standing(db, policy, synced + timedelta(days=7, seconds=1)).locked
    finally:
        db.close()


def test_a_remote_wipe_takes_the_accounts_other_profiles_and_opened_files_too(
    rt: RunningRT,
    bob: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    second = tmp_path / "bob-at-home"  # the same account, another profile on this laptop
    assert login(capsys, monkeypatch, second, rt.url, rt.token("bob"))[0] == 0
    assert run(capsys, second, "sync")[0] == 0
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "run"))
    (tmp_path / "run").mkdir(mode=0o700)
    opened = process_copies().folder() / "delivery-note.pdf"  # opened in a viewer now
    opened.write_bytes(b"%PDF-1.4 Hannah Briggs")
    crashed = copies_home() / "4242-crashed"  # left by a FieldDesk that was killed
    crashed.mkdir()
    (crashed / LOCK_NAME).touch()
    (crashed / "scan.pdf").write_bytes(b"%PDF-1.4 Hannah Briggs")
    set_wipe_flag(rt, "bob", wipe=True)

    code, _, err = run(capsys, bob, "sync")

    assert code == 1 and "IT wiped FieldDesk's data on this laptop" in err
    assert not opened.exists() and not crashed.exists()
    assert load_key(second) is None, "the other profile's replica key is gone too"
    code, _, err = run(capsys, second, "visits")
    assert code == 1 and "IT wiped FieldDesk's data on this laptop" in err
