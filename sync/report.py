"""What one sync run tells the user and the caller: progress while it runs, a report after."""

from __future__ import annotations

from dataclasses import dataclass, field

from sync.words import PHASE_WORDS


@dataclass(frozen=True)
class Progress:
    phase: str  # "push", "pull", "kb", "files"
    done: int
    total: int
    message: str  # what within the phase: shown to the user, never logged

    def line(self) -> str:
        """'Downloading visits: 137 of 510 — history': what the window's status bar and
        `fielddesk sync` show."""
        words = PHASE_WORDS.get(self.phase, self.phase)
        said = f"{words[:1].upper()}{words[1:]}: {min(self.done, self.total)} of {self.total}"
        return f"{said} — {self.message}" if self.message else said


@dataclass
class SyncReport:
    pushed: int = 0
    rejected: list[str] = field(default_factory=list)
    # Changes delivered with a part the helpdesk refused (a field set with a note).
    notices: list[str] = field(default_factory=list)
    conflicts: int = 0
    retry_later: int = 0
    tickets_pulled: int = 0
    tickets_removed: int = 0
    # Of those, the ones RT told more of, one sentence each: "#57 was merged into #58 on
    # the helpdesk." (deleted, out of sight, merged); the others are no longer the user's.
    visits_left: list[str] = field(default_factory=list)
    kept_with_unsent_changes: list[int] = field(default_factory=list)
    articles_pulled: int = 0
    related_pulled: int = 0
    assets_pulled: int = 0  # site inventory: assets new or changed
    files_fetched: int = 0
    files_held_back: int = 0  # past a visit's budget: on demand, or with Ready for the road
    requests: int = 0
    offline: bool = False
    auth_failed: bool = False
    untrusted: bool = False  # certificate not trusted, or the address redirects elsewhere
    cancelled: bool = False
    error: str | None = None
    next_try_in_s: float | None = None  # the helpdesk asked to wait this long (Retry-After)
    # The earliest a change in doubt (sent, its answer lost, not on the helpdesk yet) may
    # be sent again: a sync then looks once more and sends it if it is still missing.
    resend_in_s: float | None = None
    wiped: str | None = None  # IT wiped the profile after this run: what to tell the user
    # What the helpdesk lacks for a part of the pull (the KB's class renamed): that part
    # did not come down, the rest did; each is in ``error`` too.
    setup_missing: list[str] = field(default_factory=list)

    @property
    def in_touch(self) -> bool:
        """The run reached the helpdesk and did all it could: ok, or only a part of the
        pull the helpdesk's set-up lacks was left out.  The offline limit counts from
        such a run: a class renamed by IT must not lock a laptop that syncs every day."""
        missing_only = bool(self.setup_missing) and self.error == "; ".join(self.setup_missing)
        return self.ok or (
            missing_only
            and not (self.offline or self.auth_failed or self.untrusted or self.cancelled)
            and not self.wiped
        )

    @property
    def ok(self) -> bool:
        return not (
            self.offline
            or self.auth_failed
            or self.untrusted
            or self.cancelled
            or self.error
            or self.wiped
        )


class Cancelled(Exception):
    """The user cancelled the run; what was committed stays, the next run resumes."""
