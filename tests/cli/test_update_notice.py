"""The first command after an update of FieldDesk that must update the profile's local
data says so on stderr before it waits (seconds with a large KB), and only that once;
its output on stdout stays the command's alone, so a script reading --json is not
disturbed."""

from __future__ import annotations

import json

import pytest

from sync.profile import Profile
from sync.replica import open_replica
from tests.cli.runner import run
from tests.sync.older_replica import before_the_search_forms_with_a_japanese_article

NOTICE = "Updating this profile's local data for the new version of FieldDesk"


@pytest.fixture
def left_by_an_earlier_release(profile: Profile) -> Profile:
    """A replica from before the KB's forms in other scripts, with a Japanese article."""
    before_the_search_forms_with_a_japanese_article(profile.database_path)
    return profile


def test_the_first_command_says_it_updates_and_the_next_does_not(
    left_by_an_earlier_release: Profile, capsys: pytest.CaptureFixture[str]
) -> None:
    root = left_by_an_earlier_release.root
    code, out, err = run(capsys, root, "visits", "--json")
    assert code == 0, err
    assert NOTICE in err
    assert "done once" in err
    assert json.loads(out) == []  # stdout is the command's output alone

    code, out, err = run(capsys, root, "kb", "search", "プリンター")
    assert code == 0, err
    assert "プリンターが印刷できない" in out  # found through the updated index
    assert NOTICE not in err


def test_a_replica_of_this_release_opens_without_a_word(
    profile: Profile, capsys: pytest.CaptureFixture[str]
) -> None:
    open_replica(profile).close()
    code, _, err = run(capsys, profile.root, "visits")
    assert code == 0
    assert err == ""
