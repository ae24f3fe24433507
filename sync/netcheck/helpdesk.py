"""What a run needs from the profile: the helpdesk (for throughput) and IT's CA."""

from __future__ import annotations

from sync.account import NotSignedIn, load_account
from sync.deployment import load_deployment
from sync.netcheck.run import DEFAULT_TIMEOUT_S, Options
from sync.netcheck.throughput import helpdesk_file
from sync.profile import Profile


def speed_test_url(profile: Profile | None) -> str:
    """The helpdesk's test file, or "" when no helpdesk is known (not signed in)."""
    if profile is None:
        return ""
    try:
        return helpdesk_file(load_account(profile).url)
    except NotSignedIn:
        return ""


def options_for(
    profile: Profile | None, *, timeout_s: float = DEFAULT_TIMEOUT_S, throughput: bool = True
) -> Options:
    """Options trusting IT's ``ca_file``; throughput to the signed-in helpdesk when asked.

    Raises DeploymentError when IT's deployed settings name a CA file that cannot be used.
    """
    return Options(
        timeout_s=timeout_s,
        throughput_url=speed_test_url(profile) if throughput else "",
        ca_file=load_deployment().ca_file,
    )
