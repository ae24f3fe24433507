"""What each way of proving who we are costs a request, on the patched RT.

    .venv/bin/python -m bench.auth_costs            # 30 requests of each kind
    .venv/bin/python -m bench.auth_costs --n 100
    .venv/bin/python -m bench.auth_costs --cost 12  # password and token hashed at RT's default cost

A private RT (devrt, whose hashes use bcrypt cost 8; ``--cost 12`` re-hashes
alice's password and gives her a new token at RT's default cost) is measured for:

- a read (GET a ticket) with the session cookie of a password sign-in, and with a token;
- a change (an internal comment) with the cookie + Origin (RT's own name), with the
  cookie + password when RT refuses the Origin (the laptop uses another name:
  here the same RT behind a forwarding proxy), and with a token.

The floor is the cookie read: no credential check at all on RT's side.
"""

from __future__ import annotations

import argparse
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

from bench._common import metric, print_metrics, summary_ms, timed, write_json
from devrt.instance import SAMPLE_PASSWORD, RTInstance, RunningRT
from sync.connectors.base import NoteRequest
from sync.connectors.rt import RTConnector
from sync.connectors.rt_http import Credentials, RTHttp
from tests.faults.proxy import FaultProxy
from tests.integration import rt_admin


def comment(connector: RTConnector, ticket_id: int) -> Callable[[], object]:
    return lambda: connector.add_note(
        NoteRequest(ticket_id, str(uuid.uuid4()), f"bench {uuid.uuid4().hex}")
    )


def read(connector: RTConnector, ticket_id: int) -> Callable[[], object]:
    return lambda: connector.http.get(f"ticket/{ticket_id}")


def rehash_alice(rt: RunningRT, cost: int) -> str:
    """Alice's password and a new token (her only one), hashed at this bcrypt cost."""
    return rt_admin.run_perl(
        rt,
        f"""
RT->Config->Set('BcryptCost', {int(cost)});
my $user = RT::User->new(RT->SystemUser);
$user->Load('alice');
my ($ok, $msg) = $user->SetPassword('{SAMPLE_PASSWORD}');
die $msg unless $ok;
my $tokens = RT::AuthTokens->new(RT->SystemUser);
$tokens->LimitOwner(VALUE => $user->Id);
while (my $old = $tokens->Next) {{ $old->Delete }}
my $token = RT::AuthToken->new(RT->SystemUser);
(my $made, $msg, my $auth) = $token->Create(Owner => $user->Id, Description => 'bench');
die $msg unless $made;
print $auth;
""",
    ).strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--cost", type=int, default=None, help="bcrypt cost of alice's secrets")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        instance = RTInstance(Path(folder) / "rt")
        rt = instance.up()
        token_string = rt.token("alice")
        if args.cost is not None:
            token_string = rehash_alice(rt, args.cost)
        try:
            with FaultProxy(rt.url) as alias:
                password = RTConnector(
                    RTHttp(rt.url, Credentials("alice", password=SAMPLE_PASSWORD))
                )
                aliased = RTConnector(
                    RTHttp(alias.url, Credentials("alice", password=SAMPLE_PASSWORD))
                )
                token = RTConnector(RTHttp(rt.url, Credentials("alice", token=token_string)))
                ticket = min(password.owned_ticket_ids())
                cases = {
                    "read, session cookie": read(password, ticket),
                    "read, token": read(token, ticket),
                    "change, cookie + Origin": comment(password, ticket),
                    "change, cookie + password (Origin refused)": comment(aliased, ticket),
                    "change, token": comment(token, ticket),
                }
                for run in cases.values():
                    run()  # sign in, warm the connection (and learn the Origin is refused)
                assert aliased.http.writes_need_password
                samples = {name: [timed(run) for _ in range(args.n)] for name, run in cases.items()}
        finally:
            instance.destroy()
    floor = summary_ms(samples["read, session cookie"])["p50_ms"]
    # Milliseconds, median; informational (no target): the docs quote them.
    rows = [
        metric(name, summary_ms(values)["p50_ms"], floor, "-", None)
        for name, values in samples.items()
    ]
    print_metrics(rows)
    write_json("auth_costs", {"n": args.n, "bcrypt_cost": args.cost or 8, "metrics": rows})


if __name__ == "__main__":
    main()
