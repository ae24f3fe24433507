"""Counts read as English: "1 visit", "2 visits", never "visit(s)"."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desktop.account.sign_out import SignOutDialog
from sync.words import plural, size_text

ROOT = Path(__file__).resolve().parents[3]


def user_facing_strings(path: Path) -> list[tuple[int, str]]:
    """Every string literal of a module except docstrings (comments are not strings)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


@pytest.mark.parametrize("package", ["desktop", "cli"])
def test_no_text_says_s_in_brackets(package: str) -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for path in sorted((ROOT / package).rglob("*.py"))
        for line, text in user_facing_strings(path)
        if "(s)" in text.replace("http(s)", "")
    ]
    assert not found, "\n".join(found)


def test_plural_picks_the_form_by_the_count() -> None:
    assert plural(0, "visit", "visits") == "0 visits"
    assert plural(1, "visit", "visits") == "1 visit"
    assert plural(2, "change has", "changes have") == "2 changes have"
    assert plural(1200, "request", "requests") == "1,200 requests"


def test_signing_out_counts_one_change_in_the_singular(qtbot: QtBot) -> None:
    dialog = SignOutDialog("alice at https://helpdesk.example", ["Note on #3"])
    qtbot.addWidget(dialog)
    shown = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "1 change has not reached the helpdesk yet" in shown


@pytest.mark.parametrize(
    ("chars", "said"),
    [(0, "1 KB"), (999, "1 KB"), (12_345, "12 KB"), (999_999, "999 KB"), (5_400_000, "5.4 MB")],
)
def test_a_size_reads_in_kb_or_mb_never_zero(chars: int, said: str) -> None:
    assert size_text(chars) == said
