"""The command lines run most often, read without argparse: ``fielddesk visits`` and
the window's (``fielddesk``, ``fielddesk gui``, each with ``--profile DIR``).

Importing argparse and building its parser (with the terminal-size and locale
look-ups each argument's help check makes) is ~8 ms of the listing's cold start;
with no command word (a double-click on ``fielddesk``) argparse builds every
command's parser.  ``quick_args`` takes the few exact forms of those command lines
and returns what argparse would; any other command line, including every mistake
and every abbreviation argparse accepts, is left to argparse (``cli.parser``), so
nothing a user sees changes.  ``tests/cli/test_quick_args.py`` compares the two.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from argparse import Namespace
else:  # an attribute holder as argparse's is; the handlers only read attributes
    from types import SimpleNamespace as Namespace

VISITS_HANDLER = "cli.listing_commands:cmd_visits"
PROFILE = "--profile"


def quick_args(argv: Sequence[str]) -> Namespace | None:
    """argparse's answer for ``[--profile DIR] visits [--json]`` and ``[--profile DIR]
    [gui]``, or None: ask argparse."""
    words = list(argv)
    profile = None
    if words and words[0].startswith(PROFILE + "="):
        profile = Path(words.pop(0).removeprefix(PROFILE + "="))
    elif len(words) >= 2 and words[0] == PROFILE and not words[1].startswith("-"):
        profile = Path(words[1])
        del words[:2]
    common = {"version": None, "self_test": False, "profile": profile}
    if words in (["visits"], ["visits", "--json"]):
        return Namespace(**common, command="visits", json=len(words) == 2, handler=VISITS_HANDLER)
    if words == ["gui"]:
        return Namespace(**common, command="gui", screenshot=None)
    if not words:  # the window too (argparse gives no screenshot then)
        return Namespace(**common, command=None)
    return None
