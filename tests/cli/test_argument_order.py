"""A command's options may come before its text as well as after (``note 42 --time 5 "text"``),
and a usage mistake shows the command's own usage.  No helpdesk needed."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.parser import build_parser
from sync import outbox
from sync.profile import Profile
from sync.store import open_database
from sync.store.settings import set_setting
from tests.cli.runner import run
from tests.hostile_replica import VISIT_ID, hostile_replica

# Each command line, options last, then the same options before the free text.
SAME_MEANING = [
    (["note", "1", "Printer fixed", "--public"], ["note", "1", "--public", "Printer fixed"]),
    (["note", "3", "text", "--time", "5"], ["note", "3", "--time", "5", "text"]),
    (["note", "3", "-", "--json"], ["note", "3", "--json", "-"]),
    (["config", "key", "5", "--json"], ["config", "key", "--json", "5"]),
    (["netcheck", "a", "b", "--timeout", "1"], ["netcheck", "a", "--timeout", "1", "b"]),
    (
        ["checklist", "tick", "4", "1", "2", "--undo"],
        ["checklist", "tick", "4", "1", "--undo", "2"],
    ),
    (["kb", "search", "paper jam", "--limit", "3"], ["kb", "search", "--limit", "3", "paper jam"]),
]


def parsed(argv: list[str]) -> dict[str, object]:
    return vars(build_parser(argv).parse_args(argv))


@pytest.mark.parametrize(("after", "before"), SAME_MEANING, ids=" ".join)
def test_options_before_the_text_mean_what_they_mean_after_it(
    after: list[str], before: list[str]
) -> None:
    assert parsed(before) == parsed(after)


def test_text_after_a_double_dash_is_text_even_if_it_looks_like_an_option() -> None:
    assert parsed(["note", "1", "--time", "5", "--", "--public"])["text"] == "--public"


@pytest.mark.parametrize(
    ("argv", "usage"),
    [
        (["note", "1", "two", "texts"], "usage: fielddesk note "),
        (["kb", "search", "paper", "jam"], "usage: fielddesk kb search "),
        (["sync", "now"], "usage: fielddesk sync "),
    ],
)
def test_an_unknown_argument_shows_the_commands_usage(
    argv: list[str], usage: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        build_parser(argv).parse_args(argv)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(usage) and f"unrecognized arguments: {argv[-1]}" in err


def test_a_public_note_with_its_option_first_is_saved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = Profile(tmp_path / "profile").ensure()
    visit = hostile_replica(profile.database_path, profile.attachments_dir)
    set_setting(visit.db, "user", "alice")
    visit.db.close()

    code, out, err = run(
        capsys, profile.root, "note", str(VISIT_ID), "--public", "--time", "5", "Printer fixed"
    )

    assert code == 0, err
    assert out.startswith(f"Reply saved on #{VISIT_ID}")
    db = open_database(profile.database_path)
    [row] = outbox.rows(db)
    db.close()
    assert (row.payload["content"], row.payload["public"], row.payload["time_taken"]) == (
        "Printer fixed",
        True,
        5,
    )
