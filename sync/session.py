"""A signed-in profile: its replica, its helpdesk connection and its sync lock.

The one place that wires store, account, connector and engine together, for
the CLI and the GUI alike.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from sync import dispatch, outbox
from sync.account import Account, AuthKind, load_account, save_account
from sync.attachments import SYNC_VISIT_BUDGET
from sync.clock_skew import skew_notice
from sync.connectors.addresses import helpdesk_address
from sync.connectors.rt import WIPE_FIELD, RTConnector, Scope
from sync.connectors.rt_auth import refused_at_sign_in
from sync.connectors.rt_http import Credentials, RTHttp
from sync.deployment import load_deployment
from sync.engine import Progress, SyncEngine, SyncReport
from sync.errors import AdminKitMissing, AuthError, SyncError
from sync.file_vault import remove_abandoned_writes, seal_legacy_files
from sync.helpdesk_zone import check_zone, helpdesk_zone, remember_zone
from sync.lock import ProfileLock
from sync.locked_replica import KEY_GONE, WHAT_IS_LOST, set_aside
from sync.lost_laptop import check_opening, deployed_policy, refuse_if_wiped
from sync.offline_limit import replica_standing
from sync.private_files import make_private
from sync.profile import Profile
from sync.profile_key import KeyMissing
from sync.profile_owner import refuse_another_users_data
from sync.profiles import sharing_account
from sync.pullers import Puller, default_pullers
from sync.pullers.team import TeamPuller
from sync.replica import open_profile_replica, open_replica
from sync.replica_mark import remember_replica
from sync.retention import purge_resolved
from sync.store import transaction
from sync.store.database import DiskFull
from sync.store.settings import get_setting, record_successful_sync, set_setting
from sync.store.users import set_user_details
from sync.wipe import WipePending, clear_wipe_notice, wipe_profile

if TYPE_CHECKING:
    import sqlite_utils

log = logging.getLogger(__name__)

CLIENT_ID_FIELDS = ("Client Request Id", "Client Ticket Id")
DOWNLOAD_CAP_SETTING = "attachments.max_download_mb"
DEFAULT_DOWNLOAD_MB = 20
ROAD_DOWNLOAD_MB = 2048  # "fetch everything": only absurd files stay behind


@dataclass(frozen=True)
class SignInResult:
    user: str
    real_name: str
    warnings: list[str]
    email: str = ""
    timezone: str = "UTC"
    technicians_group_id: int | None = None  # visible only to supervisors

    @property
    def supervisor(self) -> bool:
        """May dispatch: the board is shown."""
        return self.technicians_group_id is not None


def connect(
    account: Account,
    credentials: Credentials,
    timezone: str = "UTC",
    kb_class_id: int | None = None,
    scope: Scope = "owned",
) -> RTConnector:
    # Read at each connection: a CA file or retention IT deploys later applies without
    # a restart.
    deployment = load_deployment()
    http = RTHttp(account.url, credentials, ca_file=deployment.ca_file)
    return RTConnector(
        http,
        timezone=timezone,
        kb_class_id=kb_class_id,
        scope=scope,
        keep_resolved_days=deployment.policy.resolved_days,
    )


def check_sign_in(url: str, user: str, secret: str, auth: AuthKind) -> SignInResult:
    """Ask the helpdesk whether these credentials work; keeps nothing.

    The address is the one RT opens with (``helpdesk_address``: a pasted page or
    ``/REST/2.0`` is taken off); the result names the user as RT spells the name,
    whatever case was typed.
    """
    account = Account(url=helpdesk_address(url), user=user.strip(), auth=auth)
    credentials = (
        Credentials(account.user, token=secret)
        if auth == "token"
        else Credentials(account.user, password=secret)
    )
    connector = connect(account, credentials)
    try:
        remote = connector.current_user()
    except AuthError as refused:  # typed just now: not "changed since"
        raise refused_at_sign_in(refused) from None
    # From here on as RT spells the name: it compares owners and authors with it.
    connector.http.credentials = replace(credentials, user=remote.name)
    if connector.wipe_requested():
        raise WipePending(
            f"IT has asked for FieldDesk's data of {remote.name} to be wiped: ask them to "
            f"clear '{WIPE_FIELD}' on your user in RT before you sign in again"
        )
    problems = connector.admin_kit_problems()
    if any("queue" in p for p in problems):
        raise AdminKitMissing("; ".join(problems) + " (load the FieldDesk admin kit)")
    warnings = [f"the helpdesk lacks the {p}" for p in problems]
    write_warning = connector.write_path_warning()
    if write_warning:
        warnings.append(write_warning)
    if any(name in p for p in problems for name in CLIENT_ID_FIELDS):
        warnings.append(
            "without the admin kit's Client Request Id / Client Ticket Id fields FieldDesk "
            "recognises retried notes by their text only"
        )
    return SignInResult(
        remote.name,
        remote.real_name,
        warnings,
        remote.email,
        remote.timezone,
        connector.technicians_group_id(),
    )


def sign_in(profile: Profile, url: str, user: str, secret: str, auth: AuthKind) -> SignInResult:
    """Check the credentials with the helpdesk, then keep them (secret in the keyring).

    The account keeps the user as RT spells the name ("alice" when "Alice" was
    typed): the connection compares owners and authors of changes with it.
    """
    result = check_sign_in(url, user, secret, auth)
    account = Account(url=helpdesk_address(url), user=result.user, auth=auth)
    clear_wipe_notice(profile.ensure())
    # The replica first, then the account: a sign-in cut short (Ctrl-C, a shutdown) must
    # not leave an account beside an empty replica, which the next command would take
    # for a replica emptied outside FieldDesk (damaged).  Cut short before the account is
    # saved, the profile is not signed in and the next `login` opens the replica again.
    db = _replica_for_sign_in(profile, result)  # setting one aside takes the lock itself
    try:
        # Not while a sync of the profile runs: it would go on as the account it started with.
        with ProfileLock(profile.sync_lock_path):
            _keep_signed_in(profile, db, account, secret, result)
    finally:
        db.close()
    return result


def _keep_signed_in(
    profile: Profile,
    db: sqlite_utils.Database,
    account: Account,
    secret: str,
    result: SignInResult,
) -> None:
    refuse_another_users_data(profile, db, account)
    save_account(profile, account, secret)
    remember_replica(profile)  # as an opening marks it: from now on, a missing one is damage
    set_setting(db, "user", result.user)
    remember_zone(db, result.timezone)
    with transaction(db):
        set_user_details(db, result.user, result.real_name, result.email)
    dispatch.remember_role(db, result.technicians_group_id)


def _wipe_requested(connector: RTConnector) -> bool:
    """Whether IT set the wipe flag; a failing request is the engine's to report."""
    try:
        return connector.wipe_requested()
    except SyncError:
        return False


