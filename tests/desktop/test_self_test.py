"""``fielddesk --self-test`` from source: a readable report and an honest exit status."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from desktop import self_test
from sync.resources import resources_root
from tests.secret_service import secret_service

CHECK_NAMES = [*(name for name, _check in self_test.CHECKS), "Encryption"]


@pytest.fixture(scope="module")
def keyring_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A desktop session's environment: an unlocked Secret Service on D-Bus."""
    with secret_service(tmp_path_factory.mktemp("session")) as env:
        yield env


def run_self_test(profile: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    """The self-test in a process of its own, on profile (else on an empty one)."""
    profile = profile or Path(os.environ.get("TMPDIR", "/tmp")) / "fielddesk-no-profile"
    base = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DBUS_SESSION_BUS_ADDRESS", "FIELDDESK_DEPLOYMENT", "QT_QPA_PLATFORM")
    }
    return subprocess.run(
        [sys.executable, "-m", "cli", "--profile", str(profile), "--self-test"],
        capture_output=True,
        text=True,
        env={**base, **env},
        timeout=120,
        check=False,
    )


def report_lines(output: str) -> dict[str, str]:
    """Check name -> its report line."""
    return {
        name: line for line in output.splitlines() for name in CHECK_NAMES if f" {name} " in line
    }


def test_every_check_passes_on_a_set_up_machine(keyring_env: dict[str, str]) -> None:
    result = run_self_test(**keyring_env)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = report_lines(result.stdout)
    assert set(lines) == set(CHECK_NAMES)
    assert all(line.lstrip().startswith("ok") for line in lines.values()), result.stdout
    assert result.stdout.startswith("FieldDesk ") and "(source)" in result.stdout
    assert "SecretService" in lines["Keyring"]
    assert "FTS5" in lines["SQLite"] and "SQLCipher 4" in lines["SQLite"]
    assert "created, encrypted and migrated" in lines["Replica store"]
    assert str(resources_root()) in lines["Resources"]
    assert "xcb present and loadable" in lines["Window plugin"]
    assert result.stdout.rstrip().endswith("Self-test passed: all 11 checks ok.")


def test_without_a_keyring_it_fails_and_says_what_is_missing() -> None:
    result = run_self_test()  # no D-Bus session: no Secret Service
    assert result.returncode == 1
    lines = report_lines(result.stdout)
    assert lines["Keyring"].lstrip().startswith("FAIL")
    assert "SecretService" in lines["Keyring"]
    assert "gnome-keyring" in lines["Keyring"]
    # The other checks still ran and passed; the summary names the failure.
    assert [name for name, line in lines.items() if "FAIL" in line] == ["Keyring"]
    assert "Self-test FAILED: 1 of 11 checks (Keyring)." in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_report_shows_the_deployed_helpdesk(keyring_env: dict[str, str], tmp_path: Path) -> None:
    settings = tmp_path / "fielddesk.ini"
    settings.write_text("[helpdesk]\nurl = https://rt.example.com\n", encoding="utf-8")
    result = run_self_test(**keyring_env, FIELDDESK_DEPLOYMENT=str(settings))
    assert result.returncode == 0, result.stdout
    assert f"helpdesk https://rt.example.com from {settings}" in result.stdout


def test_damaged_deployment_fails_with_the_reason(
    keyring_env: dict[str, str], tmp_path: Path
) -> None:
    settings = tmp_path / "fielddesk.ini"
    settings.write_text("[helpdesk]\nurl = rt.example.com\n", encoding="utf-8")
    result = run_self_test(**keyring_env, FIELDDESK_DEPLOYMENT=str(settings))
    assert result.returncode == 1
    line = report_lines(result.stdout)["Deployed settings"]
    assert line.lstrip().startswith("FAIL")
    assert "not an http:// or https:// address" in line


def test_missing_resources_are_a_failure_not_a_crash(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As in a bundle built without resources/: the unpacked folder lacks them.
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    out = io.StringIO()
    assert self_test.run_self_test(out) == 1
    line = report_lines(out.getvalue())["Resources"]
    assert line.lstrip().startswith("FAIL")
    assert "FieldDesk resource missing" in line
    assert "fielddesk.svg" in line


def fielddesk(profile: Path, env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "cli", "--profile", str(profile), *args],
        env={**env, "PYTHONPATH": os.pathsep.join(sys.path)},
        capture_output=True,
        timeout=120,
        check=True,
    )


def test_it_says_the_replica_is_encrypted_and_whether_the_keyring_holds_its_key(
    keyring_env: dict[str, str], tmp_path: Path
) -> None:
    profile = tmp_path / "profile"
    # The replica as sign-in makes it: encrypted, its key in the keyring.
    make = (
        "import pathlib; from sync.profile import Profile; from sync.replica import open_replica;"
        f" open_replica(Profile(pathlib.Path({str(profile)!r})).ensure()).close()"
    )
    subprocess.run(
        [sys.executable, "-c", make],
        env={**keyring_env, "PYTHONPATH": os.pathsep.join(sys.path)},
        check=True,
        timeout=60,
    )
    fielddesk(profile, keyring_env, "visits")  # an existing profile with no visits: fine
    line = report_lines(run_self_test(profile, **keyring_env).stdout)["Encryption"]
    assert line.lstrip().startswith("ok")
    assert "is encrypted (SQLCipher 4" in line and "the keyring holds its key" in line

    forget = f"import pathlib, sync.profile_key as k; k.forget_key(pathlib.Path({str(profile)!r}))"
    subprocess.run(
        [sys.executable, "-c", forget],
        env={**keyring_env, "PYTHONPATH": os.pathsep.join(sys.path)},
        check=True,
        timeout=60,
    )
    result = run_self_test(profile, **keyring_env)
    line = report_lines(result.stdout)["Encryption"]
    assert result.returncode == 1 and line.lstrip().startswith("FAIL")
    assert "the key that unlocks this laptop's copy is gone from the keyring" in line
