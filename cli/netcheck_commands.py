"""``fielddesk netcheck``: the visit's network check for scripts and a terminal.

The same probes, history and evidence as the window (``sync.netcheck``).  With
``--visit`` the site's targets (its KB article, and those saved on this laptop)
are checked too, the run is kept for before/after, and ``--attach`` queues it
on the visit as an internal note with the JSON attached.  Exit 3 when a check
failed, so a script can tell.  A check this laptop may not run (ping without the
rights: "no rights") says nothing about the network: it is listed as not run,
its ``status`` in ``--json`` is "no rights", and it does not make the exit 3.
"""

from __future__ import annotations

import argparse
import sys

from cli.commands import NEEDS_ATTENTION
from cli.context import CommandError, Context, Output
from cli.netcheck_args import MAX_TIMEOUT_S
from cli.terminal import on_terminal, printable
from sync.changes.site_targets import save_and_share
from sync.netcheck import history, site_targets
from sync.netcheck.evidence import attach_run
from sync.netcheck.helpdesk import options_for
from sync.netcheck.report import any_failed, counts, table
from sync.netcheck.result import Cancel, ProbeResult
from sync.netcheck.run import plan, run_checks
from sync.netcheck.targets import Target, TargetError, parse_target
from sync.store import tickets as ticket_store


def _targets(lines: list[str]) -> list[Target]:
    try:
        return [parse_target(line) for line in lines]
    except TargetError as error:
        raise CommandError(str(error)) from None


def _progress(result: ProbeResult) -> None:
    if on_terminal(sys.stderr):
        print(printable(f"  {result.status:>9}  {result.target}  {result.figure}"), file=sys.stderr)


def cmd_netcheck(args: argparse.Namespace, ctx: Context) -> Output:
    given = _targets(args.targets)
    if not 0 < args.timeout <= MAX_TIMEOUT_S:
        raise CommandError(f"--timeout must be more than 0 and at most {MAX_TIMEOUT_S:.0f} s")
    if (args.attach or args.save_targets) and args.visit is None:
        raise CommandError("--attach and --save-targets need --visit ID")
    site, targets, session = "", given, None
    if args.visit is not None:
        session = ctx.session
        visit = ticket_store.get_visit(session.db, args.visit)
        if visit is None:
            raise CommandError(f"there is no visit #{args.visit} on this laptop")
        site = visit.site or ""
        if args.save_targets:
            mine = site_targets.saved_targets(session.db, site)
            save_and_share(session.db, site, mine + given)
        known = site_targets.site_targets(session.db, site)
        targets = known + [t for t in given if t.text not in {k.text for k in known}]
    options = options_for(ctx.profile, timeout_s=args.timeout, throughput=not args.no_speed)
    run = run_checks(
        plan(targets, options), options, Cancel(), on_result=lambda _i, r: _progress(r)
    )
    run.site, run.ticket_id = site, args.visit
    lines = [f"Network check{f' at {site}' if site else ''}: {counts(run)}", "", table(run.results)]
    data = run.as_json()
    if session is not None:
        run_id = history.save_run(session.db, run)
        data["run_id"] = run_id
        if args.attach:
            data["note_uuid"] = attach_run(
                session.db, ctx.profile.attachments_dir, run_id, args.visit, author=session.user
            )
            lines.append(f"\nAttached to #{args.visit}; it will be sent at the next sync.")
    return Output(data, "\n".join(lines), NEEDS_ATTENTION if any_failed(run) else 0)