def _replica_for_sign_in(profile: Profile, result: SignInResult) -> sqlite_utils.Database:
    """The replica to sign in on: a fresh one when the keyring lost the old one's key."""
    try:
        return open_replica(profile)
    except KeyMissing:
        aside = set_aside(profile)
        result.warnings.append(
            f"{KEY_GONE}: the unreadable copy was set aside in {aside} and a fresh one is "
            f"filled by the next sync; {WHAT_IS_LOST}"
        )
        return open_replica(profile)


# Set once no stored file is left in plain: syncs stop opening every stored file to look
# (~0.4 s at 2 000 files after a reboot).  Only a FieldDesk from before encryption writes
# plain files, and it cannot open this encrypted replica; a replica made afresh lacks it.
LEGACY_FILES_SEALED = "files.legacy_sealed"


def seal_files_of_older_versions(db: sqlite_utils.Database, attachments_dir: Path) -> None:
    """Files an older FieldDesk stored in plain are encrypted before a sync, until none is
    left; writes a crash cut short are removed every time."""
    if get_setting(db, LEGACY_FILES_SEALED) == "1":
        remove_abandoned_writes(attachments_dir)
    elif seal_legacy_files(attachments_dir).left_plain == 0:
        set_setting(db, LEGACY_FILES_SEALED, "1")


