"""``fielddesk visits`` and the window's command line are read without argparse, and mean
exactly what argparse reads."""

from __future__ import annotations

import pytest

from cli.parser import build_parser
from cli.quick_args import quick_args

QUICK = [
    ["visits"],
    ["visits", "--json"],
    ["--profile", "/tmp/p", "visits"],
    ["--profile", "/tmp/p", "visits", "--json"],
    ["--profile=/tmp/p", "visits"],
    ["--profile=-odd", "visits", "--json"],
    ["--profile", "", "visits"],
    ["--profile=", "visits"],
    ["--profile", "visits", "visits"],  # a profile folder called visits
    # The window's: no command word, or gui.
    [],
    ["gui"],
    ["--profile", "/tmp/p"],
    ["--profile", "/tmp/p", "gui"],
    ["--profile=/tmp/p", "gui"],
    ["--profile", "visits"],  # a profile folder called visits, and the window
    ["--profile", "gui", "gui"],
]

# What argparse reads its own way (abbreviations, help, mistakes): left to it.
LEFT_TO_ARGPARSE = [
    ["visits", "--js"],
    ["--prof", "/tmp/p", "visits"],
    ["--profile", "-x", "visits"],
    ["visits", "--json", "--json"],
    ["visits", "-h"],
    ["--json", "visits"],
    ["visits", "extra"],
    ["--version"],
    ["--self-test"],
    ["show", "7"],
    ["gui", "--screenshot", "window.png"],
    ["gui", "--json"],
    ["gui", "-h"],
    ["gui", "gui"],
    ["--profile"],
    ["--profile", "-x"],
    ["--prof", "/tmp/p", "gui"],
]


@pytest.mark.parametrize("argv", QUICK, ids=lambda argv: " ".join(argv) or "none")
def test_the_listing_reads_as_argparse_reads_it(argv: list[str]) -> None:
    quick = quick_args(argv)
    assert quick is not None
    assert vars(quick) == vars(build_parser(argv).parse_args(argv))


@pytest.mark.parametrize("argv", LEFT_TO_ARGPARSE, ids=lambda argv: " ".join(argv) or "none")
def test_every_other_command_line_is_left_to_argparse(argv: list[str]) -> None:
    assert quick_args(argv) is None
