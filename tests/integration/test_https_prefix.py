"""RT as IT departments run it: under /rt, behind nginx with HTTPS signed by the company's CA.

A second private RT (``$WebPath`` /rt, ``$WebBaseURL`` the public https
origin) behind a real nginx on 127.0.0.1 with a certificate from a private CA.
The laptop trusts that CA only through the deployed fielddesk.ini (``ca_file``).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cli import __main__ as cli
from desktop.account.sign_in import SignInDialog
from desktop.common.background import BackgroundTasks
from desktop.shell.main_window import MainWindow
from desktop.shell.sync_status import Connectivity
from devrt.certs import CertificateAuthority
from devrt.instance import SAMPLE_PASSWORD, RTInstance, RunningRT
from devrt.nginx import TLSFront, free_port
from sync import attachments, file_vault, outbox
from sync.account import AuthKind
from sync.connectors.rt import RTConnector
from sync.connectors.rt_http import Credentials, RTHttp
from sync.errors import CertificateError, OfflineError, RedirectedError
from sync.profile import Profile
from sync.session import DOWNLOAD_CAP_SETTING, Session, check_sign_in, sign_in
from sync.store import tickets as ticket_store
from sync.store.settings import set_setting
from tests.capture_server import CaptureServer

pytestmark = [pytest.mark.rt, pytest.mark.slow]

NOT_TRUSTED = (
    "the helpdesk's certificate is not trusted by this laptop: it was issued by a "
    "certificate authority this laptop does not trust. IT must install the company's "
    "certificate authority on this laptop, or name its file in fielddesk.ini (ca_file)"
)
# A real (tiny) PNG: 1x1 pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cf000000030101004d0a2db40000000049454e44ae426082"
)


@dataclass(frozen=True)
class CompanyHelpdesk:
    url: str  # https://127.0.0.1:PORT/rt
    origin: str  # https://127.0.0.1:PORT: /moved-http and /moved-host redirect elsewhere
    ca_file: Path
    rt: RunningRT
    plain_http: CaptureServer  # where /moved-http points: http://127.0.0.1
    other_host: CaptureServer  # where /moved-host points: https://localhost (a valid cert)


@pytest.fixture(scope="module")
def helpdesk(
    tmp_path_factory: pytest.TempPathFactory, rt_database: str
) -> Iterator[CompanyHelpdesk]:
    root = tmp_path_factory.mktemp("company-rt")
    ca = CertificateAuthority(root / "ca")
    certificate = ca.issue(root / "server", dns_names=("localhost",), ip_addresses=("127.0.0.1",))
    port = free_port()
    origin = f"https://127.0.0.1:{port}"
    instance = RTInstance(
        root / "rt", web_path="/rt", public_url=f"{origin}/rt", database=rt_database
    )
    with ExitStack() as stack:
        plain_http = stack.enter_context(CaptureServer())
        other_host = stack.enter_context(CaptureServer(certificate))
        running = instance.up()
        stack.callback(instance.down)
        front = TLSFront(
            root / "nginx",
            port=port,
            upstream_port=running.port,
            certificate=certificate,
            redirects={
                "/moved-http": f"http://127.0.0.1:{plain_http.port}",
                "/moved-host": f"https://localhost:{other_host.port}",
            },
            log=lambda _: None,
        )
        stack.callback(front.stop)
        front.start(ca.certificate_path)
        yield CompanyHelpdesk(
            running.url, origin, ca.certificate_path, running, plain_http, other_host
        )


def deploy(folder: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    ini = folder / "fielddesk.ini"
    ini.write_text(text)
    monkeypatch.setenv("FIELDDESK_DEPLOYMENT", str(ini))


@pytest.fixture
def company_laptop(
    helpdesk: CompanyHelpdesk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """IT deployed the helpdesk address and the company's CA."""
    deploy(
        tmp_path,
        monkeypatch,
        f"[helpdesk]\nurl = {helpdesk.url}\nca_file = {helpdesk.ca_file}\n",
    )


