"""Fields of an asset changed here (serial, model, warranty end, site...).

Sent as absolute values, merged field by field against what RT holds when it
is sent (``sync.changes.asset_write``): a field RT changed to a third value
meanwhile is recorded as a conflict, not overwritten; the other fields go.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

from sync.changes.asset_refs import asset_label, asset_ref, rt_asset_id
from sync.changes.asset_write import send_asset_fields
from sync.changes.kind import NotEditable, PushContext
from sync.connectors.base import ASSET_FIELDS
from sync.fields import ASSET_LABELS, ASSET_TEXT_MAX
from sync.serials import normalise_serial
from sync.store import assets as store
from sync.store.database import transaction
from sync.store.outbox import InvalidChange, OutboxRow, enqueue

if TYPE_CHECKING:
    import sqlite_utils

# The asset lifecycle of the admin kit ("field-assets").
ASSET_STATUSES = ("new", "allocated", "in-use", "rma", "retired", "recycled", "stolen", "deleted")
DATE_FIELDS = frozenset({"warranty", "purchase_date"})
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def validate_asset_field(name: str, value: str | None, catalog: str | None = None) -> str | None:
    """A value RT will keep as given, or InvalidChange naming what is wrong."""
    if name not in ASSET_FIELDS:
        known = ", ".join(ASSET_FIELDS)
        raise InvalidChange(f"'{name}' is not an asset field (one of: {known})")
    text = (value or "").strip() or None
    if name == "serial" and text:
        text = normalise_serial(text, catalog or "Field Equipment")
    if name == "name" and not text:
        raise InvalidChange("an asset needs a name")
    if name in ("name", "description") and text and len(text) > ASSET_TEXT_MAX:
        raise InvalidChange(
            f"{ASSET_LABELS[name]}: the helpdesk keeps {ASSET_TEXT_MAX} characters, this has "
            f"{len(text)}; shorten it"
        )
    if name in DATE_FIELDS and text:
        try:
            if not _DATE.match(text):
                raise ValueError
            date.fromisoformat(text)
        except ValueError:
            label = ASSET_LABELS[name]
            raise InvalidChange(f"{label}: '{text}' is not a date (YYYY-MM-DD)") from None
    if name == "status" and text not in ASSET_STATUSES:
        raise InvalidChange(f"status '{text}' is not one of {', '.join(ASSET_STATUSES)}")
    return text


def queue_asset_fields(
    db: sqlite_utils.Database,
    kind: str,
    asset_id: int,
    changes: dict[str, str | None],
    *,
    ticket_id: int | None = None,
    touch: str = "edited",
    detail: str | None = None,
    appends_note: bool = False,
) -> str:
    """Show the new values at once and queue them (one transaction); the base of
    each field is what RT held, for the merge at sending time.  ``appends_note``:
    the new description is the one the laptop shows with a line added."""
    with transaction(db):
        asset = store.get_asset_row(db, asset_id)
        if asset is None:
            raise InvalidChange(f"there is no asset {asset_id} on this laptop")
        clean = {k: validate_asset_field(k, v, asset.catalog) for k, v in changes.items()}
        clean = {k: v for k, v in clean.items() if v != getattr(asset, k)}
        if not clean:
            raise InvalidChange("nothing to change: the asset already holds these values")
        base = store.base_values(db, asset_id)
        if appends_note:  # the line goes on RT's description as it is when sent
            base["description"] = asset.description
        sets = ", ".join(f"{k} = ?" for k in clean)
        db.execute(f"UPDATE assets SET {sets} WHERE id = ?", [*clean.values(), asset_id])
        store.set_site_key(db, asset_id)
        uuid = enqueue(
            db,
            kind,
            ticket_id,
            {**asset_ref(db, asset_id), "fields": clean},
            {k: base.get(k) for k in clean},
        )
        if ticket_id is not None:
            said = detail or "; ".join(
                f"{ASSET_LABELS[k]} {getattr(asset, k) or '—'} → {v or '—'}"
                for k, v in clean.items()
            )
            store.record_touch(db, ticket_id, asset_id, touch, detail=said, outbox_uuid=uuid)
        return uuid


def edit_asset(
    db: sqlite_utils.Database,
    asset_id: int,
    changes: dict[str, str | None],
    *,
    ticket_id: int | None = None,
) -> str:
    """Change fields of an asset (on a visit: ``ticket_id``, for the report)."""
    return queue_asset_fields(db, KIND.name, asset_id, changes, ticket_id=ticket_id)


class AssetEditKind(NotEditable):
    name = "asset_edit"
    held_in_order = False
    appends_to_description = False  # see sync.changes.asset_write

    def describe(self, row: OutboxRow) -> str:
        fields: dict[str, Any] = row.payload.get("fields") or {}
        what = ", ".join(f"{ASSET_LABELS.get(k, k)} → {v or '—'}" for k, v in fields.items())
        return f"{asset_label(row.payload)}: {what}"

    def send(self, ctx: PushContext, row: OutboxRow) -> None:
        fields: dict[str, str | None] = dict(row.payload.get("fields") or {})
        send_asset_fields(
            ctx, row, rt_asset_id(ctx.db, row.payload), fields,
            appends_to_description=self.appends_to_description,
        )  # fmt: skip

    def undo(self, db: sqlite_utils.Database, row: OutboxRow) -> None:
        asset_id = int(row.payload["asset_id"])
        base = row.base or {}
        for name in row.payload.get("fields") or {}:
            if name in ASSET_FIELDS:
                db.execute(f"UPDATE assets SET {name} = ? WHERE id = ?", [base.get(name), asset_id])
        store.set_site_key(db, asset_id)
        store.forget_touches(db, row.uuid)


KIND = AssetEditKind()
