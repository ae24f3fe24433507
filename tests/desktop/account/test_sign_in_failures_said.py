"""The sign-in window says why no answer came: here, a helpdesk name not found."""

from __future__ import annotations

import requests
from urllib3.exceptions import MaxRetryError, NameResolutionError

from desktop.account.sign_in import sign_in_problem
from sync.connectors.rt_http import _sign_in_failed
from sync.errors import OfflineError

URL = "https://helpdesk.example.com"


def test_a_name_not_found_at_sign_in_names_the_lookup_not_the_laptop() -> None:
    lookup = NameResolutionError("helpdesk.example.com", None, OSError("no such name"))  # type: ignore[arg-type]
    error = _sign_in_failed(requests.ConnectionError(MaxRetryError(None, URL, lookup)), URL)  # type: ignore[arg-type]
    said = sign_in_problem(error, URL)
    assert said.startswith("Cannot find the helpdesk's address (helpdesk.example.com)")
    assert "VPN" in said


def test_a_sign_in_cut_off_is_offline_for_the_sync_and_says_what_happened() -> None:
    error = _sign_in_failed(requests.ReadTimeout("read timed out"), URL)
    assert isinstance(error, OfflineError)  # the sync shows offline and tries again later
    assert "did not answer the sign-in: the helpdesk took too long to answer" in str(error)
