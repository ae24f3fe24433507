"""What one sync has to tell reaches the technician as one message: the window shows one
message at a time, and each used to hide the one before (a refusal under a notice, then
under news that faded), and a run that stopped never told its refusals at all."""

from __future__ import annotations

from desktop.common.messages import Level
from sync.engine import SyncReport
from tests.desktop.gui_helpers import Said
from tests.desktop.shell.test_helpdesk_busy import Window, clock, window

__all__ = ["clock", "window"]  # the fixtures, shared with the busy-helpdesk tests

REFUSED = "the helpdesk no longer shows you 'Parts used': ask the RT administrator"
NOTICE = "new ticket #88 (Badge reader): the helpdesk does not show you its Address"
LEFT = "#57 was merged into #58 on the helpdesk."


def test_a_refusal_a_notice_and_a_visit_gone_are_told_together(window: Window, said: Said) -> None:
    report = SyncReport(pushed=2, rejected=[REFUSED], notices=[NOTICE], visits_left=[LEFT])
    window.sync.controller.finished.emit(report)
    assert len(said.messages) == 1, said.texts()
    told = said.messages[0]
    assert told.level is Level.ERROR  # the gravest: it must not fade like news
    assert REFUSED in told.text and NOTICE in told.text and LEFT in told.text


def test_a_run_cut_off_still_tells_what_was_refused_before(window: Window, said: Said) -> None:
    report = SyncReport(offline=True, error="connection reset", rejected=[REFUSED])
    window.sync.controller.finished.emit(report)
    assert any(REFUSED in text for text in said.texts()), said.texts()


def test_sign_in_needed_and_a_refusal_are_both_told(window: Window, said: Said) -> None:
    report = SyncReport(auth_failed=True, error="the token was revoked", rejected=[REFUSED])
    window.sync.controller.finished.emit(report)
    assert len(said.messages) == 1, said.texts()
    assert "Sign in" in said.messages[0].text and REFUSED in said.messages[0].text
