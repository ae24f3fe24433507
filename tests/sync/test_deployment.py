"""Deployed settings: the helpdesk address IT puts on every laptop."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from sync.deployment import Deployment, DeploymentError, load_deployment, site_config_dirs


@pytest.fixture
def site_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """Two system-wide config folders, as $XDG_CONFIG_DIRS lists them on Linux."""
    first, second = tmp_path / "etc-xdg", tmp_path / "usr-etc-xdg"
    monkeypatch.setenv("XDG_CONFIG_DIRS", f"{first}:{second}")
    monkeypatch.delenv("FIELDDESK_DEPLOYMENT", raising=False)
    return first, second


def deploy(folder: Path, text: str) -> Path:
    path = folder / "FieldDesk" / "fielddesk.ini"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG folders are Linux's")
@pytest.mark.parametrize(
    "listed", [None, "", "/etc/xdg", "/one:/two/", "relative:/absolute", "relative", "::/x::"]
)
def test_the_system_folders_are_those_platformdirs_names(
    listed: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import platformdirs  # noqa: PLC0415 - the library the Linux rule must agree with

    if listed is None:
        monkeypatch.delenv("XDG_CONFIG_DIRS", raising=False)
    else:
        monkeypatch.setenv("XDG_CONFIG_DIRS", listed)
    theirs = platformdirs.site_config_dir("FieldDesk", appauthor=False, multipath=True)
    assert site_config_dirs() == theirs.split(":")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG folders are Linux's")
def test_nothing_deployed_gives_no_default(site_dirs: tuple[Path, Path]) -> None:
    assert load_deployment() == Deployment()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG folders are Linux's")
def test_system_wide_file_gives_the_helpdesk_url(site_dirs: tuple[Path, Path]) -> None:
    path = deploy(site_dirs[1], "[helpdesk]\nurl = https://rt.example.com/\n")
    assert load_deployment() == Deployment("https://rt.example.com", path)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG folders are Linux's")
def test_first_folder_wins(site_dirs: tuple[Path, Path]) -> None:
    winner = deploy(site_dirs[0], "[helpdesk]\nurl = https://first.example\n")
    deploy(site_dirs[1], "[helpdesk]\nurl = https://second.example\n")
    assert load_deployment() == Deployment("https://first.example", winner)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG folders are Linux's")
def test_file_next_to_the_bundle_wins_over_the_system_one(
    site_dirs: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deploy(site_dirs[0], "[helpdesk]\nurl = https://system.example\n")
    app_dir = tmp_path / "dist" / "fielddesk"
    app_dir.mkdir(parents=True)
    beside = app_dir / "fielddesk.ini"
    beside.write_text("[helpdesk]\nurl = https://bundled.example\n", encoding="utf-8")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(app_dir / "FieldDesk"))
    assert load_deployment() == Deployment("https://bundled.example", beside)


def test_environment_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "custom.ini"
    path.write_text("[helpdesk]\nurl = https://rt.lan:8443\n", encoding="utf-8")
    monkeypatch.setenv("FIELDDESK_DEPLOYMENT", str(path))
    assert load_deployment() == Deployment("https://rt.lan:8443", path)


@pytest.mark.parametrize(
    ("url", "accepted"),
    [
        ("http://rt.lan:8080", False),  # the token would cross the network in the clear
        ("http://10.0.0.5", False),
        ("http://127.0.0.1:8080", True),  # a helpdesk on this laptop (the demo)
        ("http://[::1]:8080", True),
        ("http://localhost:8080", True),
    ],
)
def test_plain_http_is_refused_except_on_this_laptop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str, accepted: bool
) -> None:
    path = tmp_path / "fielddesk.ini"
    path.write_text(f"[helpdesk]\nurl = {url}\n", encoding="utf-8")
    monkeypatch.setenv("FIELDDESK_DEPLOYMENT", str(path))
    if accepted:
        assert load_deployment().helpdesk_url == url
    else:
        with pytest.raises(DeploymentError, match="unencrypted"):
            load_deployment()


def test_file_named_by_environment_must_exist(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIELDDESK_DEPLOYMENT", str(tmp_path / "missing.ini"))
    with pytest.raises(DeploymentError, match="does not exist"):
        load_deployment()


def test_file_without_an_address_gives_no_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "fielddesk.ini"
    path.write_text("[helpdesk]\n# url = to be decided\n", encoding="utf-8")
    monkeypatch.setenv("FIELDDESK_DEPLOYMENT", str(path))
    assert load_deployment() == Deployment(None, path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[helpdesk]\nurl = rt.example.com\n", "not an http:// or https:// address"),
        ("[helpdesk]\nurl = ftp://rt.example.com\n", "not an http:// or https:// address"),
        ("url = https://rt.example.com\n", "cannot be read"),  # no [helpdesk] section header
        ("[helpdesk]\nurl = a\nurl = b\n", "cannot be read"),  # said twice
    ],
)
def test_damaged_file_says_what_is_wrong(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    path = tmp_path / "fielddesk.ini"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("FIELDDESK_DEPLOYMENT", str(path))
    with pytest.raises(DeploymentError, match=message) as error:
        load_deployment()
    assert str(path) in str(error.value)


def test_ca_file_is_read_next_to_the_settings_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "company-ca.pem").write_text("-----BEGIN CERTIFICATE-----\n")
    path = tmp_path / "fielddesk.ini"
    path.write_text("[helpdesk]\nurl = https://rt.example.com\nca_file = company-ca.pem\n")
    monkeypatch.setenv("FIELDDESK_DEPLOYMENT", str(path))
    assert load_deployment().ca_file == tmp_path / "company-ca.pem"


def test_a_missing_ca_file_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "fielddesk.ini"
    path.write_text("[helpdesk]\nca_file = /nowhere/company-ca.pem\n")
    monkeypatch.setenv("FIELDDESK_DEPLOYMENT", str(path))
    with pytest.raises(DeploymentError, match=r"CA file /nowhere/company-ca.pem, which does not"):
        load_deployment()


@pytest.mark.parametrize(
    ("mode", "trusted"),
    [(0o644, True), (0o600, True), (0o646, False), (0o666, False)],
)
def test_a_file_other_users_can_change_is_not_believed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: int, trusted: bool
) -> None:
    path = tmp_path / "fielddesk.ini"
    path.write_text("[helpdesk]\nurl = https://rt.example.com\n", encoding="utf-8")
    path.chmod(mode)
    monkeypatch.setenv("FIELDDESK_DEPLOYMENT", str(path))
    if trusted:
        assert load_deployment().helpdesk_url == "https://rt.example.com"
    else:
        with pytest.raises(DeploymentError, match="every user of this computer can change"):
            load_deployment()


def test_a_folder_every_user_can_write_makes_the_file_untrusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)  # e.g. a program-data folder left writable for all (no sticky bit)
    path = shared / "fielddesk.ini"
    path.write_text("[helpdesk]\nurl = https://rt.example.com\n", encoding="utf-8")
    monkeypatch.setenv("FIELDDESK_DEPLOYMENT", str(path))
    with pytest.raises(DeploymentError, match="writable by administrators only"):
        load_deployment()
    shared.chmod(0o1777)  # sticky, like /tmp: others cannot replace this user's file
    assert load_deployment().helpdesk_url == "https://rt.example.com"
