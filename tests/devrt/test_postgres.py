"""A private RT on PostgreSQL: its own cluster, reset to pristine data, and gone when stopped."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from devrt.instance import RTInstance, RunningRT
from devrt.pg_database import PostgresDatabase
from devrt.postgres import Cluster
from tests.devrt.test_instance import group_alive, listening_addresses

pytestmark = [pytest.mark.rt, pytest.mark.slow]


@pytest.fixture(scope="module")
def pg_instance(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RTInstance]:
    instance = RTInstance(tmp_path_factory.mktemp("rt-pg"), database="postgresql")
    yield instance
    instance.destroy()


def cluster_of(instance: RTInstance) -> Cluster:
    assert isinstance(instance.database, PostgresDatabase)
    cluster = instance.database._found()
    assert cluster is not None
    return cluster


def create_ticket(rt: RunningRT, subject: str) -> int:
    reply = requests.post(
        f"{rt.url}/REST/2.0/ticket",
        json={"Queue": "Field Service", "Subject": subject},
        headers={"Authorization": f"token {rt.token('supervisor')}"},
        timeout=30,
    )
    assert reply.status_code == 201, reply.text
    return int(reply.json()["id"])


def ticket_status(rt: RunningRT, ticket_id: int) -> int:
    reply = requests.get(
        f"{rt.url}/REST/2.0/ticket/{ticket_id}",
        headers={"Authorization": f"token {rt.token('supervisor')}"},
        timeout=30,
    )
    return reply.status_code


def test_comes_up_on_its_own_cluster_on_loopback_only(pg_instance: RTInstance) -> None:
    running = pg_instance.up()
    cluster = cluster_of(pg_instance)
    port = cluster.port()
    assert port is not None and port != 5432  # never the system's cluster
    assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1
    assert listening_addresses(running.port) == {"0100007F"}
    assert "Set($DatabaseType, 'Pg');" in (pg_instance.root / "RT_SiteConfig.pm").read_text()
    assert not str(cluster.data).startswith("/var/lib/postgresql")
    owners = {Path(f"/proc/{pid}").stat().st_uid for pid in cluster.processes()}
    if os.geteuid() == 0:  # PostgreSQL refuses root: it runs as the postgres user
        assert cluster.owner is not None and cluster.owner.pw_name == "postgres"
        assert owners == {cluster.owner.pw_uid}
    else:
        assert owners == {os.geteuid()}
    assert ticket_status(running, 1) == 200  # RT reads its data from PostgreSQL


def test_reset_brings_back_the_pristine_data(pg_instance: RTInstance) -> None:
    running = pg_instance.up()
    ticket_id = create_ticket(running, "Made after provisioning")
    assert ticket_status(running, ticket_id) == 200
    after = pg_instance.reset()
    assert ticket_status(after, ticket_id) == 404
    assert after.tokens == running.tokens  # the sample users' tokens still work
    assert ticket_status(after, 1) == 200


def test_up_restarts_a_dead_postgres(pg_instance: RTInstance) -> None:
    pg_instance.up()
    cluster = cluster_of(pg_instance)
    postmaster = cluster._postmaster()
    assert postmaster is not None
    os.kill(postmaster, signal.SIGKILL)
    running = pg_instance.up()
    assert cluster._postmaster() not in (None, postmaster)
    assert ticket_status(running, 1) == 200


def test_down_leaves_no_process_behind(pg_instance: RTInstance) -> None:
    running = pg_instance.up()
    cluster = cluster_of(pg_instance)
    assert cluster.processes()
    assert pg_instance.down() is True
    assert not group_alive(running.pid)
    assert cluster.processes() == []
    assert not any(str(cluster.data).encode() in cmdline for cmdline in _command_lines())
    assert pg_instance.status() is None
    assert pg_instance.down() is False


def test_destroy_deletes_the_cluster(pg_instance: RTInstance) -> None:
    pg_instance.up()
    home = cluster_of(pg_instance).home
    pg_instance.destroy()
    assert not home.exists()
    assert not pg_instance.root.exists()


def _command_lines() -> list[bytes]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                found.append((entry / "cmdline").read_bytes())
            except OSError:
                continue
    return found
