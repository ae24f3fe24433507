"""``fielddesk visits`` is read without argparse, and means exactly what argparse reads."""

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
]

# What argparse reads its own way (abbreviations, help, mistakes): left to it.
LEFT_TO_ARGPARSE = [
    [],
    ["visits", "--js"],
    ["--prof", "/tmp/p", "visits"],
    ["--profile", "-x", "visits"],
    ["--profile", "visits"],
    ["visits", "--json", "--json"],
    ["visits", "-h"],
    ["--json", "visits"],
    ["visits", "extra"],
    ["--version"],
    ["--self-test"],
    ["show", "7"],
]


@pytest.mark.parametrize("argv", QUICK, ids=" ".join)
def test_the_listing_reads_as_argparse_reads_it(argv: list[str]) -> None:
    quick = quick_args(argv)
    assert quick is not None
    assert vars(quick) == vars(build_parser(argv).parse_args(argv))


@pytest.mark.parametrize("argv", LEFT_TO_ARGPARSE, ids=lambda argv: " ".join(argv) or "none")
def test_every_other_command_line_is_left_to_argparse(argv: list[str]) -> None:
    assert quick_args(argv) is None
