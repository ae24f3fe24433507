"""Only the running command's sub-parser is built, and nothing the user sees changes."""

from __future__ import annotations

import pytest

from cli.parser import build_parser
from cli.parser_scope import running_command

COMMAND_LINES = [
    ["--profile", "/tmp/p", "visits"],
    ["--profile=/tmp/p", "visits", "--json"],
    ["--prof", "/tmp/p", "show", "7"],
    ["note", "7", "checked the router", "--time", "15", "--public"],
    ["status", "7", "resolved"],
    ["set", "7", "visit_start", "2026-12-02T09:00:00Z"],
    ["kb", "search", "printer offline", "--limit", "5"],
    ["outbox", "discard", "3", "--yes"],
    ["outbox"],
    ["checklist", "tick", "7", "1", "2"],
    ["timer", "stop", "7", "--kind", "travel", "--discard"],
    ["files", "7"],
    ["resolve", "7", "due", "mine"],
    ["gui"],
    [],
]


@pytest.mark.parametrize("argv", COMMAND_LINES, ids=" ".join)
def test_a_command_line_means_what_it_meant_with_every_command_built(argv: list[str]) -> None:
    whole = build_parser(None).parse_args(argv)
    assert build_parser(argv).parse_args(argv) == whole


def test_the_words_before_the_command_are_not_taken_for_it() -> None:
    assert running_command(["--profile", "visits", "sync"]) == "sync"  # a profile named visits
    assert running_command(["--pro", "visits", "sync"]) == "sync"  # argparse's abbreviation
    assert running_command(["--version"]) is None
    assert running_command(["--help", "visits"]) is None  # the whole program's help


def test_a_mistyped_command_still_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        build_parser(["vists"]).parse_args(["vists"])
    assert exited.value.code == 2
    error = capsys.readouterr().err
    assert "invalid choice: 'vists'" in error and "'visits'" in error and "'checklist'" in error


def test_the_programs_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser(["--help"]).parse_args(["--help"])
    shown = capsys.readouterr().out
    assert all(name in shown for name in ("visits", "kb", "checklist", "netcheck", "file"))


def test_a_commands_help_is_its_own(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser(["note", "--help"]).parse_args(["note", "--help"])
    shown = capsys.readouterr().out
    assert shown.startswith("usage: fielddesk note") and "--public" in shown
