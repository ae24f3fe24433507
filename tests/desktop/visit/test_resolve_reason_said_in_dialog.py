"""Resolving with required checklist items open: the Status dialog itself says a reason
is needed and keeps "Set status" off until one is typed.

Before, "Set status" was on with the reason empty, and clicking it put the error in the
window's message bar, behind the dialog."""

from __future__ import annotations

import sqlite_utils
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.visit import VisitDetail
from desktop.visit.dialogs import StatusDialog
from sync.connectors.base import RemoteArticle
from sync.profile import Profile
from sync.store import checklists as checklist_store
from sync.store import outbox as outbox_store
from sync.store import transaction
from tests.desktop.visit import helpers
from tests.desktop.visit.local_visit import VISIT, local_db, local_panel, seed

__all__ = ["local_db"]  # the fixture, used by name

NEEDED = "Say why the required items are not done"


def add_required_checklist(db: sqlite_utils.Database) -> None:
    with transaction(db):
        checklist_store.remember_visit_types(db, VISIT, ("Printer",))
        checklist_store.apply_remote_templates(
            db,
            [RemoteArticle(9, "Printer", "", "Test print [required]", "2026-11-20T08:00:00Z",
                           disabled=False)],
        )  # fmt: skip
    checklist_store.ensure_checklists(db, VISIT)


def status_dialog(
    qtbot: QtBot, profile: Profile, db: sqlite_utils.Database
) -> tuple[VisitDetail, StatusDialog]:
    panel = local_panel(qtbot, profile, db)
    panel.work_actions["status"].trigger()
    dialog = panel.dialog
    assert isinstance(dialog, StatusDialog)
    dialog.choose("resolved")
    qtbot.keyClicks(dialog.resolution, "Fuser replaced.")
    dialog.sign_next.setChecked(False)
    return panel, dialog


def test_the_dialog_asks_for_the_reason_itself(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    seed(local_db)
    add_required_checklist(local_db)
    panel, dialog = status_dialog(qtbot, profile, local_db)
    assert not dialog.save_button.isEnabled(), "not without the reason"
    assert NEEDED in dialog.status.text(), "said in the dialog, beside its buttons"

    qtbot.keyClicks(dialog.reason, "customer needed the printer")
    assert dialog.save_button.isEnabled() and NEEDED not in dialog.status.text()
    helpers.save(qtbot, panel, dialog)
    assert [row.kind for row in outbox_store.rows(local_db)] == ["checklist", "note", "set_fields"]


def test_items_unticked_while_it_was_open_are_asked_in_the_dialog(
    qtbot: QtBot, profile: Profile, local_db: sqlite_utils.Database
) -> None:
    seed(local_db)
    _panel, dialog = status_dialog(qtbot, profile, local_db)
    assert dialog.save_button.isEnabled()
    add_required_checklist(local_db)  # the checklist came with a sync meanwhile

    dialog.submit()
    assert dialog.isVisible() and outbox_store.rows(local_db) == []
    assert NEEDED in dialog.status.text() and not dialog.save_button.isEnabled()
    assert dialog.reason.isVisibleTo(dialog) and "1 Test print" in dialog.warning.text()
    assert QApplication.focusWidget() is dialog.reason or dialog.focusWidget() is dialog.reason
    dialog.reject()