@pytest.fixture
def laptop_without_the_ca(
    helpdesk: CompanyHelpdesk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deploy(tmp_path, monkeypatch, f"[helpdesk]\nurl = {helpdesk.url}\n")


def supervisor(helpdesk: CompanyHelpdesk) -> RTConnector:
    token = Credentials("supervisor", token=helpdesk.rt.token("supervisor"))
    return RTConnector(RTHttp(helpdesk.url, token, ca_file=helpdesk.ca_file))


def run_cli(capsys: pytest.CaptureFixture[str], profile: Profile, *args: str) -> tuple[int, str]:
    code = cli.main(["--profile", str(profile.root), *args])
    return code, capsys.readouterr().err


def test_sign_in_with_a_password_and_with_a_token(
    helpdesk: CompanyHelpdesk, company_laptop: None, profile: Profile
) -> None:
    alice = sign_in(profile, helpdesk.url, "alice", SAMPLE_PASSWORD, "password")
    assert (alice.user, alice.real_name) == ("alice", "Alice Moreau")
    bob = check_sign_in(helpdesk.url, "bob", helpdesk.rt.token("bob"), "token")
    assert (bob.user, bob.real_name) == ("bob", "Bob Okafor")


def test_a_note_with_a_photo_written_offline_reaches_rt_once_and_downloads_again(
    helpdesk: CompanyHelpdesk, company_laptop: None, profile: Profile, tmp_path: Path
) -> None:
    sign_in(profile, helpdesk.url, "alice", SAMPLE_PASSWORD, "password")
    session = Session(profile)
    try:
        first = session.sync()
        assert first.ok and first.tickets_pulled > 0
        visit = next(v for v in ticket_store.list_visits(session.db) if v.status == "open")
        photo = tmp_path / "printer back.png"
        photo.write_bytes(PNG)
        item = attachments.import_file(profile.attachments_dir, photo)
        text = "Rear door photo, sent through the company's HTTPS proxy."
        outbox.add_note(session.db, visit.id, text, author="alice", attachments=[item])

        sent = session.sync()
        assert sent.ok and sent.pushed == 1
        again = session.sync()
        assert again.ok and again.pushed == 0
        assert not [r for r in outbox.rows(session.db) if r.state in outbox.OPEN_STATES]
    finally:
        session.close()

    history = supervisor(helpdesk).fetch_history(visit.id, 0)
    [note] = [t for t in history if (t.body or "").strip() == text]
    assert [(a.filename, a.content_type) for a in note.attachments] == [
        ("printer back.png", "image/png")
    ]

    # Another laptop (files come on demand only), opening the photo from the visit.
    second = Profile(tmp_path / "second").ensure()
    sign_in(second, helpdesk.url, "alice", helpdesk.rt.token("alice"), "token")
    other = Session(second)
    try:
        set_setting(other.db, DOWNLOAD_CAP_SETTING, "0")
        assert other.sync().ok
        [(attachment_id,)] = other.db.execute(
            "SELECT id FROM attachments WHERE filename = 'printer back.png' AND path IS NULL"
        ).fetchall()
        path = attachments.fetch_attachment(
            other.db, other.connector(), second.attachments_dir, attachment_id
        )
    finally:
        other.close()
    assert file_vault.read_plain(path) == PNG


@pytest.mark.usefixtures("laptop_without_the_ca")
def test_without_the_company_ca_sign_in_says_the_certificate_is_not_trusted(
    helpdesk: CompanyHelpdesk,
    profile: Profile,
    qtbot: QtBot,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(CertificateError) as error:
        check_sign_in(helpdesk.url, "alice", SAMPLE_PASSWORD, "password")
    assert str(error.value) == NOT_TRUSTED
    assert not isinstance(error.value, OfflineError)

    # The sign-in window says it in a sentence.
    tasks = BackgroundTasks()
    dialog = SignInDialog(profile, tasks, default_url=helpdesk.url)
    qtbot.addWidget(dialog)
    try:
        qtbot.keyClicks(dialog.user, "alice")
        qtbot.keyClicks(dialog.secret, SAMPLE_PASSWORD)
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(dialog.test_button.isEnabled, timeout=30_000)
        shown = dialog.status.text()
    finally:
        tasks.shutdown()
    assert shown.startswith("The helpdesk's certificate is not trusted by this laptop: ")
    assert "Cannot reach" not in shown

    # The command line says it in one line.
    monkeypatch.setattr("sys.stdin", io.StringIO(SAMPLE_PASSWORD + "\n"))
    args = ("login", "--url", helpdesk.url, "--user", "alice", "--password-stdin")
    code, err = run_cli(capsys, profile, *args)
    assert (code, err) == (1, f"fielddesk: {NOT_TRUSTED}\n")


@pytest.fixture
def ca_removed_after_sign_in(
    helpdesk: CompanyHelpdesk,
    company_laptop: None,
    profile: Profile,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Profile:
    """carol signed in while the CA was deployed; then a new laptop image dropped it."""
    sign_in(profile, helpdesk.url, "carol", helpdesk.rt.token("carol"), "token")
    deploy(tmp_path, monkeypatch, f"[helpdesk]\nurl = {helpdesk.url}\n")
    return profile


def test_sync_says_not_trusted_rather_than_offline_on_the_command_line(
    ca_removed_after_sign_in: Profile, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = run_cli(capsys, ca_removed_after_sign_in, "sync")
    assert (code, err) == (1, f"fielddesk: not connected: {NOT_TRUSTED}. Your changes are kept\n")


def test_sync_says_not_trusted_rather_than_offline_in_the_window(
    ca_removed_after_sign_in: Profile, qtbot: QtBot
) -> None:
    window = MainWindow(ca_removed_after_sign_in)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.sync_controller.finished, timeout=60_000) as finished:
        window.sync_action.trigger()
    report = finished.args[0]
    assert report.untrusted and not report.offline
    assert window.indicator.state is Connectivity.UNTRUSTED
    assert window.indicator.text.text().startswith("Helpdesk not trusted")
    assert window.banner.text.text() == f"Not synced: {NOT_TRUSTED}. Nothing was lost."


@pytest.mark.parametrize("auth", ["password", "token"])
@pytest.mark.parametrize("moved", ["moved-http", "moved-host"])
def test_a_redirect_to_http_or_another_host_gets_no_credentials(
    helpdesk: CompanyHelpdesk, company_laptop: None, auth: AuthKind, moved: str
) -> None:
    secret = SAMPLE_PASSWORD if auth == "password" else helpdesk.rt.token("alice")
    with pytest.raises(RedirectedError) as error:
        check_sign_in(f"{helpdesk.origin}/{moved}", "alice", secret, auth)

    if moved == "moved-http":
        assert str(error.value).startswith(
            f"the helpdesk at {helpdesk.origin}/moved-http redirects to the insecure address "
            f"http://127.0.0.1:{helpdesk.plain_http.port}/moved-http/"
        )
        assert "FieldDesk does not send your password or token there" in str(error.value)
    else:
        assert str(error.value) == (
            "the helpdesk answered with a redirect to "
            f"https://localhost:{helpdesk.other_host.port}/moved-host; sign in with that address"
        )
    # Nothing at all reached either redirect target: no token, no password, no cookie.
    assert helpdesk.plain_http.requests == []
    assert helpdesk.other_host.requests == []


def test_the_redirect_targets_would_have_recorded_a_request(helpdesk: CompanyHelpdesk) -> None:
    """Control: the capture servers answer (the other host over valid HTTPS)."""
    for url, verify in (
        (f"http://127.0.0.1:{helpdesk.plain_http.port}/probe", True),
        (f"https://localhost:{helpdesk.other_host.port}/probe", str(helpdesk.ca_file)),
    ):
        reply = requests.get(
            url, headers={"Authorization": "token probe"}, verify=verify, timeout=5
        )
        assert reply.status_code == 200
    assert [r.headers["Authorization"] for r in helpdesk.plain_http.requests] == ["token probe"]
    assert [r.headers["Authorization"] for r in helpdesk.other_host.requests] == ["token probe"]
    helpdesk.plain_http.requests.clear()
    helpdesk.other_host.requests.clear()
