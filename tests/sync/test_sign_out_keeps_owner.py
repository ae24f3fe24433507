"""Signing out of one profile, keeping its data: the data still has an owner IT's wipe
finds, and another profile signed in as the same user keeps its token."""

from __future__ import annotations

from pathlib import Path

from sync.account import Account, load_account, save_account
from sync.profile import Profile
from sync.profiles import list_profiles, sharing_account, sign_out
from sync.secrets import load_secret

URL = "https://helpdesk.example"
ALICE = Account(url=URL, user="alice", auth="token")


def signed_in(root: Path, account: Account = ALICE) -> Profile:
    profile = Profile(root).ensure()
    save_account(profile, account, f"{account.user}-token")
    profile.database_path.write_bytes(b"encrypted replica")  # the profile holds data
    return profile


def test_signing_out_of_one_profile_keeps_the_token_the_users_other_profile_syncs_with(
    tmp_path: Path,
) -> None:
    at_work, at_home = signed_in(tmp_path / "work"), signed_in(tmp_path / "home")

    sign_out(at_home, wipe=False)

    assert load_account(at_work).credentials().token == "alice-token"


def test_signing_out_of_the_users_last_profile_forgets_the_token(tmp_path: Path) -> None:
    at_work, at_home = signed_in(tmp_path / "work"), signed_in(tmp_path / "home")
    sign_out(at_home, wipe=True)

    sign_out(at_work, wipe=False)

    assert load_secret(URL, "alice") is None  # nothing left uses it


def test_the_users_wipe_finds_a_profile_signed_out_with_its_data_kept(tmp_path: Path) -> None:
    at_work, at_home = signed_in(tmp_path / "work"), signed_in(tmp_path / "home")
    bobs = signed_in(tmp_path / "bob", Account(url=URL, user="bob", auth="token"))
    sign_out(bobs, wipe=False)

    sign_out(at_home, wipe=False)

    assert [p.root for p in sharing_account(at_work)] == [at_home.root]


def test_the_profile_list_says_whose_a_signed_out_profile_is(tmp_path: Path) -> None:
    """The picker named it "default (not signed in)", and Bob pressed Open on Alice's."""
    at_work = signed_in(tmp_path / "work")
    sign_out(at_work, wipe=False)

    (listed,) = list_profiles(tmp_path)

    assert listed.label == "work (alice's, signed out: opens for alice)"
