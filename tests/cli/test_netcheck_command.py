"""``fielddesk netcheck`` from a terminal: listeners on 127.0.0.1, a replica, no helpdesk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli import __main__ as cli
from sync.netcheck import history
from sync.profile import Profile
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from sync.store.outbox import rows
from sync.store.settings import set_setting
from tests.netcheck_servers import closed_port, silent_tcp
from tests.network_namespace import PYTHON, in_network_namespace
from tests.sync.test_store import remote_ticket


def run(capsys: pytest.CaptureFixture[str], profile: Path, *args: str) -> tuple[int, str, str]:
    code = cli.main(["--profile", str(profile), "netcheck", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def laptop(profile: Profile) -> Path:
    """A replica with visit #7 at ACME Dental, as alice (no helpdesk needed)."""
    db = open_database(profile.ensure().database_path)
    with transaction(db):
        ticket_store.apply_remote_ticket(db, remote_ticket(site="ACME Dental"))
        set_setting(db, "user", "alice")
    db.close()
    return profile.root


def test_a_failed_check_exits_3_and_json_holds_every_result(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with silent_tcp() as open_port, closed_port() as shut:
        code, out, _ = run(
            capsys, tmp_path, "--json", f"127.0.0.1:{open_port}", f"127.0.0.1:{shut}  # printer"
        )
    assert code == 3
    results = json.loads(out)["results"]
    assert [(r["kind"], r["status"]) for r in results[1:]] == [("tcp", "pass"), ("tcp", "fail")]
    assert results[2]["label"] == "printer"


def test_all_passed_exits_0_with_a_table(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with silent_tcp() as port:
        code, out, _ = run(capsys, tmp_path, "--no-speed", f"localhost:{port}")
    assert code == 0
    assert out.splitlines()[0] == "Network check: 2 passed"
    assert f"PASS    TCP      localhost:{port}" in out


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["printer:99999"], "'printer:99999': the port must be a number from 1 to 65535"),
        (["--attach", "printer:9100"], "--attach and --save-targets need --visit ID"),
        (["--timeout", "0", "printer:9100"], "--timeout must be more than 0 and at most 60 s"),
        (["--visit", "99", "printer:9100"], "there is no visit #99 on this laptop"),
    ],
)
def test_a_mistake_is_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], laptop: Path, args: list[str], says: str
) -> None:
    code, out, err = run(capsys, laptop, *args)
    assert code == 1
    assert out == ""
    assert err.strip() == f"fielddesk: {says}"


def test_a_visits_check_is_kept_attached_once_and_its_targets_saved(
    capsys: pytest.CaptureFixture[str], laptop: Path, profile: Profile
) -> None:
    with silent_tcp() as port:
        code, out, _ = run(
            capsys, laptop, "--visit", "7", "--attach", "--save-targets", f"127.0.0.1:{port}"
        )
        assert code == 0
        assert "Attached to #7; it will be sent at the next sync." in out
        # Next time at this site the saved target is checked without being typed.
        code, out, _ = run(capsys, laptop, "--visit", "7", "--json")
    assert code == 0
    assert [r["target"] for r in json.loads(out)["results"][1:]] == [f"127.0.0.1:{port}"]
    db = open_database(profile.database_path)
    try:
        (note,) = [row for row in rows(db) if row.kind == "note"]
        (shared,) = [row for row in rows(db) if row.kind == "site_targets"]
        assert shared.payload["lines"] == [f"127.0.0.1:{port}"]
        assert note.payload["content"].startswith("Network check at ACME Dental")
        assert len(history.runs_for_site(db, "ACME Dental")) == 2
    finally:
        db.close()


def test_ping_this_laptop_may_not_send_is_not_run_and_not_exit_3(tmp_path: Path) -> None:
    """A script's exit 3 means the network has a problem, not this laptop's rights."""
    command = f'"{PYTHON}" -m cli --profile "{tmp_path}" netcheck --no-speed ping:127.0.0.1'
    # A namespace of its own: an address and a gateway (nothing is ever sent to them), so
    # the laptop's network passes, and ping not allowed, whatever this machine allows.
    script = (
        "ip link set lo up && ip link add eth0 type veth peer name eth1 && "
        "ip addr add 192.0.2.20/24 dev eth0 && ip link set eth0 up && ip link set eth1 up && "
        "ip route add default via 192.0.2.1 && "
        "echo '1 0' > /proc/sys/net/ipv4/ping_group_range && "
        f"{command} --json > {tmp_path}/out.json; echo $? > {tmp_path}/code; exec {command}"
    )
    done = in_network_namespace(script, home=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "code").read_text().strip() == "0"
    (ping,) = json.loads((tmp_path / "out.json").read_text())["results"][1:]
    assert ping["status"] == "no rights"
    assert "1 not run" in done.stdout.splitlines()[0]
