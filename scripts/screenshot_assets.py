"""Render docs/screenshots/asset-view.png (the Equipment screen, a printer's record open)
and docs/screenshots/asset-replace.png (its replace dialog, filled in on the visit).

    xvfb-run -a -s "-screen 0 1280x800x24" env PYTHONPATH=. .venv/bin/python \
        scripts/screenshot_assets.py [--dir docs/screenshots]

The replica is written here (a visit at a dental practice and the practice's
equipment, with history and tickets as a sync stores them): no helpdesk needed.
"""

from __future__ import annotations

import argparse
import tempfile
from datetime import date, timedelta
from pathlib import Path

import keyring
from PySide6.QtCore import QSize, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from sync.connectors.base import AssetTicket, AssetTransaction, RemoteAsset, RemoteTicket
from sync.profile import Profile
from sync.secrets import MemoryKeyring
from sync.store import assets as asset_store
from sync.store import open_database, transaction
from sync.store import tickets as ticket_store
from sync.store.users import set_user_details

SITE = "Acme Dental Clinic"
PEOPLE = {"alice": "Alice Moreau", "bob": "Bob Okafor", "dana": "Dana Whitfield"}
VISIT = 42
TODAY = date.today()


def day(days: int) -> str:
    return (TODAY + timedelta(days=days)).isoformat()


def asset(
    asset_id: int, name: str, model: str, serial: str, warranty: str, **more: str
) -> RemoteAsset:
    return RemoteAsset(
        id=asset_id,
        name=name,
        catalog=more.pop("catalog", "Field Equipment"),
        status=more.pop("status", "in-use"),
        model=model,
        serial=serial,
        warranty=warranty,
        last_updated="2026-11-20T08:00:00Z",
        site=SITE,
        purchase_date=more.pop("purchase_date", "2023-04-03"),
        held_by=more.pop("held_by", None),
        description=more.pop("description", None),
        ticket_ids=(VISIT, 31, 18) if asset_id == 7 else (),
    )


EQUIPMENT = [
    asset(
        7,
        "ACME-PRN-01",
        "HP LaserJet Pro M404dn",
        "VNB3K12345",
        day(119),
        held_by="Front desk",
        description="Reception, left of the counter",
    ),
    asset(8, "ACME-PRN-02", "HP LaserJet Pro M404dn", "VNB3K12877", day(-40), held_by="Surgery 2"),
    asset(9, "ACME-SW-01", "Cisco CBS250-24T", "FOC2419X0AB", day(21), held_by="Comms cupboard"),
    asset(10, "ACME-PC-04", "Dell OptiPlex 7010", "7HX2KQ3", day(610), held_by="Dr Patel"),
    asset(
        11,
        "ACME-PRN-03",
        "HP LaserJet Pro M404dn",
        "VNB3K13020",
        day(300),
        status="allocated",
        description="Spare, boxed in the store room",
    ),
]


def seed(db_path: Path) -> None:
    db = open_database(db_path)
    with transaction(db):
        for login, name in PEOPLE.items():  # as the people puller names them
            set_user_details(db, login, name, "")
        ticket_store.apply_remote_ticket(
            db,
            RemoteTicket(
                id=VISIT,
                etag="1",
                last_updated="2026-11-23T08:00:00Z",
                created="2026-11-20T08:00:00Z",
                queue="3",
                fields={
                    "subject": "Front-desk printer jams on every second page",
                    "status": "open",
                    "priority": "50",
                    "owner": "alice",
                    "due": None,
                    "site": SITE,
                    "address": "12 Harbour Road, Portsmouth",
                    "contact": "Julie Marsh, +44 23 9200 1234",
                    "visit_start": "2026-12-02T09:00:00Z",
                    "visit_end": None,
                    "parts_used": None,
                },
                requestors=[],
                time_worked=0,
            ),
        )
        for item in EQUIPMENT:
            asset_store.upsert_remote_asset(db, item, in_inventory=True)
        asset_store.apply_remote_assets(db, VISIT, [EQUIPMENT[0]])
        asset_store.apply_asset_tickets(
            db,
            EQUIPMENT[0],
            {
                VISIT: AssetTicket(
                    VISIT,
                    "Front-desk printer jams on every second page",
                    "open",
                    "alice",
                    "2026-11-20T08:00:00Z",
                ),
                31: AssetTicket(
                    31, "Toner smears on the left edge", "resolved", "bob", "2026-05-14T10:12:00Z"
                ),
                18: AssetTicket(
                    18,
                    "Printer offline after the router swap",
                    "resolved",
                    "alice",
                    "2026-02-03T15:40:00Z",
                ),
            },
        )
        asset_store.apply_history(
            db,
            [
                AssetTransaction(60, 7, "Create", "2023-04-03T10:00:00Z", "dana", None, None, None),
                AssetTransaction(
                    61, 7, "Status", "2023-04-05T09:12:00Z", "dana", "Status", "new", "in-use"
                ),
                AssetTransaction(
                    62,
                    7,
                    "AddLink",
                    "2026-02-03T15:41:00Z",
                    "alice",
                    None,
                    None,
                    "fsck.com-rt://example/ticket/18",
                ),
                AssetTransaction(
                    63,
                    7,
                    "AddLink",
                    "2026-05-14T10:13:00Z",
                    "bob",
                    None,
                    None,
                    "fsck.com-rt://example/ticket/31",
                ),
                AssetTransaction(
                    64,
                    7,
                    "Set",
                    "2026-05-14T11:02:00Z",
                    "bob",
                    "Warranty Expires",
                    "2026-03-31",
                    EQUIPMENT[0].warranty,
                ),
            ],
        )
    db.close()


def grab(widget: QWidget, out: Path) -> None:
    widget.grab().save(str(out))
    print(f"saved {out}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    keyring.set_keyring(MemoryKeyring())
    with tempfile.TemporaryDirectory() as home:
        profile = Profile(Path(home) / "alice").ensure()
        seed(profile.database_path)
        from desktop.app import application  # noqa: PLC0415 - Qt after the replica is ready
        from desktop.shell.main_window import MainWindow  # noqa: PLC0415
        from desktop.shell.window_place import size_for_picture  # noqa: PLC0415

        app = application()
        window = MainWindow(profile)
        size_for_picture(window, QSize(1280, 800))
        window.show()
        window.open_visit(VISIT)
        window.banner.hide()  # "Not signed in" belongs to this throw-away profile, not the screen
        window.show_page("assets")
        page = window.assets
        page.finder.box.setText("k12")  # a fragment read off a label

        def view() -> None:
            page.open_asset(7)
            QTimer.singleShot(400, shoot_view)

        def shoot_view() -> None:
            grab(window, args.dir / "asset-view.png")
            page.record.replace_button.click()
            dialog = page.asset_actions.dialog
            assert dialog is not None
            dialog.reason.setText("Fuser unit fault, HP case 5012-RMA")  # type: ignore[attr-defined]
            fields = dialog.fields.edits  # type: ignore[attr-defined]
            fields["name"].setText("ACME-PRN-04")
            fields["serial"].setText("VNB3K14410")
            fields["warranty"].setText(day(365))
            QTimer.singleShot(400, lambda: shoot_dialog(dialog))

        def shoot_dialog(dialog: QWidget) -> None:
            grab(dialog, args.dir / "asset-replace.png")
            dialog.close()
            window.close()
            QApplication.quit()

        QTimer.singleShot(600, view)
        app.exec()


if __name__ == "__main__":
    main()
