"""Open conflicts as a Qt table model: one row per visit or asset field changed on both sides."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from desktop.common.field_names import field_label, local_time, visit_name
from desktop.common.rows import Index, RowsModel
from sync.asset_conflicts import AssetConflict
from sync.conflicts import Conflict
from sync.fields import ASSET_LABELS

AnyConflict = Conflict | AssetConflict

COLUMNS = ("Visit or equipment", "Field", "Found")
CONFLICT_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class ConflictsModel(RowsModel[AnyConflict]):
    COLUMNS = COLUMNS

    def __init__(self) -> None:
        super().__init__()
        self._subjects: dict[int, str] = {}

    def set_conflicts(self, conflicts: list[AnyConflict], subjects: dict[int, str]) -> None:
        self._subjects = dict(subjects)
        self.set_items(conflicts)

    def conflict_at(self, row: int) -> AnyConflict:
        return self.item_at(row)

    def row_of(self, conflict_id: int, kind: type[AnyConflict] = Conflict) -> int | None:
        """A visit's conflict by its id (``kind=AssetConflict``: an asset's)."""
        return self.row_where(lambda c: isinstance(c, kind) and c.id == conflict_id)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        conflict = self.item_for(index)
        if conflict is None:
            return None
        if role == CONFLICT_ID_ROLE:
            return conflict.id
        if role == Qt.ItemDataRole.DisplayRole:
            column = index.column()
            if isinstance(conflict, AssetConflict):
                if column == 0:
                    return f"⚙ {conflict.asset_name}"
                if column == 1:
                    return self.tr(ASSET_LABELS.get(conflict.field, conflict.field).capitalize())
                return local_time(conflict.created)
            if column == 0:
                return visit_name(conflict.ticket_id, self._subjects.get(conflict.ticket_id, ""))
            if column == 1:
                return self.tr(field_label(conflict.field))
            return local_time(conflict.created)
        return None
