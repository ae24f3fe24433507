"""HTTPS trust as a technician meets it, against a loopback HTTPS server.

The company's CA is trusted when the OS store or fielddesk.ini says so; any
other certificate is refused with what is wrong and who fixes it, never as
"offline", and nothing (no token) reaches the server.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from devrt.certs import CertificateAuthority, IssuedCertificate
from sync.connectors import tls
from sync.connectors.rt import RTConnector
from sync.connectors.rt_http import Credentials, RTHttp
from sync.deployment import DeploymentError
from sync.engine import SyncEngine
from sync.errors import CertificateError, OfflineError
from sync.store import open_database
from tests.capture_server import CaptureServer

TOKEN = "1-38-0123456789abcdef"


@pytest.fixture(scope="module")
def ca(tmp_path_factory: pytest.TempPathFactory) -> CertificateAuthority:
    return CertificateAuthority(tmp_path_factory.mktemp("ca"))


@pytest.fixture
def server(ca: CertificateAuthority, tmp_path: Path) -> Iterator[CaptureServer]:
    with CaptureServer(ca.issue(tmp_path / "server")) as running:
        yield running


def http(server: CaptureServer, ca_file: Path | None = None) -> RTHttp:
    url = f"https://127.0.0.1:{server.port}"
    return RTHttp(url, Credentials("alice", token=TOKEN), ca_file=ca_file)


def test_the_company_ca_named_in_fielddesk_ini_is_trusted(
    server: CaptureServer, ca: CertificateAuthority
) -> None:
    assert http(server, ca.certificate_path).get("rt").status == 200
    assert [r.headers["Authorization"] for r in server.requests] == [f"token {TOKEN}"]


@pytest.mark.skipif(sys.platform != "linux", reason="the OS store is OpenSSL's only on Linux")
def test_a_ca_installed_in_the_os_store_is_trusted(
    server: CaptureServer, ca: CertificateAuthority, monkeypatch: pytest.MonkeyPatch
) -> None:
    # OpenSSL's system store, as update-ca-certificates would leave it, pointed at by env.
    monkeypatch.setenv("SSL_CERT_FILE", str(ca.certificate_path))
    assert http(server).get("rt").status == 200


def issue(ca: CertificateAuthority, folder: Path, problem: str) -> IssuedCertificate:
    if problem == "wrong name":
        return ca.issue(folder, dns_names=("rt.example.com",), ip_addresses=())
    if problem == "expired":
        return ca.issue(folder, valid_from=datetime.now(UTC) - timedelta(days=60), valid_days=30)
    return CertificateAuthority(folder / "other-ca", "Unknown CA").issue(folder)


@pytest.mark.parametrize(
    ("problem", "reason", "fix"),
    [
        (
            "unknown CA",
            "issued by a certificate authority this laptop does not trust",
            "IT must install the company's certificate authority on this laptop, "
            "or name its file in fielddesk.ini (ca_file)",
        ),
        ("wrong name", "made out for another name than 127.0.0.1", "Use the address"),
        ("expired", "it has expired", "IT must renew it"),
    ],
)
def test_an_untrusted_certificate_says_what_is_wrong_and_who_fixes_it(
    ca: CertificateAuthority, tmp_path: Path, problem: str, reason: str, fix: str
) -> None:
    with CaptureServer(issue(ca, tmp_path, problem)) as server:
        with pytest.raises(CertificateError) as error:
            http(server, ca.certificate_path).get("rt")
        assert not server.requests  # the token never left the laptop
    message = str(error.value)
    assert message.startswith("the helpdesk's certificate is not trusted by this laptop: ")
    assert reason in message and fix in message
    assert not isinstance(error.value, OfflineError)


def test_a_sync_against_an_untrusted_helpdesk_is_not_offline(
    server: CaptureServer, tmp_path: Path
) -> None:
    db = open_database(tmp_path / "replica.db")
    try:
        report = SyncEngine(db, RTConnector(http(server))).run()
    finally:
        db.close()
    assert report.untrusted and not report.offline and not report.ok
    assert report.error is not None and "certificate is not trusted" in report.error


def test_a_ca_file_that_holds_no_certificate_is_named(tmp_path: Path) -> None:
    junk = tmp_path / "company-ca.pem"
    junk.write_text("not a certificate\n")
    with pytest.raises(DeploymentError, match=f"the CA file {junk} named in fielddesk.ini"):
        tls.ssl_context(junk)
