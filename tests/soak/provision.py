"""The fleet's people and visits, made the way an RT administrator's script would.

One RT user per technician (``fleet01``, ``fleet02`` …) in the *Field Technicians*
group, with the sample password and an auth token, each owning a few of today's
visits in the field queue.  RT's own Perl API makes them in seconds; REST2 cannot
create users, group members or tokens.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from devrt.instance import RunningRT
from tests.integration.rt_admin import run_perl

SITES = ("Acme Dental Clinic", "Hartley & Finch Solicitors", "Solent Logistics", "Café Lumière")


@dataclass(frozen=True)
class FleetUser:
    name: str
    token: str
    tickets: tuple[int, ...]


def technician_name(number: int) -> str:
    return f"fleet{number:02d}"


def create_fleet(rt: RunningRT, technicians: int, tickets_each: int) -> list[FleetUser]:
    """Add the technicians and their visits to RT; returns them with their tokens."""
    names = [technician_name(i + 1) for i in range(technicians)]
    sites = ", ".join(f"'{s}'" for s in SITES)
    made = json.loads(
        run_perl(
            rt,
            f"""
use utf8;
use JSON ();
my $group = RT::Group->new(RT->SystemUser);
$group->LoadUserDefinedGroup('Field Technicians') or die "no technicians group";
my %cf;
for my $name ('Site', 'Contact', 'Visit Start', 'Visit End') {{
    my $field = RT::CustomField->new(RT->SystemUser);
    $field->LoadByCols(Name => $name, LookupType => 'RT::Queue-RT::Ticket', Disabled => 0);
    die "custom field $name missing" unless $field->Id;
    $cf{{$name}} = $field->Id;
}}
my @sites = ({sites});
my $midnight = time - time % 86400;
sub utc {{ my @t = gmtime(shift);
    sprintf('%04d-%02d-%02d %02d:%02d:00', $t[5] + 1900, $t[4] + 1, $t[3], $t[2], $t[1]) }}
my %made;
my $n = 0;
for my $name ({", ".join(f"'{n}'" for n in names)}) {{
    my $user = RT::User->new(RT->SystemUser);
    my ($id, $msg) = $user->Create(Name => $name, RealName => "Fleet technician $name",
        EmailAddress => "$name\\@fielddesk.test", Password => 'fielddesk', Privileged => 1);
    die "$name: $msg" unless $id;
    ($id, $msg) = $group->AddMember($user->PrincipalId);
    die "$name: $msg" unless $id;
    my $token = RT::AuthToken->new(RT->SystemUser);
    my ($ok, $why, $auth) = $token->Create(Owner => $user->Id, Description => 'fleet soak');
    die "$name token: $why" unless $ok;
    my @tickets;
    for my $k (1 .. {int(tickets_each)}) {{
        my $start = $midnight + (7 + 2 * $k) * 3600;
        my $site = $sites[$n++ % @sites];
        my $ticket = RT::Ticket->new(RT->SystemUser);
        my ($tid, undef, $err) = $ticket->Create(
            Queue => 'Field Service', Owner => $user->Id, Status => 'open',
            Subject => "$site: visit $k for $name",
            "CustomField-$cf{{'Site'}}" => $site,
            "CustomField-$cf{{'Contact'}}" => "Front desk, 023 9200 $k$k$k$k",
            "CustomField-$cf{{'Visit Start'}}" => utc($start),
            "CustomField-$cf{{'Visit End'}}" => utc($start + 5400),
        );
        die "ticket for $name: $err" unless $tid;
        push @tickets, $tid;
    }}
    $made{{$name}} = {{ token => $auth, tickets => \\@tickets }};
}}
print JSON->new->encode(\\%made);
""",
        )
    )
    return [FleetUser(n, made[n]["token"], tuple(made[n]["tickets"])) for n in names]
