"""A customer's mail delivered into the private RT as a mail server hands it over:
through ``rt-mailgate`` (RT's own gateway, from rt5-clients, which request-tracker5
needs), so RT parses and stores it exactly as it does a real customer's mail.
"""

from __future__ import annotations

import subprocess
from email import message_from_bytes

from devrt.instance import RunningRT
from sync.connectors.rt import FIELD_QUEUE
from tests.integration.rt_admin import run_perl


def let_anyone_mail_the_queue(rt: RunningRT) -> None:
    """What an RT administrator grants for mail from outside to open visits: senders
    RT does not know yet may create tickets in the field queue (the sample data grants
    it to no one, and a mail refused so makes no ticket and no error)."""
    run_perl(
        rt,
        f"""
my $queue = RT::Queue->new(RT->SystemUser);
$queue->Load('{FIELD_QUEUE}') or die "no queue";
my $everyone = RT::Group->new(RT->SystemUser);
$everyone->LoadSystemInternalGroup('Everyone') or die "no Everyone";
my ($ok, $msg) = $everyone->PrincipalObj->GrantRight(Right => 'CreateTicket', Object => $queue);
die "$msg\\n" unless $ok or $msg =~ /already/i;
""",
    )


def deliver_mail(rt: RunningRT, mail: bytes) -> int:
    """The ticket RT made of this mail (which needs a Message-ID of its own)."""
    message_id = str(message_from_bytes(mail)["Message-ID"]).strip().strip("<>")
    gateway = subprocess.run(
        ["rt-mailgate", "--url", f"{rt.url}/", "--queue", FIELD_QUEUE, "--action", "correspond"],
        input=mail,
        capture_output=True,
        check=False,
    )
    assert gateway.returncode == 0, gateway.stderr.decode(errors="replace")
    found = run_perl(
        rt,
        f"""
my $part = RT::Attachment->new(RT->SystemUser);
$part->LoadByCols(MessageId => '{message_id}');
die "RT made no ticket of the mail\\n" unless $part->id;
print $part->TransactionObj->ObjectId;
""",
    )
    return int(found)
