"""No body freezes the window: hostile tickets and articles render in well under a second.

Issue 14: 25 nested tables (under 1 KB) never finished rendering, 5 000 nested
``div`` took 2.5 s, and the visit hung the GUI thread each time it was opened.
The bound here is generous (the target is 100 ms, measured by
``bench/hostile_render.py``) so a slow CI machine cannot flake it; without the
bounds the rendering does not finish at all, which the subprocess's timeout
turns into a failure instead of a hung suite.
"""

from __future__ import annotations

import subprocess

import pytest

from tests.desktop.common.hostile_html import CASES, Times, probe

BOUND_S = 1.0
TIMEOUT_S = 90


@pytest.fixture(scope="module")
def render_times() -> Times:
    try:
        return probe(list(CASES), timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        pytest.fail(f"rendering the hostile bodies did not finish in {TIMEOUT_S} s")


@pytest.mark.parametrize("case", list(CASES))
def test_a_hostile_body_renders_quickly_in_the_visit_and_the_reader(
    render_times: Times, case: str
) -> None:
    for where, seconds in render_times[case].items():
        assert max(seconds) < BOUND_S, f"{case} took {max(seconds):.2f} s in the {where}"