class Session:
    """An open profile.  Opening applies IT's controls: a profile past the offline
    wipe limit, or wiped before, raises ProfileWiped; resolved visits past their
    retention leave."""

    def __init__(self, profile: Profile, *, updating: Callable[[], None] | None = None) -> None:
        """updating: called before an earlier FieldDesk's replica is updated."""
        self.profile = profile.ensure()
        refuse_if_wiped(self.profile)
        make_private(self.profile.root)  # a profile from before 0700/0600 is tightened on start
        self.db: sqlite_utils.Database = open_profile_replica(self.profile, updating=updating)
        try:
            self.policy = deployed_policy()
            self.standing = check_opening(self.profile, self.db, self.policy)
            self._forget_old_visits()
        except BaseException:
            self.db.close()  # a damaged replica is salvaged next: nothing may hold it open
            raise

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
            # As RT spells the name (kept at sign-in), also where an older FieldDesk kept
            # the account as typed ("Alice"): its secret stays in the keyring under that.
            account.credentials(rt_name=get_setting(self.db, "user")),
            helpdesk_zone(self.db),
            int(class_id) if class_id.isdigit() else None,
            "queue" if dispatch.is_supervisor(self.db) else "owned",
        )

    def sync(
        self,
        progress: Callable[[Progress], None] | None = None,
        cancel: threading.Event | None = None,
        *,
        for_the_road: bool = False,
    ) -> SyncReport:
        """One run; raises SyncBusy if another process is syncing this profile.

        ``for_the_road``: the technician asked for everything the next visits
        need, so attachments above the usual download cap are fetched too.
        """
        cap_mb = ROAD_DOWNLOAD_MB if for_the_road else self.max_download_mb
        with ProfileLock(self.profile.sync_lock_path):
            seal_files_of_older_versions(self.db, self.profile.attachments_dir)
            connector = self._connector_for_role()
            asked = connector.request_count
            check_zone(self.db, connector)  # once a day: the dates RT is sent land right
            wipe = _wipe_requested(connector)  # IT asked: send what the outbox holds, then wipe
            asked = connector.request_count - asked
            engine = SyncEngine(
                self.db,
                connector,
                progress=progress,
                cancel=cancel,
                attachments_dir=self.profile.attachments_dir,
                max_attachment_bytes=cap_mb * 1024 * 1024,
                visit_budget=None if for_the_road else SYNC_VISIT_BUDGET,
                pullers=[] if wipe else self._pullers(connector),
            )
            report = engine.run()
            report.requests += asked
            if wipe:
                return self._wipe_after(report)
            if report.in_touch:  # by the helpdesk's clock: the laptop's may be wrong
                record_successful_sync(self.db, engine.server_time)
                report.notices += filter(None, [skew_notice(connector.http.clock_skew)])
            if connector.known_class_id is not None:
                set_setting(self.db, "rt.kb_class_id", str(connector.known_class_id))
        self.policy = deployed_policy()
        self.standing = replica_standing(self.db, self.policy)
        report.tickets_removed += self._forget_old_visits()
        make_private(self.profile.root)  # whatever the run created with the umask's mode
        return report

    def _forget_old_visits(self) -> int:
        """IT's retention (sync.retention); on a full disk they stay until there is room."""
        try:
            return purge_resolved(self.db, self.profile.attachments_dir, self.policy.resolved_days)
        except DiskFull:
            log.warning("resolved visits kept for now: the disk is full")
            return 0

    def _wipe_after(self, report: SyncReport) -> SyncReport:
        """The outbox was sent as far as it could be: erase the profile (key first)."""
        unsent = len([row for row in outbox.rows(self.db) if row.state in outbox.OPEN_STATES])
        self.db.close()
        others = sharing_account(self.profile)  # read before this profile's account goes
        notice = wipe_profile(self.profile, "remote", unsent_lost=unsent)
        for other in others:  # the same user's data: IT asked for all of it
            try:
                wipe_profile(other, "remote")
            except OSError as error:  # its key is gone first: what stays is unreadable
                log.warning("another profile of this account was not wiped whole: %s", error)
        log.warning("profile wiped on the helpdesk's request: %d change(s) unsent", unsent)
        report.wiped = notice.message()
        return report

    def _connector_for_role(self) -> RTConnector:
        """The connector, after learning the role if no sign-in here asked it.

        A profile whose account was saved another way (the demo, an older
        version) would otherwise sync a supervisor as a technician.  Offline,
        the role stays unknown and the run reports the network as usual.
        """
        connector = self.connector()
        if dispatch.role_known(self.db):
            return connector
        try:
            supervisor = dispatch.detect_role(self.db, connector)
        except SyncError:
            return connector
        return self.connector() if supervisor else connector

    def _pullers(self, connector: RTConnector) -> list[Puller]:
        """What this profile pulls: a supervisor's also the team they assign to."""
        pullers = default_pullers()
        if dispatch.is_supervisor(self.db):
            pullers.append(TeamPuller(connector))
        return pullers
