"""RT's packages are installed or upgraded to the newest release, or we say how."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

import devrt.instance
from devrt import packages

SETUP_SH = Path(__file__).resolve().parents[2] / "scripts" / "setup.sh"

POLICY = """\
request-tracker5:
  Installed: 5.0.3+dfsg-3~deb12u6
  Candidate: 5.0.3+dfsg-3~deb12u7
  Version table:
     5.0.3+dfsg-3~deb12u7 500
        500 http://deb.example/debian-security bookworm-security/main amd64 Packages
 *** 5.0.3+dfsg-3~deb12u6 500
        100 /var/lib/dpkg/status
rt5-db-sqlite:
  Installed: 5.0.3+dfsg-3~deb12u7
  Candidate: 5.0.3+dfsg-3~deb12u7
rt5-standalone:
  Installed: (none)
  Candidate: 5.0.3+dfsg-3~deb12u7
"""


class AptRecorder:
    """Stands in for subprocess.run: answers apt-cache policy, records apt-get."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, args: list[str], **_: Any) -> subprocess.CompletedProcess[str]:
        self.calls.append(list(args))
        out = POLICY if args[:2] == ["apt-cache", "policy"] else ""
        return subprocess.CompletedProcess(args, 0, out, "")


@pytest.fixture
def apt(monkeypatch: pytest.MonkeyPatch) -> AptRecorder:
    recorder = AptRecorder()
    monkeypatch.setattr(packages.subprocess, "run", recorder)
    monkeypatch.setattr(packages.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(packages, "_current", set())
    return recorder


def test_setup_script_installs_or_upgrades_the_same_packages() -> None:
    match = re.search(r"UPGRADED_PACKAGES=\(([^)]*)\)", SETUP_SH.read_text())
    assert match is not None
    assert set(match.group(1).split()) == set(packages.SETUP_PACKAGES)
    assert {"rt5-db-postgresql", "postgresql", "nginx"} <= set(packages.SETUP_PACKAGES)


def test_apt_policy_gives_installed_and_candidate(apt: AptRecorder) -> None:
    missing, older = packages.outdated(packages.RT_PACKAGES)
    assert missing == ["rt5-standalone"]
    assert older == ["request-tracker5"]


def test_as_root_an_older_rt_is_upgraded_to_the_candidate(
    apt: AptRecorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    packages.ensure_packages(packages.RT_PACKAGES, log=lambda _: None)
    apt_get = [call for call in apt.calls if call[0] == "apt-get"]
    assert apt_get == [
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages.RT_PACKAGES],
    ]
    apt.calls.clear()
    packages.ensure_packages(packages.RT_PACKAGES, log=lambda _: None)
    assert apt.calls == []  # checked once per process: up() stays quick


def test_without_root_an_older_rt_is_a_warning_with_the_command(
    apt: AptRecorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    said: list[str] = []
    packages.ensure_packages(["request-tracker5", "rt5-db-sqlite"], log=said.append)
    assert not [call for call in apt.calls if call[0] == "apt-get"]
    assert "A newer release of request-tracker5 is available" in said[0]
    assert "apt-get install -y --no-install-recommends request-tracker5 rt5-db-sqlite" in said[1]


def test_without_root_a_missing_package_says_what_to_run(
    apt: AptRecorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    with pytest.raises(packages.RTNotInstalled, match="As root, run:\n  apt-get update && "):
        packages.ensure_packages(packages.RT_PACKAGES, what="Request Tracker 5")


def test_postgresql_instances_need_the_postgresql_packages() -> None:
    assert set(packages.POSTGRES_PACKAGES) <= set(packages.rt_packages("postgresql"))
    assert not set(packages.POSTGRES_PACKAGES) & set(packages.rt_packages("sqlite"))


def test_a_new_rt_release_or_another_database_means_provisioning_afresh(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = devrt.instance.kit_fingerprint()
    assert devrt.instance.kit_fingerprint("postgresql") != before
    monkeypatch.setattr(devrt.instance, "rt_version", lambda: "5.0.3+dfsg-3~deb12u99")
    assert devrt.instance.kit_fingerprint() != before
