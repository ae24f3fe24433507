"""What an RT administrator does on the server side, done with RT's own Perl API.

REST2 has no endpoints for rights, tokens or passwords; the tests change them
the way an admin's script would, against the private RT's database.
"""

from __future__ import annotations

import os
import subprocess

from devrt.instance import RunningRT
from devrt.packages import RT_LIB
from sync.connectors.rt import FIELD_QUEUE


def rt_env(rt: RunningRT) -> dict[str, str]:
    return dict(
        os.environ,
        RT_SITE_CONFIG=str(rt.root / "RT_SiteConfig.pm"),
        RT_SITE_CONFIG_DIR=str(rt.root / "site.d"),
    )


def run_perl(rt: RunningRT, body: str) -> str:
    """Run Perl with RT initialised against this instance; dies loudly on failure."""
    script = f"use strict; use warnings; use lib '{RT_LIB}'; use RT -init;\n{body}"
    result = subprocess.run(
        ["perl", "-e", script], env=rt_env(rt), capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


OWNER_ROLE = """my $role = $queue->RoleGroup('Owner') or die "no owner role";"""
TECHNICIANS = """my $role = RT::Group->new(RT->SystemUser);
$role->LoadUserDefinedGroup('Field Technicians') or die "no group";"""


def _queue_right(right: str, verb: str, holder: str = OWNER_ROLE) -> str:
    """Grant or revoke a right on the field queue (to its Owner role, or to ``holder``)."""
    return f"""
my $queue = RT::Queue->new(RT->SystemUser);
$queue->Load('{FIELD_QUEUE}') or die "no queue";
{holder}
my ($ok, $msg) = $role->PrincipalObj->{verb}(Right => '{right}', Object => $queue);
die "$msg\\n" unless $ok;
"""


def revoke_owner_rights(rt: RunningRT, *rights: str) -> None:
    """Take rights from every ticket owner in the field queue (as an admin would)."""
    for right in rights:
        run_perl(rt, _queue_right(right, "RevokeRight"))


def grant_owner_rights(rt: RunningRT, *rights: str) -> None:
    for right in rights:
        run_perl(rt, _queue_right(right, "GrantRight"))


def _user(name: str) -> str:
    return f"""
my $user = RT::User->new(RT->SystemUser);
$user->Load('{name}') or die "no user {name}";
"""


def set_user_disabled(rt: RunningRT, name: str, disabled: bool) -> None:
    run_perl(rt, _user(name) + f"$user->SetDisabled({int(disabled)});")


def set_password(rt: RunningRT, name: str, password: str) -> None:
    run_perl(
        rt, _user(name) + f"my ($ok, $msg) = $user->SetPassword('{password}'); die $msg unless $ok;"
    )


def revoke_token(rt: RunningRT, auth_string: str) -> None:
    """Revoke one auth token (RT: Settings → Auth Tokens → Revoke)."""
    run_perl(
        rt,
        f"""
my ($user_id, $secret) = RT::AuthToken->ParseAuthString('{auth_string}');
my $tokens = RT::AuthTokens->new(RT->SystemUser);
$tokens->LimitOwner(VALUE => $user_id);
my $revoked = 0;
while (my $token = $tokens->Next) {{
    next unless $token->IsToken($secret);
    my ($ok, $msg) = $token->Delete;
    die $msg unless $ok;
    $revoked++;
}}
die "no such token" unless $revoked;
""",
    )


def create_token(rt: RunningRT, name: str) -> str:
    return run_perl(
        rt,
        _user(name)
        + """
my $token = RT::AuthToken->new(RT->SystemUser);
my ($ok, $msg, $auth) = $token->Create(Owner => $user->Id, Description => 'test');
die $msg unless $ok;
print $auth;
""",
    ).strip()


def shred_ticket(rt: RunningRT, ticket_id: int) -> None:
    """Remove a ticket from RT's database for good (rt-shredder), not just mark it deleted."""
    dump = rt.root / f"shredded-{int(ticket_id)}.sql"
    result = subprocess.run(
        ["/usr/sbin/rt-shredder", "--plugin", f"Tickets=query,id = {int(ticket_id)}",
         "--force", "--sqldump", str(dump)],
        env=rt_env(rt), capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def grant_technicians(rt: RunningRT, *rights: str) -> None:
    """Give every field technician a right on the whole field queue (not only as owner)."""
    for right in rights:
        run_perl(rt, _queue_right(right, "GrantRight", TECHNICIANS))


def revoke_technicians(rt: RunningRT, *rights: str) -> None:
    for right in rights:
        run_perl(rt, _queue_right(right, "RevokeRight", TECHNICIANS))


def create_tickets(rt: RunningRT, owner: str, count: int) -> list[int]:
    """``count`` field visits owned by ``owner``, made in one go (as an import script would)."""
    out = run_perl(
        rt,
        f"""
for my $n (1 .. {int(count)}) {{
    my $ticket = RT::Ticket->new(RT->SystemUser);
    my ($id, $txn, $msg) = $ticket->Create(
        Queue => '{FIELD_QUEUE}', Subject => "Routine check $n", Owner => '{owner}');
    die "$msg\\n" unless $id;
    print "$id\\n";
}}
""",
    )
    return [int(line) for line in out.split()]


def add_comments(rt: RunningRT, ticket_ids: list[int], comments: int) -> None:
    """Comments made on the helpdesk, as its staff would ("Reading 3: toner at 3%")."""
    run_perl(
        rt,
        f"""
for my $id ({", ".join(str(int(t)) for t in ticket_ids)}) {{
    my $ticket = RT::Ticket->new(RT->SystemUser);
    $ticket->Load($id);
    for my $n (1 .. {int(comments)}) {{
        my ($ok, $msg) = $ticket->Comment(Content => "Reading $n: toner at $n%");
        die "$msg\\n" unless $ok;
    }}
}}
""",
    )


def delete_ticket(rt: RunningRT, ticket_id: int) -> None:
    """Delete a ticket the way RT's web UI does (Status 'deleted'; the row stays)."""
    run_perl(
        rt,
        f"""
my $ticket = RT::Ticket->new(RT->SystemUser);
$ticket->Load({int(ticket_id)}) or die "no ticket";
my ($ok, $msg) = $ticket->SetStatus('deleted');
die "$msg\\n" unless $ok;
""",
    )


def grant_catalog_rights(rt: RunningRT, catalog: str, group: str, *rights: str) -> None:
    """Give a group rights on an asset catalog (Admin > Assets > Catalogs > Group Rights)."""
    for right in rights:
        run_perl(
            rt,
            f"""
my $catalog = RT::Catalog->new(RT->SystemUser);
$catalog->Load('{catalog}') or die "no catalog";
my $group = RT::Group->new(RT->SystemUser);
$group->LoadUserDefinedGroup('{group}') or die "no group";
my ($ok, $msg) = $group->PrincipalObj->GrantRight(Right => '{right}', Object => $catalog);
die "$msg\\n" unless $ok;
""",
        )


def set_wipe_flag(rt: RunningRT, name: str, wipe: bool) -> None:
    """What an RT admin does for a lost laptop: the user's 'FieldDesk Wipe' set (or cleared)."""
    change = (
        "$user->AddCustomFieldValue(Field => $cf->Id, Value => 'Wipe')"
        if wipe
        else "$user->FirstCustomFieldValue($cf->Id)"
        " ? $user->DeleteCustomFieldValue(Field => $cf->Id, Value => 'Wipe') : (1, 'not set')"
    )
    run_perl(
        rt,
        _user(name)
        + f"""
my $cf = RT::CustomField->new(RT->SystemUser);
$cf->LoadByName(Name => 'FieldDesk Wipe', LookupType => 'RT::User') or die "no wipe field";
my ($ok, $msg) = {change};
die "$msg\\n" unless $ok;
""",
    )


def ticket_in_another_queue(rt: RunningRT, owner: str, subject: str) -> int:
    """A ticket of RT's General queue owned by ``owner`` (a field technician), who may
    work on it there as on a field visit (its Owner role holds the same rights)."""
    rights = "ShowTicket ShowTicketComments CommentOnTicket ModifyTicket SeeCustomField"
    out = run_perl(
        rt,
        f"""
my $queue = RT::Queue->new(RT->SystemUser);
$queue->Load('General') or die "no General queue";
my $role = $queue->RoleGroup('Owner') or die "no owner role";
my $technicians = RT::Group->new(RT->SystemUser);
$technicians->LoadUserDefinedGroup('Field Technicians') or die "no group";
for my $grant ([$role, qw({rights} ModifyCustomField)], [$technicians, 'OwnTicket']) {{
    my ($holder, @rights) = @$grant;
    for my $right (@rights) {{
        next if $holder->PrincipalObj->HasRight(Right => $right, Object => $queue);
        my ($ok, $msg) = $holder->PrincipalObj->GrantRight(Right => $right, Object => $queue);
        die "$msg\\n" unless $ok;
    }}
}}
my $ticket = RT::Ticket->new(RT->SystemUser);
my ($id, $txn, $msg) = $ticket->Create(
    Queue => 'General', Subject => '{subject}', Owner => '{owner}');
die "$msg\\n" unless $id;
print "$id\\n";
""",
    )
    return int(out.split()[-1])
