"""A signed-in profile: its replica, its helpdesk connection and its sync lock.

The one place that wires store, account, connector and engine together, for
the CLI and the GUI alike.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import sqlite_utils

from sync import dispatch
from sync.account import Account, AuthKind, load_account, save_account
from sync.connectors.rt import RTConnector, Scope
from sync.connectors.rt_http import Credentials, RTHttp
from sync.engine import Progress, SyncEngine, SyncReport
from sync.errors import AdminKitMissing, AuthError, OfflineError, SyncError
from sync.lock import ProfileLock
from sync.profile import Profile
from sync.store import open_database, transaction
from sync.store.settings import get_setting, set_setting
from sync.store.users import set_user_details

CLIENT_ID_FIELDS = ("Client Request Id", "Client Ticket Id")
DOWNLOAD_CAP_SETTING = "attachments.max_download_mb"
DEFAULT_DOWNLOAD_MB = 20


@dataclass(frozen=True)
class SignInResult:
    user: str
    real_name: str
    warnings: list[str]
    supervisor: bool = False  # may dispatch: the board is shown


def connect(
    account: Account,
    credentials: Credentials,
    timezone: str = "UTC",
    kb_class_id: int | None = None,
    scope: Scope = "owned",
) -> RTConnector:
    return RTConnector(
        RTHttp(account.url, credentials), timezone=timezone, kb_class_id=kb_class_id, scope=scope
    )


def sign_in(profile: Profile, url: str, user: str, secret: str, auth: AuthKind) -> SignInResult:
    """Check the credentials with the helpdesk, then keep them (secret in the keyring)."""
    account = Account(url=url.rstrip("/"), user=user, auth=auth)
    credentials = (
        Credentials(user, token=secret) if auth == "token" else Credentials(user, password=secret)
    )
    connector = connect(account, credentials)
    remote = connector.current_user()
    problems = connector.admin_kit_problems()
    if any("queue" in p for p in problems):
        raise AdminKitMissing("; ".join(problems) + " (load the FieldDesk admin kit)")
    warnings = [f"the helpdesk lacks the {p}" for p in problems]
    if any(name in p for p in problems for name in CLIENT_ID_FIELDS):
        warnings.append(
            "without the admin kit's Client Request Id / Client Ticket Id fields FieldDesk "
            "recognises retried notes by their text only"
        )
    save_account(profile.ensure(), account, secret)
    db = open_database(profile.database_path)
    set_setting(db, "user", remote.name)
    set_setting(db, "timezone", remote.timezone)
    with transaction(db):
        set_user_details(db, remote.name, remote.real_name, remote.email)
    supervisor = dispatch.detect_role(db, connector)
    db.close()
    return SignInResult(remote.name, remote.real_name, warnings, supervisor)


class Session:
    def __init__(self, profile: Profile) -> None:
        self.profile = profile.ensure()
        self.db: sqlite_utils.Database = open_database(profile.database_path)

    def close(self) -> None:
        self.db.close()

    @property
    def user(self) -> str:
        return get_setting(self.db, "user") or load_account(self.profile).user

    @property
    def max_download_mb(self) -> int:
        """Files above this size are not downloaded with a sync (fetched on demand)."""
        value = get_setting(self.db, DOWNLOAD_CAP_SETTING) or ""
        return int(value) if value.isdigit() else DEFAULT_DOWNLOAD_MB

    def connector(self) -> RTConnector:
        account = load_account(self.profile)
        class_id = get_setting(self.db, "rt.kb_class_id") or ""
        return connect(
            account,
            account.credentials(),
            get_setting(self.db, "timezone") or "UTC",
            int(class_id) if class_id.isdigit() else None,
            "queue" if dispatch.is_supervisor(self.db) else "owned",
        )

    def sync(
        self,
        progress: Callable[[Progress], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> SyncReport:
        """One run; raises SyncBusy if another process is syncing this profile."""
        with ProfileLock(self.profile.root / "sync.lock"):
            connector = self.connector()
            engine = SyncEngine(
                self.db,
                connector,
                progress=progress,
                cancel=cancel,
                attachments_dir=self.profile.attachments_dir,
                max_attachment_bytes=self.max_download_mb * 1024 * 1024,
            )
            report = engine.run()
            if report.ok and dispatch.is_supervisor(self.db):
                self._pull_team(connector, report)
            if connector.known_class_id is not None:
                set_setting(self.db, "rt.kb_class_id", str(connector.known_class_id))
            return report

    def _pull_team(self, connector: RTConnector, report: SyncReport) -> None:
        """The technicians a supervisor assigns to (a failure here fails the run softly)."""
        before = connector.request_count
        try:
            dispatch.pull_team(self.db, connector)
        except OfflineError as error:
            report.offline, report.error = True, str(error)
        except AuthError as error:
            report.auth_failed, report.error = True, str(error)
        except SyncError as error:
            report.error = str(error)
        report.requests += connector.request_count - before
