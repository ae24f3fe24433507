"""Build only the running command's sub-parser: the whole tree is a fifth of a listing's start.

``fielddesk`` has some forty commands and sub-commands; argparse builds each parser
with its arguments up front (20-50 ms), while a run uses one.  The command's word is
found in the arguments before parsing (``running_command``); the sub-parsers action
(``OneCommand``) then builds that command's parser and hands every other command a
stand-in that takes the same calls and builds nothing.  When in doubt -- no command
word, help asked for the whole program, a word that is no command -- everything is
built, so usage errors and ``--help`` read as they always did.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

# The only top-level option that takes a value (argparse also accepts its prefixes).
VALUE_OPTION = "--profile"
HELP = ("-h", "--help")


def running_command(argv: Sequence[str]) -> str | None:
    """The command word of argv ("visits" in ``--profile P visits --json``), or None."""
    words = iter(argv)
    for word in words:
        if word in HELP or word == "--":
            return None  # the whole program's help lists every command
        if word.startswith("-"):
            if "=" not in word and len(word) > 2 and VALUE_OPTION.startswith(word):
                next(words, None)  # --profile DIR (or --prof DIR): DIR is no command
            continue
        return word
    return None


class _NotRunning:
    """Stands in for the parser of a command that is not running: takes any call, keeps
    nothing, and stands in for whatever the call would have made (an argument, a group,
    a nested sub-parsers action, a sub-parser)."""

    def __getattr__(self, _name: str) -> Any:
        return self._take

    def _take(self, *_args: Any, **_kwargs: Any) -> _NotRunning:
        return self


class OneCommand(argparse._SubParsersAction):  # type: ignore[type-arg]
    """Sub-parsers that build only ``only``'s parser (all of them when only is None)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.only: str | None = None
        self.built_only = False

    def add_parser(self, name: str, **kwargs: Any) -> Any:
        if self.only is not None and name != self.only:
            return _NotRunning()
        self.built_only = self.only is not None
        return super().add_parser(name, **kwargs)


def build_only(sub: argparse.Action, command: str | None) -> None:
    """From now on sub builds only command's parser (None: every one)."""
    if isinstance(sub, OneCommand):
        sub.only = command


def complete(sub: argparse.Action) -> bool:
    """Whether the parser holding these sub-parsers can parse the run (see the module)."""
    return not isinstance(sub, OneCommand) or sub.only is None or sub.built_only
