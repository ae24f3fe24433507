"""Shared by the asset tests against the real RT: alice's laptop after her first
sync, the supervisor's connection, and the Acme Dental Clinic's equipment.

Import the fixtures into a test module to use them (each module gets its own)."""

from __future__ import annotations

import pytest

from devrt.instance import RunningRT
from sync import assets
from sync.connectors.rt import RTConnector
from sync.store import tickets as ticket_store
from tests.integration.helpers import Technician, connector

SITE = "Acme Dental Clinic"


@pytest.fixture(scope="module")
def alice(rt: RunningRT, tmp_path_factory: pytest.TempPathFactory) -> Technician:
    laptop = Technician(rt, "alice", tmp_path_factory.mktemp("alice"))
    report = laptop.sync()
    assert report.ok, report
    assert report.assets_pulled > 0
    return laptop


@pytest.fixture(scope="module")
def boss(rt: RunningRT) -> RTConnector:
    return connector(rt, "supervisor")


def by_name(laptop: Technician, name: str) -> assets.Asset:
    [found] = [f.asset for f in assets.find_assets(laptop.db, name) if f.asset.name == name]
    return found


def printer_visit(laptop: Technician) -> ticket_store.Visit:
    return next(
        v for v in ticket_store.list_visits(laptop.db) if v.site == SITE and "printer" in v.subject
    )
