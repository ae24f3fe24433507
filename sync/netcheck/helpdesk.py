"""What a run needs from the profile: the helpdesk (for throughput) and IT's CA."""

from __future__ import annotations

from sync.account import NotSignedIn, load_account
from sync.deployment import load_deployment
from sync.netcheck.run import DEFAULT_TIMEOUT_S, Options
from sync.netcheck.throughput import helpdesk_file
from sync.profile import Profile


def options_for(
    profile: Profile | None, *, timeout_s: float = DEFAULT_TIMEOUT_S, throughput: bool = True
) -> Options:
    """Options trusting IT's ``ca_file``; throughput to the signed-in helpdesk when asked."""
    url = ""
    if profile is not None and throughput:
        try:
            url = helpdesk_file(load_account(profile).url)
        except NotSignedIn:
            url = ""  # no helpdesk known: no speed to measure
    return Options(timeout_s=timeout_s, throughput_url=url, ca_file=load_deployment().ca_file)
