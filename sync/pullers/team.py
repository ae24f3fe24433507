"""The technicians a supervisor assigns visits to (the dispatch board's rows)."""

from __future__ import annotations

from sync import dispatch
from sync.errors import RetryableError, SyncError
from sync.pullers.base import PullContext


class TeamPuller:
    name = "team"

    def __init__(self, connector: dispatch.TeamConnector) -> None:
        self.connector = connector  # the team needs group and user calls, beyond Connector

    def pull(self, ctx: PullContext) -> None:
        ctx.check_cancel()
        try:
            dispatch.pull_team(ctx.db, self.connector)
        except RetryableError:
            raise  # offline, busy: the run says so like any other
        except SyncError as error:
            # An odd answer about the group must not fail the technicians' sync.
            ctx.report.error = str(error)
