"""Every asset action, from the Equipment screen or from a visit: its dialog, its write.

Each write is one call into ``sync.assets`` (one transaction, one outbox change,
durable when it returns); ``saved`` then tells the window, which refreshes the
counts and unsent marks and schedules a sync, as for any other local change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QWidget

from desktop.assets.dialogs import (
    AssetFieldsDialog,
    LinkAssetDialog,
    ReplaceDialog,
    Replacement,
    RetireDialog,
)
from desktop.common.action_dialog import VisitRef
from desktop.common.messages import MessageBridge
from desktop.common.user_errors import attempt
from sync import assets
from sync.store import tickets as ticket_store

if TYPE_CHECKING:
    import sqlite_utils


class AssetActions(QObject):
    saved = Signal(int)  # the asset written (a new one: its temporary id)

    def __init__(self, db: sqlite_utils.Database, messages: MessageBridge, parent: QWidget) -> None:
        super().__init__(parent)
        self.db = db
        self.messages = messages
        self.owner = parent  # its window carries the dialogs
        self.dialog: QDialog | None = None  # the one open now (the tests reach it)

    # -- opening the dialogs ----------------------------------------------------------
    def add(self, visit_id: int) -> None:
        visit = ticket_store.get_visit(self.db, visit_id)
        site = visit.site or "" if visit else ""

        def save(fields: dict[str, str | None]) -> bool:
            return self._write(
                lambda: assets.add_asset(self.db, fields, ticket_id=visit_id),
                self.tr("Equipment added to visit #{n}; it goes to the helpdesk at the next sync"),
                visit_id,
            )

        self._open(
            AssetFieldsDialog(None, site, self._visit_ref(visit_id), save, self.owner.window())
        )

    def edit(self, asset_id: int, visit_id: int | None = None) -> None:
        asset = self._asset(asset_id)
        if asset is None:
            return

        def save(changes: dict[str, str | None]) -> bool:
            if not changes:
                self.messages.info(self.tr("Nothing changed"))
                return True
            return self._write(
                lambda: assets.edit_asset(self.db, asset_id, changes, ticket_id=visit_id),
                self.tr("{name} saved; it goes to the helpdesk at the next sync").format(
                    name=asset.name
                ),
                asset_id,
            )

        self._open(
            AssetFieldsDialog(asset, "", self._visit_ref(visit_id), save, self.owner.window())
        )

    def replace(self, asset_id: int, visit_id: int | None) -> None:
        asset = self._asset(asset_id)
        if asset is None:
            return
        if visit_id is None:
            self.messages.warning(
                self.tr("A replacement is done on a visit: select the visit in My visits first")
            )
            return

        def save(values: Replacement) -> bool:
            return self._write(
                lambda: assets.replace_asset(
                    self.db,
                    visit_id,
                    asset_id,
                    note=values.note,
                    new_fields=values.new_fields,
                    new_id=values.new_id,
                    old_status=values.old_status,
                ),
                self.tr(
                    "{name} replaced on visit #{n}; it goes to the helpdesk at the next sync"
                ).format(name=asset.name, n=visit_id),
                None,
            )

        self._open(
            ReplaceDialog(self.db, asset, self._visit_ref(visit_id), save, self.owner.window())
        )

    def retire(self, asset_id: int, visit_id: int | None = None) -> None:
        asset = self._asset(asset_id)
        if asset is None:
            return

        def save(reason: str) -> bool:
            return self._write(
                lambda: assets.retire_asset(self.db, asset_id, reason, ticket_id=visit_id),
                self.tr("{name} retired; it goes to the helpdesk at the next sync").format(
                    name=asset.name
                ),
                asset_id,
            )

        self._open(RetireDialog(asset, self._visit_ref(visit_id), save, self.owner.window()))

    def pick_and_link(self, visit_id: int) -> None:
        visit = ticket_store.get_visit(self.db, visit_id)

        def save(asset_id: int | None) -> bool:
            if asset_id is None:
                self.messages.error(self.tr("Find the equipment first, then link it"))
                return False
            return self.link(asset_id, visit_id)

        site = visit.site or "" if visit else ""
        self._open(
            LinkAssetDialog(self.db, site, self._visit_ref(visit_id), save, self.owner.window())
        )

    def link(self, asset_id: int, visit_id: int) -> bool:
        return self._write(
            lambda: assets.link_asset(self.db, visit_id, asset_id),
            self.tr("Linked to visit #{n}; it goes to the helpdesk at the next sync").format(
                n=visit_id
            ),
            asset_id,
        )

    # -- helpers -----------------------------------------------------------------------
    def _asset(self, asset_id: int) -> assets.Asset | None:
        detail = assets.get_asset(self.db, asset_id)
        if detail is None:
            self.messages.error(self.tr("That equipment is no longer on this laptop"))
            return None
        return detail.asset

    def _visit_ref(self, visit_id: int | None) -> VisitRef | None:
        visit = ticket_store.get_visit(self.db, visit_id) if visit_id is not None else None
        return VisitRef.of(visit) if visit is not None else None

    def _open(self, dialog: QDialog) -> None:
        if self.dialog is not None:
            self.dialog.reject()
        self.dialog = dialog
        dialog.finished.connect(lambda _code: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _write(self, action: Callable[[], Any], saved: str, asset_id: int | None) -> bool:
        marker = object()
        result = attempt(self.messages, lambda: action() or marker, saved=saved)
        if result is None:
            return False
        written = result if isinstance(result, int) else asset_id
        self.saved.emit(written if written is not None else 0)
        return True
